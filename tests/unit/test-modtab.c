/* Unit tests of core/modtab: the names a profile file gives its modules,
 * unique, in the order of paths and build-ids, and the lookups both ways. */
#include <errno.h>

#include "core/modtab.h"
#include "core/strpool.h"
#include "tests/unit/tap.h"

/* Add a one-frame stack in PATH (BUILD_ID may be NULL) to the call of P. */
static void
add_frame(struct profile *p, const char *path, const char *build_id)
{
	struct profile_frame f = { strpool_intern(path), strpool_intern(build_id),
		0x10, 0 };

	profile_call_add_stack(profile_get(p, ARCH_X86_64, 0), &f, 1, false, 1, 100);
}

static const char *
name_of(const struct modtab *t, const char *path, const char *build_id)
{
	return modtab_name(t, strpool_intern(path), strpool_intern(build_id));
}

static void
test_from_profile(void)
{
	struct profile p;
	struct modtab *t;
	struct profile_frame anon = { NULL, NULL, 0x7f0000001000, 0 };

	profile_init(&p);
	add_frame(&p, "/usr/lib32/libc.so.6", NULL);
	add_frame(&p, "/usr/lib/x86_64-linux-gnu/libc.so.6", "bb");
	add_frame(&p, "/usr/lib/x86_64-linux-gnu/libc.so.6", "aa");
	add_frame(&p, "/opt/x/libc.so.6#2", NULL);
	add_frame(&p, "[vdso]", "cc");
	add_frame(&p, "/home/me/app", NULL);
	profile_call_add_stack(profile_get(&p, ARCH_X86_64, 0), &anon, 1, false, 1, 100);
	t = modtab_from_profile(&p);
	tap_is_int((long long)modtab_count(t), 6, "one module per (path, build-id); none "
	    "for anonymous memory");
	tap_is_str(modtab_get(t, 0)->path, "/home/me/app", "sorted by path");
	tap_is_str(modtab_get(t, 5)->path, "[vdso]", "sorted by path: [vdso] last");
	tap_is_str(name_of(t, "/home/me/app", NULL), "app", "named by the file name");
	tap_is_str(name_of(t, "[vdso]", "cc"), "[vdso]", "the vDSO keeps its name");
	tap_is_str(name_of(t, "/opt/x/libc.so.6#2", NULL), "libc.so.6#2",
	    "a file name with # is kept when first");
	tap_is_str(name_of(t, "/usr/lib/x86_64-linux-gnu/libc.so.6", "aa"), "libc.so.6",
	    "the first libc.so.6 by path and build-id keeps the file name");
	tap_is_str(name_of(t, "/usr/lib/x86_64-linux-gnu/libc.so.6", "bb"), "libc.so.6#3",
	    "the same path with another build-id gets its own name, skipping the "
	    "taken libc.so.6#2");
	tap_is_str(name_of(t, "/usr/lib32/libc.so.6", NULL), "libc.so.6#4",
	    "numbered in the order of the table");
	tap_is_str(name_of(t, "/home/me/app", "aa"), NULL, "a build-id not recorded: no name");
	modtab_free(t);
	profile_free(&p);
}

static void
test_add_find(void)
{
	struct modtab *t = modtab_new();
	const struct modtab_module *m;

	tap_is_int(modtab_add(t, strpool_intern("a"), strpool_intern("/x/a"),
	    strpool_intern("12")), 0, "add a");
	tap_is_int(modtab_add(t, strpool_intern("a"), strpool_intern("/y/a"), NULL),
	    -EEXIST, "a name given twice is refused");
	tap_is_int(modtab_add(t, strpool_intern("b"), strpool_intern("/x/a"),
	    strpool_intern("12")), 0, "another name for the same module is allowed");
	m = modtab_find(t, strpool_intern("b"));
	tap_ok(m != NULL && m->path == strpool_intern("/x/a") &&
	    m->build_id == strpool_intern("12"), "found by name");
	tap_is_str(name_of(t, "/x/a", "12"), "a", "the first name of a module is its name");
	tap_is_int((long long)modtab_count(t), 2, "two entries");
	modtab_free(t);
}

int
main(void)
{
	test_from_profile();
	test_add_find();
	return tap_done();
}
