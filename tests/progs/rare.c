/* Makes a known set of rarely used system calls, each COUNT times (default 1),
 * through syscall(2) so that the C library substitutes nothing: mq_notify,
 * ioprio_get, kcmp, membarrier, personality. Exits 0. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	pid_t pid = getpid();

	for (long i = 0; i < n; i++) {
		syscall(SYS_mq_notify, -1, NULL);        /* EBADF */
		syscall(SYS_ioprio_get, 1, 0);           /* IOPRIO_WHO_PROCESS, self */
		syscall(SYS_kcmp, pid, pid, 0, 0, 0);    /* KCMP_FILE, fd 0 with itself */
		syscall(SYS_membarrier, 0, 0);           /* MEMBARRIER_CMD_QUERY */
		syscall(SYS_personality, 0xffffffffUL);  /* query only */
	}
	return 0;
}
