/* A child subreaper: its child forks a grandchild and exits at once; the
 * orphaned grandchild, reparented to this process, makes a getsid call and
 * exits 7. Exits 0 when this process reaped both with their statuses (0 and
 * 7), else 1. */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	int st, reaped = 0, ok = 1;
	pid_t child, pid;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		return 1;
	child = fork();
	if (child == 0) {
		if (fork() == 0) {
			usleep(100000); /* until its parent is gone */
			_exit(getppid() == getpid() || syscall(SYS_getsid, 0) < 0 ? 1 : 7);
		}
		_exit(0);
	}
	while ((pid = wait(&st)) > 0) {
		reaped++;
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == (pid == child ? 0 : 7);
	}
	if (!ok || reaped != 2)
		fprintf(stderr, "subreaper: %d reaped, ok %d\n", reaped, ok);
	return ok && reaped == 2 ? 0 : 1;
}
