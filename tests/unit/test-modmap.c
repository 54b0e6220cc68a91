/* Unit tests of tracer/modmap (and the elfinfo facts it holds): this test
 * program's own executable mappings, their modules, link-time addresses and
 * build-ids, and a map read again before and after a library is loaded. */
#include <dlfcn.h>
#include <elf.h>
#include <limits.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strpool.h"
#include "core/xmalloc.h"
#include "tests/unit/tap.h"
#include "tracer/modmap.h"

/* The load bias of the module that holds ADDR, by the dynamic loader. */
static uintptr_t
loader_bias(const void *addr)
{
	Dl_info info;
	struct link_map *map = NULL;

	if (dladdr1(addr, &info, (void **)&map, RTLD_DL_LINKMAP) == 0 || map == NULL)
		return (uintptr_t)-1;
	return map->l_addr;
}

static void
test_own_map(struct modmap *m, struct elfinfo_cache *files)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	uintptr_t here = (uintptr_t)test_own_map;
	const struct modmap_entry *e;

	exe[n > 0 ? n : 0] = '\0';
	tap_is_int(modmap_read(m, getpid(), files), 0, "read the map of this process");
	e = modmap_find(m, here);
	tap_ok(e != NULL && e->module == strpool_intern(exe),
	    "a function of this program is in %s", exe);
	tap_ok(e != NULL && e->bias == loader_bias((void *)here),
	    "its load bias is the loader's l_addr");
	tap_ok(e != NULL && e->build_id != NULL && strlen(e->build_id) == 40,
	    "its build-id, 40 hex digits");
	tap_ok(e != NULL && e->entry != 0 && modmap_find(m, e->entry) != NULL,
	    "its entry point is mapped code");
	e = modmap_find(m, (uintptr_t)getppid);
	tap_ok(e != NULL && e->module != NULL && strstr(e->module, "libc.so") != NULL &&
	    e->bias == loader_bias((void *)getppid), "getppid is in libc, at libc's bias");
	tap_ok(modmap_find(m, (uintptr_t)&here) == NULL, "the stack is no code");
}

static void
test_reread(struct modmap *m, struct elfinfo_cache *files)
{
	const char *b = getenv("B") != NULL ? getenv("B") : "build";
	char *rel = xasprintf("%s/tests/progs/libstackdl.so", b);
	char *lib = realpath(rel, NULL);
	const struct modmap_entry *e;
	void *h, *fn;

	free(rel);
	tap_ok(!modmap_reread(m, getpid(), files), "read again, unchanged");
	h = lib != NULL ? dlopen(lib, RTLD_NOW) : NULL;
	fn = h != NULL ? dlsym(h, "stackdl_call") : NULL;
	tap_ok(fn != NULL, "loaded %s", lib != NULL ? lib : "libstackdl.so");
	tap_ok(fn != NULL && modmap_find(m, (uintptr_t)fn) == NULL,
	    "its code is not in the map read before");
	tap_ok(modmap_reread(m, getpid(), files), "read again, changed");
	e = fn != NULL ? modmap_find(m, (uintptr_t)fn) : NULL;
	tap_ok(e != NULL && e->module == strpool_intern(lib) &&
	    e->bias == loader_bias(fn), "now it is, at the loader's l_addr");
	e = modmap_find(m, (uintptr_t)test_reread);
	tap_ok(e != NULL && e->build_id != NULL, "the program's own facts kept");
	if (h != NULL)
		dlclose(h);
	free(lib);
}

int
main(void)
{
	struct elfinfo_cache *files = elfinfo_cache_new();
	struct modmap m = { NULL, 0 };

	test_own_map(&m, files);
	test_reread(&m, files);
	modmap_free(&m);
	elfinfo_cache_free(files);
	return tap_done();
}
