/* A second library for "stacks reload", loaded where libstackdl was after
 * that one is closed: the same function, at another offset. */
#include <unistd.h>

int stackdl_pad(int);
int stackdl_call(void);

/* Code before stackdl_call, so that its call site is not libstackdl's. */
__attribute__((noinline)) int
stackdl_pad(int n)
{
	volatile int sum = 0;

	for (int i = 0; i < n; i++)
		sum += i * n;
	return sum;
}

/* Make one getppid call from inside this library. */
__attribute__((noinline)) int
stackdl_call(void)
{
	volatile int r = getppid();

	return r != 0;
}
