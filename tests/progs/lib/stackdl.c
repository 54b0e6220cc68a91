/* The library "stacks dlopen" loads at run time: its function makes a getppid call. */
#include <unistd.h>

int stackdl_call(void);

/* Make one getppid call from inside this library. */
__attribute__((noinline)) int
stackdl_call(void)
{
	volatile int r = getppid();

	return r != 0;
}
