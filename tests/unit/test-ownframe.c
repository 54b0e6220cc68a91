/* Unit tests of reporter/ownframe: which modules are the C runtime, and the
 * first frame in your code of a stack, in a static executable too. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strpool.h"
#include "core/xmalloc.h"
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

	tap_is_int(ownframe_find(&s, NULL), 2, "innermost frame past vdso and libc");
	s.frames = f + 2;
	s.nframes = 2;
	tap_is_int(ownframe_find(&s, NULL), 0, "frame 0 already yours");
	s.frames = f;
	s.nframes = 2;
	tap_is_int(ownframe_find(&s, NULL), -1, "C runtime only: none");
	s.nframes = 0;
	tap_is_int(ownframe_find(&s, NULL), -1, "empty stack: none");
}

/* A frame in the middle of FUNCTION of PROG, as nm -S places it. */
static struct profile_frame
frame_in(const char *prog, const char *function)
{
	char *cmd = xasprintf("nm -S '%s'", prog), line[512], name[256];
	struct profile_frame f = { strpool_intern(prog), NULL, 0, 0 };
	FILE *nm = popen(cmd, "r");
	uint64_t addr, size;

	while (nm != NULL && fgets(line, sizeof line, nm) != NULL)
		if (sscanf(line, "%" SCNx64 " %" SCNx64 " %*s %255s", &addr, &size,
		    name) == 3 && strcmp(name, function) == 0)
			f.offset = addr + size / 2 + 1;
	if (nm != NULL)
		pclose(nm);
	free(cmd);
	return f;
}

/* The absolute path of the test program NAME, or NULL; free() it. */
static char *
fixture(const char *name)
{
	const char *b = getenv("B") != NULL ? getenv("B") : "build";
	char *rel = xasprintf("%s/tests/progs/%s", b, name);
	char *path = realpath(rel, NULL);

	free(rel);
	return path;
}

/* In a static executable, the C library is told apart by its lack of debug
 * information; in a dynamic one, the program's own code without any (crt1's
 * _start) is still the program's. */
static void
test_static(void)
{
	struct profile_frame f[2], start;
	struct profile_stack s = { .count = 1, .nframes = 2, .frames = f };
	struct symbolizer *sym;
	char *stat = fixture("callchain-static"), *dyn = fixture("callchain");

	if (stat == NULL || dyn == NULL) {
		tap_ok(false, "the callchain fixtures are built");
		return;
	}
	f[0] = frame_in(stat, "syscall");
	f[1] = frame_in(stat, "f3");
	start = frame_in(dyn, "_start");
	sym = symbolize_new(NULL);

	tap_ok(f[0].offset != 0 && f[1].offset != 0 && start.offset != 0,
	    "syscall and f3 in %s, _start in %s", stat, dyn);
	tap_is_int(ownframe_find(&s, NULL), 0,
	    "static, no symbolizer: the executable's first frame");
	tap_is_int(ownframe_find(&s, sym), 1,
	    "static: syscall() is the C library's, f3 the program's");
	s.frames = &start;
	s.nframes = 1;
	tap_is_int(ownframe_find(&s, sym), 0,
	    "dynamic: _start, without debug information, is the program's");
	symbolize_free(sym);
	free(stat);
	free(dyn);
}

int
main(void)
{
	test_runtime();
	test_find();
	test_static();
	return tap_done();
}
