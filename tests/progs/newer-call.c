/* Makes one call newer than Debian 12's kernel headers by number,
 * fchmodat2 (452; Linux 6.6), on a file that does not exist, and prints
 * how it failed: "fchmodat2: errno N". Exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(void)
{
	long r = syscall(452, AT_FDCWD, "/nonexistent/sandcast", 0644, 0);

	printf("fchmodat2: %s %d\n", r == 0 ? "ok" : "errno", r == 0 ? 0 : errno);
	return 0;
}
