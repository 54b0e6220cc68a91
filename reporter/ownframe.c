#include <fnmatch.h>
#include <string.h>

#include "core/path.h"
#include "reporter/ownframe.h"

/* Base names of the C runtime: glibc's libc and libpthread (old and new
 * names), its dynamic loaders, musl's libc-and-loader, and the vDSO under
 * the names the kernel and ldd give it. */
static const char *const runtime_names[] = {
	"libc.so*", "libc-*.so", "libpthread.so*", "libpthread-*.so",
	"ld-linux*.so*", "ld-*.so", "ld-musl-*.so*", "\\[vdso\\]", "\\[vsyscall\\]",
	"linux-vdso.so*", "linux-gate.so*",
};

bool
ownframe_is_runtime(const char *module)
{
	const char *base;

	if (module == NULL)
		return false;
	base = path_base_name(module);
	for (size_t i = 0; i < sizeof runtime_names / sizeof *runtime_names; i++) {
		if (fnmatch(runtime_names[i], base, 0) == 0)
			return true;
	}
	return false;
}

int
ownframe_find(const struct profile_stack *s, struct symbolizer *sym)
{
	for (uint32_t i = 0; i < s->nframes; i++) {
		struct symbolize_frame sf = { .runtime = false };
		if (ownframe_is_runtime(s->frames[i].module))
			continue;
		if (sym != NULL && s->frames[i].module != NULL)
			symbolize_frame(sym, &s->frames[i], &sf);
		if (!sf.runtime)
			return (int)i;
	}
	return -1;
}
