/* A thread other than the main one execs argv[1] with the rest of the
 * arguments while the other threads wait in blocking calls: the main thread
 * in pause(), two more in read() of a pipe that never gets a byte. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char **next;
static int never[2];
static pthread_barrier_t started;

static void *
reader(void *arg)
{
	char c;

	(void)arg;
	pthread_barrier_wait(&started);
	if (read(never[0], &c, 1) < 0)
		perror("read");
	return NULL;
}

static void *
execer(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&started);
	usleep(20000); /* the readers are in read() by now */
	execv(next[0], next);
	perror(next[0]);
	_exit(1);
}

int
main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 2 || pipe(never) != 0)
		return 2;
	next = argv + 1;
	pthread_barrier_init(&started, NULL, 3);
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t, NULL, reader, NULL) != 0)
			return 1;
	if (pthread_create(&t, NULL, execer, NULL) != 0)
		return 1;
	for (;;)
		pause();
}
