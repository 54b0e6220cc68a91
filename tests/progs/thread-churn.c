/* Threads that end while others make calls: two steady threads each make
 * CALLS getppid calls (default 20000) while the main thread starts ROUNDS
 * rounds (default 200) of four short-lived threads that make 3 getppid calls
 * each and exit. Nothing else makes that call: 2 * CALLS + 12 * ROUNDS in all. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *
worker(void *arg)
{
	long n = (long)arg;

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return NULL;
}

int
main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 200;
	long calls = argc > 2 ? atol(argv[2]) : 20000;
	pthread_t steady[2], brief[4];

	for (int i = 0; i < 2; i++)
		if (pthread_create(&steady[i], NULL, worker, (void *)calls) != 0)
			return 1;
	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < 4; i++)
			if (pthread_create(&brief[i], NULL, worker, (void *)3L) != 0)
				return 1;
		for (int i = 0; i < 4; i++)
			pthread_join(brief[i], NULL);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(steady[i], NULL);
	return 0;
}
