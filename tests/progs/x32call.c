/* From an x86-64 process, makes two raw x32 calls: getpid (39, the number
 * x86-64 uses too) and mq_notify (527, x32's own; 244 is x86-64's). A kernel
 * without x32 (no CONFIG_X86_X32_ABI, or syscall.x32 off) fails both with
 * ENOSYS; one with x32 runs them: getpid gives the pid and mq_notify(-1)
 * fails with EBADF. Exits 0 when both answers are one kernel's, else 1. */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_BIT 0x40000000L

int
main(void)
{
	long pid, mq;
	int pid_errno, mq_errno, want;

	errno = 0;
	pid = syscall(X32_BIT | 39);
	pid_errno = errno;
	errno = 0;
	mq = syscall(X32_BIT | 527, -1, NULL);
	mq_errno = errno;
	if (pid == syscall(SYS_gettid)) /* the main thread's: no x86-64 getpid made */
		want = EBADF; /* the kernel serves x32 */
	else if (pid == -1 && pid_errno == ENOSYS)
		want = ENOSYS;
	else {
		fprintf(stderr, "x32call: x32 getpid gave %ld (errno %d)\n", pid, pid_errno);
		return 1;
	}
	if (mq != -1 || mq_errno != want) {
		fprintf(stderr, "x32call: x32 mq_notify gave %ld (errno %d), want errno %d\n",
		    mq, mq_errno, want);
		return 1;
	}
	return 0;
}
