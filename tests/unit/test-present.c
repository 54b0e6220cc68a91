/* Unit tests of reporter/present: frames in words for each thing the
 * symbolizer can say, first frames merged across stacks, calls by name. */
#include <string.h>

#include "core/strpool.h"
#include "reporter/present.h"
#include "tests/unit/tap.h"

static void
test_words(void)
{
	struct profile_frame f = { strpool_intern("/usr/lib/libfoo.so.2"), NULL, 0x1234, 0 };
	struct symbolize_frame sf = { .status = SYMBOLIZE_OK, .function = "foo_open",
		.function_offset = 0x1a, .file = "/src/foo/open.c", .line = 42 };
	struct present_frame w;

	present_frame_words(&f, &sf, &w);
	tap_is_str(w.name, "foo_open+0x1a", "function+offset");
	tap_is_str(w.where, "open.c:42", "base name of the source file and line");
	tap_is_str(w.module, "libfoo.so.2", "base name of the module");
	tap_is_str(w.note, "", "nothing to say about the module");

	sf.status = SYMBOLIZE_CHANGED;
	sf.debuginfo = "/usr/lib/debug/.build-id/ab/cdef.debug";
	present_frame_words(&f, &sf, &w);
	tap_is_str(w.note, "module changed since recording; named from its debuginfo",
	    "changed module named from its debuginfo says both");

	memset(&sf, 0, sizeof sf);
	present_frame_words(&f, &sf, &w);
	tap_ok(strcmp(w.name, "libfoo.so.2+0x1234") == 0 && w.module[0] == '\0' &&
	    w.where[0] == '\0', "stripped: module+offset, no line");
}

static struct profile_stack *
add(struct profile_call *c, const char *inner, uint64_t inner_off,
	const char *outer, uint64_t outer_off, uint64_t count)
{
	struct profile_frame f[2] = {
		{ strpool_intern(inner), NULL, inner_off, 0 },
		{ strpool_intern(outer), NULL, outer_off, 0 },
	};
	c->count += count;
	return profile_call_add_stack(c, f, 2, false, count, 8);
}

static void
test_first_frames(void)
{
	struct profile p;
	struct profile_call *c;
	struct symbolizer *s = symbolize_new(":");
	struct present_first *v;
	size_t n;

	profile_init(&p);
	c = profile_get(&p, ARCH_X86_64, 1);
	add(c, "/gone/libc.so.6", 0x10, "/gone/app", 0x100, 3);
	add(c, "/gone/libc.so.6", 0x20, "/gone/app", 0x100, 4);
	add(c, "/gone/libc.so.6", 0x20, "/gone/libc.so.6", 0x30, 5);
	add(c, "/gone/app", 0x200, "/gone/app", 0x300, 1);
	v = present_first_frames(s, c, &n);
	tap_is_int((long long)n, 3, "three distinct first frames");
	tap_ok(n == 3 && strcmp(v[0].words.name, "app+0x100") == 0 && v[0].count == 7,
	    "two stacks through app+0x100 merge, most calls first");
	tap_ok(n == 3 && v[1].frame == NULL && v[1].count == 5,
	    "a stack in the C runtime only has no first frame");
	tap_ok(n == 3 && strcmp(v[2].words.name, "app+0x200") == 0,
	    "frame 0 outside the runtime is the first frame");
	tap_ok(n == 3 && !v[1].cut, "a whole stack in the C runtime is not cut");
	free(v);

	/* clone3's: glibc ends the CFI before the syscall, the unwinder stops. */
	c = profile_get(&p, ARCH_X86_64, 435);
	c->count = 2;
	profile_call_add_stack(c, &(struct profile_frame){ strpool_intern("/gone/libc.so.6"),
	    NULL, 0x40, 0 }, 1, true, 2, 8);
	v = present_first_frames(s, c, &n);
	tap_ok(n == 1 && v[0].frame == NULL && v[0].cut,
	    "a stack cut short in the C runtime: the caller is unknown, not absent");
	free(v);
	c = profile_get(&p, ARCH_X86_64, 1);

	c->count = 10;
	tap_is_int((long long)present_unattributed(c), 0,
	    "stacks counting more than the call leave nothing unattributed");
	c->count = 20;
	tap_is_int((long long)present_unattributed(c), 7, "unattributed calls");
	symbolize_free(s);
	profile_free(&p);
}

static void
test_calls_by_name(void)
{
	struct profile p;
	struct profile_call **v;
	char buf[32];
	size_t n;

	profile_init(&p);
	profile_get(&p, ARCH_I386, 3);      /* read */
	profile_get(&p, ARCH_X86_64, 1);    /* write */
	profile_get(&p, ARCH_X86_64, 0);    /* read */
	profile_get(&p, ARCH_X86_64, 9999); /* unknown */
	v = present_calls_by_name(&p, (1u << ARCH_X86_64) | (1u << ARCH_I386), &n);
	tap_is_int((long long)n, 4, "four calls");
	tap_is_str(present_call_name(v[0], buf, sizeof buf), "read", "x86_64 read first");
	tap_is_str(present_call_name(v[1], buf, sizeof buf), "syscall_9999",
	    "an unknown number gets a name and its place");
	tap_is_str(present_call_name(v[2], buf, sizeof buf), "write", "then write");
	tap_is_int(v[3]->key.arch, ARCH_I386, "i386 after x86_64");
	tap_is_int((long long)present_arch_end(v, n, 0), 3, "x86_64 run ends at 3");
	free(v);
	v = present_calls_by_name(&p, 1u << ARCH_I386, &n);
	tap_is_int((long long)n, 1, "mask keeps i386 only");
	free(v);
	profile_free(&p);
}

int
main(void)
{
	test_words();
	test_first_frames();
	test_calls_by_name();
	return tap_done();
}
