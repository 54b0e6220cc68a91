/* Unit tests of reporter/markdown: code spans safe in a table cell, and
 * executables one a line. */
#include <stdio.h>

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
	return tap_done();
}
