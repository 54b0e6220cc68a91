/* Starts NTHREADS threads (default 8) that each make CALLS sched_yield calls
 * (default 100) while the main thread waits, or, given ROUNDS, meanwhile
 * starts ROUNDS rounds of four short-lived threads that make 3 such calls
 * each and exit. Nothing else makes that call: NTHREADS * CALLS + 12 *
 * ROUNDS in all. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *
worker(void *arg)
{
	long calls = (long)arg;

	for (long i = 0; i < calls; i++)
		syscall(SYS_sched_yield);
	return NULL;
}

/* Start and join ROUNDS rounds of four threads of 3 calls; 0 or 1. */
static int
churn(long rounds)
{
	pthread_t t[4];

	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < 4; i++)
			if (pthread_create(&t[i], NULL, worker, (void *)3L) != 0)
				return 1;
		for (int i = 0; i < 4; i++)
			pthread_join(t[i], NULL);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8;
	long calls = argc > 2 ? atol(argv[2]) : 100;
	pthread_t t[256];

	if (n > 256)
		n = 256;
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)calls) != 0)
			return 1;
	if (argc > 3 && churn(atol(argv[3])) != 0)
		return 1;
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
