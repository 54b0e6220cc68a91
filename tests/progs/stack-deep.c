/* Target of the stack tests: a getppid call 200 calls deep in a recursion,
 * deeper than any stack sandcast keeps; it prints the offset (into this
 * executable) of the return address of the recursive call. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static uintptr_t ret;
static volatile int sink;

__attribute__((noinline)) static int
recurse(int depth)
{
	int r = depth == 0 ? getppid() : recurse(depth - 1);

	if (depth == 1)
		ret = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r + 1;
}

int
main(void)
{
	Dl_info info;

	if (dladdr((void *)main, &info) == 0)
		return 1;
	sink = recurse(200);
	printf("ret %#lx\n", (unsigned long)(ret - (uintptr_t)info.dli_fbase));
	return 0;
}
