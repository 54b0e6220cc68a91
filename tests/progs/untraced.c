/* Starts two children with CLONE_UNTRACED, as LeakSanitizer starts its
 * helper: one with clone3 (falling back to clone when clone3 fails with
 * ENOSYS, as the C library does), one with clone. Each makes a getsid call
 * and exits 0 when it succeeded. Exits 0 when both children exited 0. */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int
child_ok(pid_t pid)
{
	int st;

	if (pid == 0)
		syscall(SYS_exit_group, syscall(SYS_getsid, 0) < 0);
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0;
}

static pid_t
untraced_clone(void)
{
	/* x86-64 and i386 alike: flags first, then no new stack. */
	return (pid_t)syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
}

int
main(void)
{
	struct clone_args ca;
	pid_t pid;
	int ok;

	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_UNTRACED;
	ca.exit_signal = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, &ca, sizeof ca);
	if (pid < 0 && errno == ENOSYS)
		pid = untraced_clone();
	ok = child_ok(pid);
	ok &= child_ok(untraced_clone());
	return ok ? 0 : 1;
}
