/* Unit tests of core/path: base names of recorded paths. */
#include "core/path.h"
#include "tests/unit/tap.h"

int
main(void)
{
	tap_is_str(path_base_name("/usr/lib/x86_64-linux-gnu/libc.so.6"), "libc.so.6",
	    "an absolute path: the file's name");
	tap_is_str(path_base_name("build/tests/progs/stacks"), "stacks",
	    "a relative path: the file's name");
	tap_is_str(path_base_name("[vdso]"), "[vdso]", "no slash: the whole");
	tap_is_str(path_base_name("/usr/bin/"), "/usr/bin/",
	    "a trailing slash: the whole, not an empty name");
	tap_is_str(path_base_name("/"), "/", "the root: the whole");
	tap_is_str(path_base_name(""), "", "empty stays empty");
	return tap_done();
}
