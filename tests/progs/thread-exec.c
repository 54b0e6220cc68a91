/* A thread other than the main one execs argv[1] with the rest of the
 * arguments while the main thread waits in pause(). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char **next;

static void *
execer(void *arg)
{
	(void)arg;
	execv(next[0], next);
	perror(next[0]);
	_exit(1);
}

int
main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 2)
		return 2;
	next = argv + 1;
	if (pthread_create(&t, NULL, execer, NULL) != 0)
		return 1;
	for (;;)
		pause();
}
