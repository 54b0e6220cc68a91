/* The program of tests/e2e/baseline.sh, linked against libtick.so (whichever
 * version its run path, lib/ beside it, finds): prints whether /etc/passwd
 * is readable. */
#include <stdio.h>

int tick_readable(const char *path);

int
main(void)
{
	printf("tick: /etc/passwd is %sreadable\n", tick_readable("/etc/passwd") ? "" : "not ");
	return 0;
}
