#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "core/utf8.h"
#include "reporter/markdown.h"
#include "reporter/present.h"

/* How many first frames a cell names before "and N more". */
enum { MARKDOWN_FIRST_FRAMES = 3 };

/* The characters of a GitHub comment: it refuses a longer one. */
#define MARKDOWN_COMMENT_LIMIT 65536

/* The note that says how many calls' stacks were left out. */
#define MARKDOWN_LEFT_OUT "\n*The stacks of %zu more call%s are left out, to keep " \
	"this under the 65,536 characters of a GitHub comment: the text format " \
	"shows them all.*\n"

void
markdown_code(FILE *out, const char *text)
{
	char *shown = utf8_escape(text);

	fputc('`', out);
	for (const char *c = shown; *c != '\0'; c++) {
		if (*c == '|')
			fputc('\\', out);
		/* A backtick would end the span early. */
		fputc(*c == '`' ? '\'' : *c, out);
	}
	fputc('`', out);
	free(shown);
}

void
markdown_text(FILE *out, const char *text)
{
	char *shown = utf8_escape(text);

	for (const char *c = shown; *c != '\0'; c++) {
		if (strchr("\\`*|<>[]", *c) != NULL)
			fputc('\\', out);
		fputc(*c, out);
	}
	free(shown);
}

/* Names as code spans, notes and words in place of a frame in italics. */
static const struct present_style markdown_style = {
	markdown_code, " *(", ")*", "*", "*",
};

void
markdown_first_frames(FILE *out, struct symbolizer *s, const struct profile_call *call)
{
	size_t n;
	struct present_first *v = present_first_frames(s, call, &n);

	if (n == 0)
		fputs("*no stack recorded*", out);
	for (size_t i = 0; i < n && i < MARKDOWN_FIRST_FRAMES; i++) {
		if (i > 0)
			fputs("<br>", out);
		present_first_print(out, &v[i], &markdown_style);
		if (n > 1)
			fprintf(out, " (%" PRIu64 ")", v[i].count);
	}
	if (n > MARKDOWN_FIRST_FRAMES)
		fprintf(out, "<br>*and %zu more*", n - MARKDOWN_FIRST_FRAMES);
	free(v);
}

void
markdown_part_begin(struct markdown_part *p)
{
	p->text = NULL;
	p->f = open_memstream(&p->text, &p->size);
	if (p->f == NULL)
		msg_fatal("out of memory");
}

void
markdown_part_end(struct markdown_part *p)
{
	if (fclose(p->f) != 0)
		msg_fatal("out of memory");
	p->f = NULL;
}

/* Return the stacks of CALL as a markdown paragraph and code block; free() it. */
static char *
call_stacks(struct symbolizer *s, const struct profile_call *call)
{
	char buf[32];
	struct markdown_part part;

	markdown_part_begin(&part);
	fprintf(part.f, "\n%s %s (%u):\n\n```text\n", arch_name(call->key.arch),
	    present_call_name(call, buf, sizeof buf), call->key.nr);
	present_stacks_print(part.f, s, call, 0);
	fputs("```\n", part.f);
	markdown_part_end(&part);
	return part.text;
}

/* The characters the stacks may take in a <details> block titled TITLE when
 * the rest of the document takes USED: what a GitHub comment leaves after the
 * block's tags and the longest note on the calls left out. */
static size_t
stacks_budget(const char *title, size_t used)
{
	size_t frame = strlen("\n<details><summary></summary>\n") + strlen(title) +
	    strlen("\n</details>\n") +
	    (size_t)snprintf(NULL, 0, MARKDOWN_LEFT_OUT, SIZE_MAX, "s");

	/* Under the limit: a comment of 65,536 characters exactly is refused. */
	return used + frame < MARKDOWN_COMMENT_LIMIT ?
	    MARKDOWN_COMMENT_LIMIT - 1 - used - frame : 0;
}

void
markdown_stacks(FILE *out, struct symbolizer *s, struct profile_call *const *v,
	size_t n, const char *title, size_t used)
{
	size_t with = 0, taken = 0, left = 0, budget = stacks_budget(title, used);

	for (size_t i = 0; i < n; i++)
		with += v[i]->nstacks > 0;
	if (with == 0)
		return;
	fprintf(out, "\n<details><summary>%s</summary>\n", title);
	for (size_t i = 0; i < n; i++) {
		char *text;
		if (v[i]->nstacks == 0)
			continue;
		/* Once one call is left out, so are the rest: none is rendered. */
		text = left == 0 ? call_stacks(s, v[i]) : NULL;
		if (text != NULL && taken + strlen(text) <= budget) {
			fputs(text, out);
			taken += strlen(text);
		} else {
			left++;
		}
		free(text);
	}
	if (left > 0)
		fprintf(out, MARKDOWN_LEFT_OUT, left, present_plural(left));
	fputs("\n</details>\n", out);
}
