/* Unit tests of reporter/markdown: code spans safe in a table cell,
 * executables one a line, and stacks kept within a GitHub comment, for the
 * whole of a report or a diff. */
#include <stdio.h>
#include <string.h>

#include "core/strpool.h"
#include "reporter/diff.h"
#include "reporter/markdown.h"
#include "reporter/present.h"
#include "reporter/report.h"
#include "tests/unit/tap.h"

static char *
code(void (*print)(FILE *, const char *), const char *text)
{
	char *out = NULL;
	size_t size;
	FILE *f = open_memstream(&out, &size);

	print(f, text);
	fclose(f);
	return out;
}

/* Add to P on ARCH N calls of 8 stacks of 30 frames each, about 15,000
 * characters of text a call; V (may be NULL) gets the calls. */
static void
add_calls(struct profile *p, enum arch arch, uint32_t n, struct profile_call **v)
{
	struct profile_frame f[30];

	for (uint32_t nr = 0; nr < n; nr++) {
		struct profile_call *c = profile_get(p, arch, nr);
		for (uint64_t k = 0; k < 8; k++) {
			for (unsigned j = 0; j < 30; j++)
				f[j] = (struct profile_frame){ strpool_intern(
				    "/gone/usr/lib/x86_64-linux-gnu/libsomething-long.so.1"),
				    NULL, 0x100000 + 0x10 * j + k, 0 };
			c->count += 1;
			profile_call_add_stack(c, f, 30, false, 1, 8);
		}
		profile_call_add_exe(c, strpool_intern("/usr/bin/app"));
		if (v != NULL)
			v[nr] = c;
	}
}

/* 100 calls of stacks, the rest of the document taking 16,000 characters. */
static void
test_stacks_budget(void)
{
	struct symbolizer *s = symbolize_new(":");
	struct profile_call *v[100];
	struct profile p;
	char *got = NULL;
	size_t size;
	FILE *out = open_memstream(&got, &size);

	profile_init(&p);
	add_calls(&p, ARCH_X86_64, 100, v);
	markdown_stacks(out, s, v, 100, "Stacks", 16000);
	fclose(out);
	tap_ok(size < 50000, "100 calls of stacks fit a GitHub comment (%zu characters)", size);
	tap_ok(16000 + size < 65536, "with the rest of the document too (%zu characters)",
	    16000 + size);
	tap_ok(strstr(got, "\nx86_64 read (0):\n") != NULL && strstr(got, "are left out") != NULL &&
	    strstr(got, "</details>\n") != NULL, "the first calls' stacks shown, the rest said left out");
	free(got);
	symbolize_free(s);
	profile_free(&p);
}

/* Count the occurrences of NEEDLE in HAYSTACK. */
static int
count_of(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *at = haystack; (at = strstr(at, needle)) != NULL; at++)
		n++;
	return n;
}

/* The same 40 calls on x86_64, i386 and x32 (about 1.8 MB of stacks, each
 * arch's alone more than the comment takes): one budget for the whole
 * report, and for the whole diff against an empty profile. */
static void
test_document_budget(void)
{
	struct symbolizer *s = symbolize_new(":");
	struct report_options o = { .arches = ARCH_MASK_ALL, .stacks = true };
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	struct profile p, empty;
	char *got = NULL;
	size_t size;
	FILE *out = open_memstream(&got, &size);

	profile_init(&p);
	profile_init(&empty);
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		add_calls(&p, a, 40, NULL);
	report_markdown(out, &p, &o, s);
	fclose(out);
	tap_ok(size < 65536, "report: three arches of stacks fit one GitHub comment "
	    "(%zu characters)", size);
	tap_ok(strstr(got, "are left out") != NULL, "report: says the stacks were cut");
	tap_is_int(count_of(got, "<details>"), 1, "report: one block of stacks");
	tap_ok(strstr(got, "### x32: ") != NULL && strstr(got, "### x32: ") <
	    strstr(got, "<details>"), "report: every table before the stacks");
	free(got);

	diff_compute(&empty, &p, &d);
	out = open_memstream(&got, &size);
	diff_markdown(out, &d, s);
	fclose(out);
	tap_ok(size < 65536, "diff: three arches of stacks fit one GitHub comment "
	    "(%zu characters)", size);
	tap_ok(strstr(got, "are left out") != NULL, "diff: says the stacks were cut");
	tap_ok(strstr(got, "old.json` has no x32 call at all") != NULL,
	    "diff: the notes after the stacks are kept");
	free(got);
	diff_free(&d);
	symbolize_free(s);
	profile_free(&p);
	profile_free(&empty);
}

int
main(void)
{
	char *got;
	struct profile p;
	struct profile_call *c;
	size_t size;
	FILE *f;

	got = code(markdown_code, "read");
	tap_is_str(got, "`read`", "a plain code span");
	free(got);
	got = code(markdown_code, "operator|(a, b)");
	tap_is_str(got, "`operator\\|(a, b)`", "a pipe would end the table cell");
	free(got);
	got = code(markdown_code, "a`b");
	tap_is_str(got, "`a'b`", "a backtick would end the span");
	free(got);
	got = code(markdown_text, "a|b <c> *d* `e` [f] g\\h pthread_create");
	/* The backslash shown doubled (as every report shows it), each one
	 * escaped for markdown. */
	tap_is_str(got, "a\\|b \\<c\\> \\*d\\* \\`e\\` \\[f\\] g\\\\\\\\h pthread_create",
	    "plain text in a cell: the cell's end and markup escaped");
	free(got);

	profile_init(&p);
	c = profile_get(&p, ARCH_X86_64, 0);
	profile_call_add_exe(c, strpool_intern("/usr/bin/b"));
	profile_call_add_exe(c, strpool_intern("/usr/bin/a"));
	got = NULL;
	f = open_memstream(&got, &size);
	present_exes_print_as(f, c, "<br>", markdown_code);
	fclose(f);
	tap_is_str(got, "`/usr/bin/a`<br>`/usr/bin/b`", "executables sorted, one a line");
	free(got);
	profile_free(&p);
	test_stacks_budget();
	test_document_budget();
	return tap_done();
}
