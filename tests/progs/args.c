/* Makes calls whose arguments the argument table keeps, from threads too:
 *
 *	args [ioctl|packet|wx|userns]
 *	args -l N
 *
 * Always: socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC), ioctl(TCGETS) on
 * /dev/null (ENOTTY), a read-write mmap made read-only by mprotect, and
 * four threads that each make fcntl(F_GETFD). Given a word, then one call
 * with a value those did not have: ioctl TIOCSTI (on /dev/null: harmless),
 * socket(AF_PACKET), a writable and executable mmap, unshare(CLONE_NEWUSER).
 * Prints what each call returned and "args: done", and exits with 3. With
 * -l N, times N ioctl(TCGETS) calls on /dev/null instead and prints the
 * nanoseconds per call (what an argument check costs: scripts/bench-args.sh). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void
say(const char *what, long rc)
{
	printf("%s: %s\n", what, rc < 0 ? strerror(errno) : "ok");
}

static void *
worker(void *arg)
{
	(void)arg;
	return (void *)(long)fcntl(0, F_GETFD);
}

/* Not inlined: stacks name it. */
__attribute__((noinline)) static void
usual(int null)
{
	struct termios t;
	pthread_t th[4];
	void *p;
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	say("socket", s);
	say("ioctl TCGETS", ioctl(null, TCGETS, &t));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mmap", p == MAP_FAILED ? -1 : 0);
	say("mprotect", mprotect(p, 4096, PROT_READ));
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	close(s);
}

__attribute__((noinline)) static void
unusual(const char *what, int null)
{
	char c = 0;
	void *p;

	if (strcmp(what, "ioctl") == 0) {
		say("ioctl TIOCSTI", ioctl(null, TIOCSTI, &c));
	} else if (strcmp(what, "packet") == 0) {
		say("socket AF_PACKET", socket(AF_PACKET, SOCK_RAW, 0));
	} else if (strcmp(what, "wx") == 0) {
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		say("mmap wx", p == MAP_FAILED ? -1 : 0);
	} else if (strcmp(what, "userns") == 0) {
		say("unshare CLONE_NEWUSER", unshare(CLONE_NEWUSER));
	}
}

/* Time N ioctl(TCGETS) calls on NULL; print ns per call with write() alone. */
static int
loop(int null, long n)
{
	struct timespec a, b;
	struct termios t;
	char buf[64];
	double ns;

	ioctl(null, TCGETS, &t);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		ioctl(null, TCGETS, &t);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
	return write(1, buf, (size_t)snprintf(buf, sizeof buf, "%.2f\n", ns)) < 0;
}

int
main(int argc, char **argv)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (argc > 2 && strcmp(argv[1], "-l") == 0)
		return loop(null, atol(argv[2]));
	setvbuf(stdout, NULL, _IONBF, 0);
	usual(null);
	if (argc > 1)
		unusual(argv[1], null);
	printf("args: done\n");
	return 3;
}
