#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "reporter/markdown.h"
#include "reporter/present.h"

/* How many first frames a cell names before "and N more". */
enum { MARKDOWN_FIRST_FRAMES = 3 };

/* The characters the stacks may take: GitHub refuses a comment over 65,536,
 * and the table and the notes need the rest. */
#define MARKDOWN_STACKS_BUDGET 48000

/* Print TEXT as a code span that is safe in a table cell. */
void
markdown_code(FILE *out, const char *text)
{
	fputc('`', out);
	for (const char *c = text; *c != '\0'; c++) {
		if (*c == '|')
			fputc('\\', out);
		/* A backtick would end the span early. */
		fputc(*c == '`' ? '\'' : *c, out);
	}
	fputc('`', out);
}

/* Print the executables of CALL as code spans, one a line of the cell. */
void
markdown_exes(FILE *out, const struct profile_call *call)
{
	size_t n;
	const char **exes = profile_call_sorted_exes(call, &n);

	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputs("<br>", out);
		markdown_code(out, exes[i]);
	}
	free(exes);
}

static void
print_first(FILE *out, const struct present_first *f, bool counted)
{
	if (f->frame == NULL) {
		fputs(f->cut ? "*unknown: the stack stops in the C runtime*" :
		    "*C runtime only*", out);
	} else {
		markdown_code(out, f->words.name);
		if (f->words.where[0] != '\0') {
			fputs(" at ", out);
			markdown_code(out, f->words.where);
		}
		if (f->words.module[0] != '\0') {
			fputs(" in ", out);
			markdown_code(out, f->words.module);
		}
		if (f->words.note[0] != '\0')
			fprintf(out, " *(%s)*", f->words.note);
	}
	if (counted)
		fprintf(out, " (%" PRIu64 ")", f->count);
}

/* Print the first frames in your code of CALL as one table cell's text. */
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
		print_first(out, &v[i], n > 1);
	}
	if (n > MARKDOWN_FIRST_FRAMES)
		fprintf(out, "<br>*and %zu more*", n - MARKDOWN_FIRST_FRAMES);
	free(v);
}

/* Return the stacks of CALL as a markdown paragraph and code block; free() it. */
static char *
call_stacks(struct symbolizer *s, const struct profile_call *call)
{
	char buf[32], *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);

	if (f == NULL)
		msg_fatal("out of memory");
	fprintf(f, "\n%s %s (%u):\n\n```text\n", arch_name(call->key.arch),
	    present_call_name(call, buf, sizeof buf), call->key.nr);
	present_stacks_print(f, s, call, 0);
	fputs("```\n", f);
	if (fclose(f) != 0)
		msg_fatal("out of memory");
	return text;
}

/* Print the stacks of the calls V[0..N-1] in a <details> block titled TITLE,
 * leaving out the calls without a stack (the block too when none has one)
 * and, saying how many, those past 48,000 characters of stacks. */
void
markdown_stacks(FILE *out, struct symbolizer *s, struct profile_call *const *v,
	size_t n, const char *title)
{
	size_t with = 0, used = 0, left = 0;

	for (size_t i = 0; i < n; i++)
		with += v[i]->nstacks > 0;
	if (with == 0)
		return;
	fprintf(out, "\n<details><summary>%s</summary>\n", title);
	for (size_t i = 0; i < n; i++) {
		char *text;
		if (v[i]->nstacks == 0)
			continue;
		text = call_stacks(s, v[i]);
		if (left == 0 && used + strlen(text) <= MARKDOWN_STACKS_BUDGET) {
			fputs(text, out);
			used += strlen(text);
		} else {
			left++;
		}
		free(text);
	}
	if (left > 0)
		fprintf(out, "\n*The stacks of %zu more call%s are left out, to keep "
		    "this under the 65,536 characters of a GitHub comment: the text "
		    "format shows them all.*\n", left, left == 1 ? "" : "s");
	fputs("\n</details>\n", out);
}
