/* From an x86-64 process, makes two raw x32 calls: getpid (39, the number
 * x86-64 uses too) and mq_notify (527, x32's own; 244 is x86-64's). Without
 * CONFIG_X86_X32_ABI both fail with ENOSYS; exits 0 when they did, else 1. */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_BIT 0x40000000L

int
main(void)
{
	int bad = 0;

	errno = 0;
	if (syscall(X32_BIT | 39) != -1 || errno != ENOSYS)
		bad = 1;
	errno = 0;
	if (syscall(X32_BIT | 527, -1, NULL) != -1 || errno != ENOSYS)
		bad = 1;
	if (bad)
		fprintf(stderr, "x32call: an x32 call did not fail with ENOSYS\n");
	return bad;
}
