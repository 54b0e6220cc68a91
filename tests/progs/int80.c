/* Makes the i386 mq_notify (281) through int 0x80, even from an x86-64
 * process, where the kernel runs it as an i386 call. Exits 0 when it
 * failed with EBADF as an i386 mq_notify(-1, NULL) does, else 1. */
#include <errno.h>
#include <stdio.h>

int
main(void)
{
	long ret = 281; /* i386 __NR_mq_notify */

	__asm__ volatile("int $0x80"
	    : "+a"(ret)
	    : "b"(-1), "c"(0)
	    : "memory");
	if (ret != -EBADF) {
		fprintf(stderr, "int80: got %ld, want %d\n", ret, -EBADF);
		return 1;
	}
	return 0;
}
