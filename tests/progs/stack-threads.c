/* Target of the stack tests: three threads (main, a, b) each make one
 * getppid call from their own function, at the same time; it prints the
 * return addresses into main, thread_a and thread_b of those functions, as
 * offsets into this executable, so a test can tell whose stack is whose. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static pthread_barrier_t barrier;
static uintptr_t ret[3]; /* into main, thread_a, thread_b */
static volatile int sink;

NOINLINE static int
call_from(int who)
{
	int r;

	pthread_barrier_wait(&barrier);
	r = getppid();
	ret[who] = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r;
}

NOINLINE static void *
thread_a(void *arg)
{
	sink = call_from(1);
	return arg;
}

NOINLINE static void *
thread_b(void *arg)
{
	sink = call_from(2);
	return arg;
}

int
main(void)
{
	pthread_t a, b;
	Dl_info info;

	if (dladdr((void *)main, &info) == 0)
		return 1;
	pthread_barrier_init(&barrier, NULL, 3);
	if (pthread_create(&a, NULL, thread_a, NULL) != 0 ||
	    pthread_create(&b, NULL, thread_b, NULL) != 0)
		return 1;
	sink = call_from(0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("ret %#lx %#lx %#lx\n",
	    (unsigned long)(ret[0] - (uintptr_t)info.dli_fbase),
	    (unsigned long)(ret[1] - (uintptr_t)info.dli_fbase),
	    (unsigned long)(ret[2] - (uintptr_t)info.dli_fbase));
	return 0;
}
