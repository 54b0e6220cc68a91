/* Unit tests of tracer/recorder: --exe glob matching, and events turned
 * into counts and sets of executables. */
#include "core/strpool.h"
#include "tests/unit/tap.h"
#include "tracer/recorder.h"

static void
test_matching(void)
{
	char *base[] = { (char *)"python3*" };
	char *full[] = { (char *)"/usr/bin/*" };
	char *two[] = { (char *)"ls", (char *)"/opt/*/tool" };

	tap_ok(recorder_exe_matches(base, 1, "/usr/bin/python3.11"),
	    "a glob without '/' matches the base name");
	tap_ok(!recorder_exe_matches(base, 1, "/opt/python3/bin/run"),
	    "and not a directory of the path");
	tap_ok(recorder_exe_matches(full, 1, "/usr/bin/ls"),
	    "a glob with '/' matches the whole path");
	tap_ok(!recorder_exe_matches(full, 1, "/usr/local/bin/ls"),
	    "and nothing else");
	tap_ok(recorder_exe_matches(full, 1, "/usr/bin/x/y/tool"),
	    "'*' in a whole-path glob crosses '/': DIR/* is the whole tree");
	tap_ok(!recorder_exe_matches(full, 1, "/usr/bi"),
	    "a whole-path glob is not a prefix match");
	tap_ok(recorder_exe_matches(two, 2, "/opt/x/tool") &&
	    recorder_exe_matches(two, 2, "/bin/ls"), "any of several globs");
	tap_ok(!recorder_exe_matches(two, 2, "/bin/lsblk"), "a base name matches whole");
	tap_ok(!recorder_exe_matches(two, 2, NULL), "an unknown executable never matches");
}

static void
feed(struct recorder *r, enum arch arch, uint32_t nr, const char *exe)
{
	struct tracer_event ev = { .arch = arch, .nr = nr, .exe = strpool_intern(exe) };

	tap_is_int(recorder_call(&ev, r), 0, "the recorder lets every call run");
}

static void
test_recording(void)
{
	char *globs[] = { (char *)"cat" };
	struct recorder all, some;
	struct profile p, q;
	struct profile_call *c;

	profile_init(&p);
	profile_init(&q);
	recorder_init(&all, &p, NULL, 0);
	recorder_init(&some, &q, globs, 1);
	for (int i = 0; i < 3; i++) {
		feed(&all, ARCH_X86_64, 0, "/bin/cat");
		feed(&some, ARCH_X86_64, 0, "/bin/cat");
	}
	feed(&all, ARCH_I386, 3, "/bin/cat32");
	feed(&some, ARCH_I386, 3, "/bin/cat32");
	feed(&all, ARCH_X86_64, 0, "/bin/sh");
	feed(&some, ARCH_X86_64, 0, "/bin/sh");
	c = profile_find(&p, ARCH_X86_64, 0);
	tap_ok(c != NULL && c->count == 4 && HASH_COUNT(c->exes) == 2,
	    "counts add and executables unite");
	tap_ok(profile_find(&p, ARCH_I386, 3) != NULL, "each arch has its own calls");
	tap_is_int(all.calls, 5, "every call recorded");
	c = profile_find(&q, ARCH_X86_64, 0);
	tap_ok(c != NULL && c->count == 3 && HASH_COUNT(c->exes) == 1,
	    "--exe keeps only the matching executable's calls");
	tap_ok(profile_find(&q, ARCH_I386, 3) == NULL, "and drops the others'");
	tap_is_int(some.calls, 3, "calls recorded under --exe");
	profile_free(&p);
	profile_free(&q);
}

int
main(void)
{
	test_matching();
	test_recording();
	strpool_clear();
	return tap_done();
}
