/* Installs seccomp filters, then execs a command or times getppid():
 *
 *	filter-exec [-f FILTER.bpf]... [-l N | CMD [ARG]...]
 *
 * Each -f file (raw struct sock_filter, as "sandcast gen --format bpf"
 * writes) is installed in order; -l N then times N getppid() calls and
 * prints the nanoseconds per call. Built with
 * -DSANDCAST_FILTER_C='"file.c"' (the output of "sandcast gen"), it then
 * installs that file's filter through sandcast_install_filter(), under the
 * -f ones (which can so make its seccomp() fail). */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifdef SANDCAST_FILTER_C
#include SANDCAST_FILTER_C
#endif

static void
die(const char *what)
{
	fprintf(stderr, "filter-exec: %s: %s\n", what, strerror(errno));
	exit(125);
}

static void
install_bpf(const char *path)
{
	static struct sock_filter insns[BPF_MAXINSNS];
	struct sock_fprog prog = { 0, insns };
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, insns, sizeof insns);

	if (n < 0)
		die(path);
	close(fd);
	prog.len = (unsigned short)(n / (ssize_t)sizeof *insns);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		die(path);
}

/* Time N getppid() calls; print ns per call with write() alone, so that
 * the filter needs only getppid, write and exit_group (and clock_gettime
 * where the clock source has no vDSO reading: TCG VMs). One getppid comes
 * first, so that a filter without it refuses getppid before anything else. */
static void
loop(long n)
{
	struct timespec a, b;
	char buf[64];
	double ns;

	syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
	if (write(1, buf, (size_t)snprintf(buf, sizeof buf, "%.2f\n", ns)) < 0)
		_exit(1);
	_exit(0);
}

int
main(int argc, char **argv)
{
	int i = 1;

	for (; i + 1 < argc && strcmp(argv[i], "-f") == 0; i += 2)
		install_bpf(argv[i + 1]);
#ifdef SANDCAST_FILTER_C
	if (sandcast_install_filter() != 0)
		die("sandcast_install_filter");
#endif
	if (i + 1 < argc && strcmp(argv[i], "-l") == 0)
		loop(atol(argv[i + 1]));
	if (i >= argc) {
		fprintf(stderr, "usage: filter-exec [-f FILTER.bpf]... [-l N | CMD [ARG]...]\n");
		return 125;
	}
	execv(argv[i], argv + i);
	die(argv[i]);
}
