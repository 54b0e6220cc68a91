/* Calls one glibc function whose system calls core/fallbacks.c describes
 * and prints what came of it:
 *
 *	glibc-probes WHAT
 *
 * "ok" when the function did its job, else the error's name (ENOSYS,
 * EOVERFLOW, ...). tests/e2e/fallbacks.sh runs it with the newer call
 * failing with ENOSYS to see whether glibc falls back. 64-bit times even
 * for -m32, as a program built for 2038 has them. */
#define _FILE_OFFSET_BITS 64
#define _TIME_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Print "ok" when RC is 0, else the name of errno. */
static int
said(int rc)
{
	const char *name = strerrorname_np(errno);

	puts(rc == 0 ? "ok" : name != NULL ? name : "E?");
	return 0;
}

static void *
thread_main(void *arg)
{
	return arg;
}

static int
do_thread(void)
{
	pthread_t t;
	int rc = pthread_create(&t, NULL, thread_main, NULL);

	if (rc == 0)
		pthread_join(t, NULL);
	errno = rc;
	return said(rc != 0 ? -1 : 0);
}

static int
do_spawn(void)
{
	char *argv[] = { "true", NULL };
	int status = 1, rc;
	pid_t pid;

	rc = posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ);
	if (rc == 0)
		waitpid(pid, &status, 0);
	errno = rc != 0 ? rc : EINVAL;
	return said(rc == 0 && status == 0 ? 0 : -1);
}

/* closefrom() leaves no descriptor from 3 up open. */
static int
do_closefrom(void)
{
	int fd = dup2(1, 9);

	closefrom(3);
	if (fd == 9 && fcntl(9, F_GETFD) < 0 && errno == EBADF)
		return said(0);
	errno = EINVAL;
	return said(-1);
}

static int
do_preadv2(void)
{
	char buf[4];
	struct iovec v = { buf, sizeof buf };
	int fd = open("/etc/passwd", O_RDONLY);

	return said(preadv2(fd, &v, 1, 0, 0) == (ssize_t)sizeof buf ? 0 : -1);
}

static int
do_pwritev2(void)
{
	char name[] = "/tmp/glibc-probes.XXXXXX";
	struct iovec v = { name, 4 };
	int fd = mkstemp(name);

	unlink(name);
	return said(pwritev2(fd, &v, 1, 0, 0) == 4 ? 0 : -1);
}

/* fexecve() of echo prints "ok" itself. */
static int
do_fexecve(void)
{
	char *argv[] = { "echo", "ok", NULL };
	int fd = open("/bin/echo", O_RDONLY);

	fexecve(fd, argv, environ);
	return said(-1);
}

static int
do_statx(void)
{
	struct statx sx;

	return said(statx(AT_FDCWD, "/etc/passwd", 0, STATX_SIZE, &sx));
}

static int
do_stat(void)
{
	struct stat st;

	return said(stat("/etc/passwd", &st));
}

static int
do_timer(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_NONE };
	struct itimerspec it = { { 0, 0 }, { 100, 0 } }, got;
	timer_t t;

	if (timer_create(CLOCK_MONOTONIC, &ev, &t) != 0 || timer_settime(t, 0, &it, NULL) != 0)
		return said(-1);
	return said(timer_gettime(t, &got) == 0 && got.it_value.tv_sec > 0 ? 0 : -1);
}

static int
do_timerfd(void)
{
	struct itimerspec it = { { 0, 0 }, { 100, 0 } }, got;
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);

	if (timerfd_settime(fd, 0, &it, NULL) != 0)
		return said(-1);
	return said(timerfd_gettime(fd, &got) == 0 && got.it_value.tv_sec > 0 ? 0 : -1);
}

/* recvmmsg() on an empty socket: EAGAIN means it reached the kernel. */
static int
do_recvmmsg(void)
{
	struct timespec ts = { 0, 1000 };
	struct mmsghdr m;
	int sv[2];

	memset(&m, 0, sizeof m);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	if (recvmmsg(sv[0], &m, 1, MSG_DONTWAIT, &ts) < 0 && errno == EAGAIN)
		return said(0);
	return said(-1);
}

static int
do_clock_getres(void)
{
	struct timespec ts;

	return said(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &ts));
}

static int
do_clock_gettime_cpu(void)
{
	struct timespec ts;

	return said(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts));
}

static int
do_clock_adjtime(void)
{
	struct timex tx = { .modes = 0 };

	return said(clock_adjtime(CLOCK_REALTIME, &tx) < 0 ? -1 : 0);
}

static int
do_sched_rr(void)
{
	struct timespec ts;

	return said(sched_rr_get_interval(0, &ts));
}

/* A file time past 2038: the 64-bit-time call is the only one that can set it. */
static int
do_utimensat_wide(void)
{
	char name[] = "/tmp/glibc-probes.XXXXXX";
	struct timespec ts[2] = { { (time_t)INT64_C(1) << 33, 0 }, { (time_t)INT64_C(1) << 33, 0 } };
	int fd = mkstemp(name), rc;

	close(fd);
	rc = utimensat(AT_FDCWD, name, ts, 0);
	unlink(name);
	return said(rc);
}

static int
do_faccessat(void)
{
	return said(faccessat(AT_FDCWD, "/etc/passwd", R_OK, AT_EACCESS));
}

static int
do_nothing(void)
{
	return said(0);
}

static const struct {
	const char *name;
	int (*fn)(void);
} probes[] = {
	{ "thread", do_thread }, { "spawn", do_spawn }, { "faccessat", do_faccessat },
	{ "closefrom", do_closefrom }, { "preadv2", do_preadv2 },
	{ "pwritev2", do_pwritev2 }, { "fexecve", do_fexecve }, { "statx", do_statx },
	{ "stat", do_stat }, { "timer", do_timer }, { "timerfd", do_timerfd },
	{ "recvmmsg", do_recvmmsg }, { "clock_getres", do_clock_getres },
	{ "clock_gettime_cpu", do_clock_gettime_cpu },
	{ "clock_adjtime", do_clock_adjtime }, { "sched_rr", do_sched_rr },
	{ "utimensat_wide", do_utimensat_wide }, { "nothing", do_nothing },
};

int
main(int argc, char **argv)
{
	for (size_t i = 0; argc == 2 && i < sizeof probes / sizeof *probes; i++) {
		if (strcmp(argv[1], probes[i].name) == 0) {
			fflush(stdout);
			return probes[i].fn();
		}
	}
	fprintf(stderr, "usage: glibc-probes WHAT (thread, spawn, ...)\n");
	return 2;
}
