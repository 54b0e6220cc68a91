/* Unit tests of core/fallbacks: twins per architecture, calls without one,
 * and a table whose every name is a real call. */
#include <stddef.h>
#include <string.h>

#include "core/fallbacks.h"
#include "core/syscalls.h"
#include "tests/unit/tap.h"

/* The older twin's name of NAME on ARCH, "(none)", or "(no entry)". */
static const char *
twin(enum arch arch, const char *name)
{
	const struct fallback *fb = fallbacks_find(arch, (uint32_t)syscalls_number(arch, name));
	int nr;

	if (fb == NULL)
		return "(no entry)";
	nr = fallbacks_older(fb, arch);
	return nr < 0 ? "(none)" : syscalls_name(arch, (uint32_t)nr);
}

static void
test_twins(void)
{
	tap_is_str(twin(ARCH_X86_64, "clone3"), "clone", "clone3 -> clone on x86_64");
	tap_is_int(fallbacks_older(fallbacks_find(ARCH_I386, 435), ARCH_I386), 120,
	    "clone3 -> clone 120 on i386");
	tap_is_str(twin(ARCH_X86_64, "statx"), "newfstatat", "statx -> newfstatat on x86_64");
	tap_is_str(twin(ARCH_X32, "statx"), "newfstatat", "statx -> newfstatat on x32");
	tap_is_str(twin(ARCH_I386, "statx"), "fstatat64", "statx -> fstatat64 on i386");
	tap_is_str(twin(ARCH_X86_64, "faccessat2"), "faccessat", "faccessat2 -> faccessat");
	tap_is_str(twin(ARCH_X86_64, "epoll_pwait2"), "epoll_pwait", "epoll_pwait2");
	tap_is_str(twin(ARCH_I386, "fchmodat2"), "fchmodat", "fchmodat2 on i386");
	tap_is_str(twin(ARCH_I386, "clock_gettime64"), "clock_gettime", "time64 twin");
	tap_is_str(twin(ARCH_X86_64, "execveat"), "execve", "execveat -> execve (fexecve)");
	tap_is_str(twin(ARCH_X86_64, "clock_gettime64"), "(no entry)",
	    "no time64 calls on x86_64");
	tap_is_str(twin(ARCH_I386, "semtimedop_time64"), "ipc",
	    "semtimedop_time64 -> ipc (i386 has no semtimedop)");
	tap_is_str(twin(ARCH_X86_64, "rseq"), "(none)", "rseq: known, no twin");
	tap_is_str(twin(ARCH_X86_64, "map_shadow_stack"), "(none)", "map_shadow_stack");
	tap_is_str(twin(ARCH_X86_64, "read"), "(no entry)", "read has no entry");
	tap_ok(fallbacks_find(ARCH_X86_64, 100000) == NULL, "unknown number: no entry");
}

/* Whether the callers of NAME on i386 fall back on ENOSYS. */
static int
falls_back(const char *name)
{
	const struct fallback *fb = fallbacks_find(ARCH_I386, (uint32_t)syscalls_number(ARCH_I386, name));

	return fb != NULL && !fb->no_fallback;
}

/* What glibc 2.36 on i386 does when each call fails with ENOSYS (strace
 * -e inject): clock_gettime64 comes from the vDSO and its ENOSYS reaches
 * the caller; the others fall back or do without. */
static void
test_no_fallback(void)
{
	tap_ok(!falls_back("clock_gettime64"), "clock_gettime64: no fallback");
	tap_ok(falls_back("clock_getres_time64") && falls_back("timer_settime64") &&
	    falls_back("clone3") && falls_back("rseq") && falls_back("statx"),
	    "clock_getres_time64, timer_settime64, clone3, rseq, statx fall back");
	tap_ok(strstr(fallbacks_find(ARCH_I386, (uint32_t)syscalls_number(ARCH_I386,
	    "clock_nanosleep_time64"))->note, "EOVERFLOW") != NULL,
	    "clock_nanosleep_time64: only for wide times, EOVERFLOW on ENOSYS");
}

static void
test_table_names(void)
{
	const struct fallback *seen[64];
	size_t nseen = 0;
	int bad = 0;

	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (uint32_t nr = 0; nr < syscalls_limit(a); nr++) {
			const struct fallback *fb = fallbacks_find(a, nr);
			size_t i = 0;
			if (fb == NULL)
				continue;
			if (fb->older[0] != NULL && fallbacks_older(fb, a) < 0) {
				tap_ok(0, "%s on %s: no older twin exists", fb->name, arch_name(a));
				bad++;
			}
			while (i < nseen && seen[i] != fb)
				i++;
			if (i == nseen && nseen < 64)
				seen[nseen++] = fb;
		}
	}
	tap_ok(bad == 0, "every listed twin exists where its call does");
	/* 39 entries in fallback_table: a misspelt name matches no call. */
	tap_is_int((long long)nseen, 39, "every entry names a real call");
}

int
main(void)
{
	test_twins();
	test_no_fallback();
	test_table_names();
	return tap_done();
}
