/* A program that makes a child as new libraries do: clone3() first and, when
 * the kernel answers ENOSYS, fork() (the clone call) instead.
 *
 *	clone3-fallback [fork]
 *
 * With "fork" it goes straight to fork(), so that its profile can lack
 * clone3. It prints the way it took and the child's status, and exits 0. */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435 /* the same on x86_64 and i386 */
#endif

/* clone3() with fork()'s semantics; -1 with errno on failure. */
static pid_t
child_by_clone3(void)
{
	struct clone_args args;

	memset(&args, 0, sizeof args);
	args.exit_signal = SIGCHLD;
	return (pid_t)syscall(SYS_clone3, &args, sizeof args);
}

int
main(int argc, char **argv)
{
	int use_fork = argc > 1 && strcmp(argv[1], "fork") == 0, status;
	pid_t pid = use_fork ? -1 : child_by_clone3();

	if (pid < 0 && !use_fork && errno != ENOSYS) {
		perror("clone3");
		return 1;
	}
	if (pid < 0) {
		printf("clone3-fallback: %s\n", use_fork ? "fork" :
		    "clone3 failed with ENOSYS, fork instead");
		fflush(stdout);
		pid = fork();
	} else
		printf("clone3-fallback: clone3\n");
	if (pid == 0)
		_exit(7);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		perror("clone3-fallback");
		return 1;
	}
	printf("clone3-fallback: child exited %d\n", WEXITSTATUS(status));
	return 0;
}
