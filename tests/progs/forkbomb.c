/* A binary tree of processes DEPTH levels deep (default 8: 511 processes),
 * each forking its two children before waiting for them, each making one
 * getsid call. Exits 0 when every child exited 0. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int
node(int depth)
{
	pid_t kids[2];
	int ok = 1;

	syscall(SYS_getsid, 0);
	for (int i = 0; i < 2 && depth > 0; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			_exit(node(depth - 1));
		if (kids[i] < 0)
			return 1;
	}
	for (int i = 0; i < 2 && depth > 0; i++) {
		int st;
		if (waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			ok = 0;
	}
	return ok ? 0 : 1;
}

int
main(int argc, char **argv)
{
	return node(argc > 1 ? atoi(argv[1]) : 8);
}
