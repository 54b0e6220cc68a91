/* Unit tests of tracer/catchall: the kernel accepts the catch-all filter and,
 * with no tracer attached, fails every call with ENOSYS. */
#include <errno.h>
#include <signal.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "tracer/catchall.h"

int
main(void)
{
	const struct sock_fprog *prog = catchall_filter();
	pid_t pid;
	int st;

	tap_is_int(prog->len, 1, "one instruction");
	pid = fork();
	if (pid == 0) {
		/* From here on every call fails, even exit: the child ends by a
		 * fault, SIGILL when a check failed, SIGSEGV when all passed. */
		/* A sanitizer's handler could not even exit: none. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) != 0)
			_exit(3);
		if (syscall(SYS_getppid) != -1 || errno != ENOSYS ||
		    syscall(SYS_getpid) != -1 || errno != ENOSYS)
			__builtin_trap();
		syscall(SYS_exit_group, 0);
		*(volatile int *)0 = 0;
		__builtin_trap();
	}
	tap_ok(waitpid(pid, &st, 0) == pid, "the filtered child ended");
	tap_ok(!WIFEXITED(st), "the kernel took the filter");
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) != SIGILL,
	    "with no tracer, calls fail with ENOSYS");
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	    "even exit_group, so that only a fault ended the child");
	return tap_done();
}
