/* Prints its real and effective user ids: "UID EUID". */
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	printf("%d %d\n", (int)getuid(), (int)geteuid());
	return 0;
}
