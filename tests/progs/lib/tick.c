/* A small shared library in two versions, to stand for a library upgrade in
 * tests/e2e/baseline.sh: v1 (libtick) checks a file with access(); v2
 * (libtick-v2, tick-v2.c) first tries faccessat2, as glibc 2.33+ does, and
 * falls back on ENOSYS. */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439 /* the same on x86_64 and i386 */
#endif

int tick_readable(const char *path);

/* Whether PATH is readable. */
int
tick_readable(const char *path)
{
#ifdef TICK_V2
	long rc = syscall(SYS_faccessat2, AT_FDCWD, path, R_OK, 0);

	if (rc == 0 || errno != ENOSYS)
		return rc == 0;
#endif
	return access(path, R_OK) == 0;
}
