/* Unit tests of reporter/ownframe: which modules are the C runtime, and the
 * first frame in your code of a stack. */
#include "core/strpool.h"
#include "reporter/ownframe.h"
#include "tests/unit/tap.h"

static void
test_runtime(void)
{
	static const char *const runtime[] = {
		"/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib32/libc.so.6",
		"/lib/i386-linux-gnu/libc-2.31.so", "/lib/x86_64-linux-gnu/libpthread.so.0",
		"/usr/lib/x86_64-linux-gnu/libpthread-2.31.so",
		"/lib64/ld-linux-x86-64.so.2", "/usr/lib/ld-linux.so.2", "/lib/ld-2.31.so",
		"/lib/ld-musl-x86_64.so.1", "[vdso]", "[vsyscall]", "linux-vdso.so.1",
		"linux-gate.so.1",
	};
	static const char *const yours[] = {
		"/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "/usr/bin/ls", "/tmp/libc",
		"/usr/lib/x86_64-linux-gnu/libcap.so.2", "/opt/app/libcore.so",
		"/usr/lib/x86_64-linux-gnu/libdl.so.2", "/home/me/ld", "[heap]", "v",
	};

	for (size_t i = 0; i < sizeof runtime / sizeof *runtime; i++)
		tap_ok(ownframe_is_runtime(runtime[i]), "%s is the C runtime", runtime[i]);
	for (size_t i = 0; i < sizeof yours / sizeof *yours; i++)
		tap_ok(!ownframe_is_runtime(yours[i]), "%s is yours", yours[i]);
	tap_ok(!ownframe_is_runtime(NULL), "no module (JIT) is yours");
}

static void
test_find(void)
{
	struct profile_frame f[4] = {
		{ strpool_intern("[vdso]"), NULL, 0x577, 0 },
		{ strpool_intern("/usr/lib32/libc.so.6"), NULL, 0x11c6a4, 0 },
		{ strpool_intern("/usr/lib/libfoo.so.2"), NULL, 0x1234, 0 },
		{ strpool_intern("/usr/bin/app"), NULL, 0x1480, 0 },
	};
	struct profile_stack s = { .count = 1, .nframes = 4, .frames = f };

	tap_is_int(ownframe_find(&s), 2, "innermost frame past vdso and libc");
	s.frames = f + 2;
	s.nframes = 2;
	tap_is_int(ownframe_find(&s), 0, "frame 0 already yours");
	s.frames = f;
	s.nframes = 2;
	tap_is_int(ownframe_find(&s), -1, "C runtime only: none");
	s.nframes = 0;
	tap_is_int(ownframe_find(&s), -1, "empty stack: none");
}

int
main(void)
{
	test_runtime();
	test_find();
	return tap_done();
}
