/* Starts a child each way a process can: fork, vfork, posix_spawn (of
 * itself, with the argument "child") and a raw clone3; each child makes one
 * getsid call. Exits 0 when all four children exited 0. */
#include <linux/sched.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int
reap(pid_t pid)
{
	int st;

	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0;
}

int
main(int argc, char **argv)
{
	struct clone_args ca;
	char *args[] = { argv[0], (char *)"child", NULL };
	pid_t pid;
	int ok = 1;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return syscall(SYS_getsid, 0) < 0;
	if ((pid = fork()) == 0)
		_exit(syscall(SYS_getsid, 0) < 0);
	ok &= reap(pid);
	if ((pid = vfork()) == 0)
		_exit(syscall(SYS_getsid, 0) < 0);
	ok &= reap(pid);
	ok &= posix_spawn(&pid, argv[0], NULL, NULL, args, environ) == 0 && reap(pid);
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGCHLD;
	if ((pid = syscall(SYS_clone3, &ca, sizeof ca)) == 0)
		syscall(SYS_exit_group, syscall(SYS_getsid, 0) < 0);
	ok &= reap(pid);
	return ok ? 0 : 1;
}
