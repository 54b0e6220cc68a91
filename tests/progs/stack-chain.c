/* Target of the stack tests: main -> f0 -> f1 -> f2 -> f3, each noinline, f3
 * making the program's only getppid call. It prints, as offsets into this
 * executable (address - start of its first mapping), where f0..f3 start and
 * the return addresses into main, f0, f1 and f2, so a test can check the
 * recorded frames without a symbolizer. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static uintptr_t base;
static uintptr_t ret[4]; /* return addresses into main, f0, f1, f2 */
static volatile int sink;

static uintptr_t
offset(const void *p)
{
	return (uintptr_t)p - base;
}

NOINLINE int
f3(void)
{
	int r = getppid();

	ret[3] = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r != 0;
}

NOINLINE int
f2(void)
{
	int r = f3();

	ret[2] = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r + 1;
}

NOINLINE int
f1(void)
{
	int r = f2();

	ret[1] = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r + 1;
}

NOINLINE int
f0(void)
{
	int r = f1();

	ret[0] = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r + 1;
}

int
main(void)
{
	Dl_info info;
	int r;

	if (dladdr((void *)f0, &info) == 0)
		return 1;
	base = (uintptr_t)info.dli_fbase;
	r = f0();
	printf("f0 %#lx f1 %#lx f2 %#lx f3 %#lx\n", (unsigned long)offset((void *)f0),
	    (unsigned long)offset((void *)f1), (unsigned long)offset((void *)f2),
	    (unsigned long)offset((void *)f3));
	printf("ret %#lx %#lx %#lx %#lx\n", (unsigned long)(ret[3] - base),
	    (unsigned long)(ret[2] - base), (unsigned long)(ret[1] - base),
	    (unsigned long)(ret[0] - base));
	return r == 4 ? 0 : 1;
}
