/* One link of an exec chain (as in TLPI's seccomp_multiarch): makes
 * mq_notify, then execs argv[1] with the rest of the arguments. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	syscall(SYS_mq_notify, -1, NULL);
	if (argc < 2)
		return 0;
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 1;
}
