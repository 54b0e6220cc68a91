/* Unit tests of tracer/catchall: the kernel accepts both catch-all filters
 * and, with no tracer attached or no listener, fails every call with ENOSYS. */
#include <errno.h>
#include <signal.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "tracer/catchall.h"

static void
test_action(uint32_t action, const char *what)
{
	const struct sock_fprog *prog = catchall_filter(action);
	pid_t pid;
	int st;

	tap_ok(prog->len == 1 && prog->filter[0].k == action, "%s: one instruction", what);
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
	tap_ok(waitpid(pid, &st, 0) == pid, "%s: the filtered child ended", what);
	tap_ok(!WIFEXITED(st), "%s: the kernel took the filter", what);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) != SIGILL,
	    "%s: with no one to hear, calls fail with ENOSYS", what);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	    "%s: even exit_group, so that only a fault ended the child", what);
}

int
main(void)
{
	test_action(SECCOMP_RET_TRACE, "SECCOMP_RET_TRACE");
	test_action(SECCOMP_RET_USER_NOTIF, "SECCOMP_RET_USER_NOTIF");
	tap_ok(catchall_filter(SECCOMP_RET_USER_NOTIF) != catchall_filter(SECCOMP_RET_TRACE),
	    "two filters");
	return tap_done();
}
