/* Unit tests of reporter/markdown: code spans safe in a table cell,
 * executables one a line, and stacks kept within a GitHub comment. */
#include <stdio.h>
#include <string.h>

#include "core/strpool.h"
#include "reporter/markdown.h"
#include "tests/unit/tap.h"

static char *
code(const char *text)
{
	char *out = NULL;
	size_t size;
	FILE *f = open_memstream(&out, &size);

	markdown_code(f, text);
	fclose(f);
	return out;
}

/* 100 calls of 8 stacks of 30 frames each: about 1.5 MB of text in full. */
static void
test_stacks_budget(void)
{
	struct symbolizer *s = symbolize_new(":");
	struct profile_frame f[30];
	struct profile_call *v[100];
	struct profile p;
	char *got = NULL;
	size_t size;
	FILE *out = open_memstream(&got, &size);

	profile_init(&p);
	for (uint32_t nr = 0; nr < 100; nr++) {
		v[nr] = profile_get(&p, ARCH_X86_64, nr);
		for (uint64_t k = 0; k < 8; k++) {
			for (unsigned j = 0; j < 30; j++)
				f[j] = (struct profile_frame){ strpool_intern(
				    "/gone/usr/lib/x86_64-linux-gnu/libsomething-long.so.1"),
				    NULL, 0x100000 + 0x10 * j + k, 0 };
			v[nr]->count += 1;
			profile_call_add_stack(v[nr], f, 30, false, 1, 8);
		}
	}
	markdown_stacks(out, s, v, 100, "Stacks");
	fclose(out);
	tap_ok(size < 50000, "100 calls of stacks fit a GitHub comment (%zu characters)", size);
	tap_ok(strstr(got, "\nx86_64 read (0):\n") != NULL && strstr(got, "are left out") != NULL &&
	    strstr(got, "</details>\n") != NULL, "the first calls' stacks shown, the rest said left out");
	free(got);
	symbolize_free(s);
	profile_free(&p);
}

int
main(void)
{
	char *got;
	struct profile p;
	struct profile_call *c;
	size_t size;
	FILE *f;

	got = code("read");
	tap_is_str(got, "`read`", "a plain code span");
	free(got);
	got = code("operator|(a, b)");
	tap_is_str(got, "`operator\\|(a, b)`", "a pipe would end the table cell");
	free(got);
	got = code("a`b");
	tap_is_str(got, "`a'b`", "a backtick would end the span");
	free(got);

	profile_init(&p);
	c = profile_get(&p, ARCH_X86_64, 0);
	profile_call_add_exe(c, strpool_intern("/usr/bin/b"));
	profile_call_add_exe(c, strpool_intern("/usr/bin/a"));
	got = NULL;
	f = open_memstream(&got, &size);
	markdown_exes(f, c);
	fclose(f);
	tap_is_str(got, "`/usr/bin/a`<br>`/usr/bin/b`", "executables sorted, one a line");
	free(got);
	profile_free(&p);
	test_stacks_budget();
	return tap_done();
}
