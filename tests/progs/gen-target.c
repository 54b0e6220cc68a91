/* A target for the gen tests: a few calls with a fixed output and exit
 * status 3. As argument, "extra" adds getppid(), which its profile lacks;
 * "x32" adds the x32 getpid (39 | 0x40000000) from 64-bit code, which a
 * kernel without x32 answers with ENOSYS once the filter lets it through; "sleep"
 * sleeps one second (a stop and continue then makes the kernel issue
 * restart_syscall). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char c;
	int fd = open("/dev/null", O_RDONLY);

	printf("gen-target: read %zd\n", read(fd, &c, 1));
	close(fd);
	if (argc > 1 && strcmp(argv[1], "extra") == 0) {
		int worked;
		errno = 0;
		worked = syscall(SYS_getppid) > 0;
		printf("gen-target: getppid %s, errno %d\n", worked ? "worked" : "failed",
		    errno);
	}
	if (argc > 1 && strcmp(argv[1], "x32") == 0) {
		long r;
		errno = 0;
		r = syscall(39 | 0x40000000);
		printf("gen-target: x32 getpid %ld, errno %d\n", r, errno);
	}
	if (argc > 1 && strcmp(argv[1], "sleep") == 0) {
		struct timespec ts = { 1, 0 };
		printf("gen-target: nanosleep %d\n", nanosleep(&ts, NULL));
	}
	printf("gen-target: done\n");
	return 3;
}
