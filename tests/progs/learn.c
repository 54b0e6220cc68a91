/* A target for the learn tests (tests/e2e/learn.sh):
 *
 *	learn MODE [extra]
 *
 * Built with -DSANDCAST_FILTER_C='"file.c"' (the output of "sandcast
 * gen", compiled with or without -DSANDCAST_LEARN), it installs that
 * file's filter first. Each mode prints what it saw and exits 0 when all
 * went as it should:
 *
 *	run     a thread and a SIGUSR1 handler; with "extra", the thread
 *	        calls getppid() and the handler getpgid(), which a profile of
 *	        "run" lacks
 *	none    nothing but its output
 *	mask    blocks SIGUSR2 with sigprocmask() (inside a SIGUSR1 handler,
 *	        then outside), checks that it stays pending and arrives once
 *	        unblocked; with "extra" tries to block SIGSYS too
 *	thread  creates a thread (clone3, or clone when clone3 fails)
 *	fork    fork(), vfork() and posix_spawn() of "PROG none", PROG the
 *	        second argument
 *	sigsys  tries to set SIGSYS: a handler, SIG_IGN, SIG_DFL, its own again
 *	exec    executes the rest of its arguments: PROG [ARG]...
 *	ppid    calls getppid()
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef SANDCAST_FILTER_C
#include SANDCAST_FILTER_C
#endif

static int extra;
static volatile sig_atomic_t usr2_seen;
static long handler_pgid = -2; /* -2: not called; 0 in a VM's init session */

static void
learn_on_usr2(int sig)
{
	(void)sig;
	usr2_seen++;
}

/* The SIGUSR1 handler of "run": with "extra", a call the profile lacks. */
static __attribute__((noinline)) void
learn_on_signal(int sig)
{
	(void)sig;
	if (extra)
		handler_pgid = getpgid(0);
}

/* A pause in each thread, so that pthread_join() always waits (futex):
 * the calls of a run do not depend on which thread is first. */
static void
pause_a_little(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* The thread of "run": with "extra", a call the profile lacks. */
static __attribute__((noinline)) void *
learn_thread_main(void *arg)
{
	long *ppid = arg;

	pause_a_little();
	*ppid = extra ? getppid() : -2;
	return NULL;
}

static int
mode_run(void)
{
	struct sigaction sa;
	pthread_t t;
	long ppid = -1;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = learn_on_signal;
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0 || raise(SIGUSR1) != 0)
		return 1;
	if (pthread_create(&t, NULL, learn_thread_main, &ppid) != 0 ||
	    pthread_join(t, NULL) != 0)
		return 1;
	/* Not compared with the calls made here: the profile would have them. */
	printf("learn: thread getppid %s\n", ppid > 0 ? "worked" :
	    ppid == -2 ? "not called" : "failed");
	printf("learn: handler getpgid %s\n", handler_pgid >= 0 ? "worked" :
	    handler_pgid == -2 ? "not called" : "failed");
	return extra && (ppid <= 0 || handler_pgid < 0);
}

/* Block SIGUSR2 and raise it: pending, not delivered; unblock: delivered. */
static int
mask_round(const char *where)
{
	sigset_t set, old, now;
	int ok;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	usr2_seen = 0;
	ok = sigprocmask(SIG_BLOCK, &set, &old) == 0 && raise(SIGUSR2) == 0 &&
	    usr2_seen == 0 && sigprocmask(SIG_SETMASK, NULL, &now) == 0 &&
	    sigismember(&now, SIGUSR2) && sigprocmask(SIG_SETMASK, &old, NULL) == 0 &&
	    usr2_seen == 1;
	printf("learn: mask %s: %s\n", where, ok ? "right" : "wrong");
	return !ok;
}

static void
learn_mask_in_handler(int sig)
{
	(void)sig;
	mask_round("in a handler");
}

static int
mode_mask(void)
{
	sigset_t set, now;

	signal(SIGUSR2, learn_on_usr2);
	signal(SIGUSR1, learn_mask_in_handler);
	raise(SIGUSR1);
	if (mask_round("in main") != 0)
		return 1;
	if (!extra)
		return 0;
	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("learn: SIGSYS %s\n", sigismember(&now, SIGSYS) ? "blocked" : "not blocked");
	printf("learn: getppid %s\n", getppid() > 0 ? "worked" : "failed");
	return 0;
}

static void *
learn_thread_hello(void *arg)
{
	(void)arg;
	pause_a_little();
	printf("learn: hello from a thread\n");
	return NULL;
}

static int
mode_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, learn_thread_hello, NULL) != 0 ||
	    pthread_join(t, NULL) != 0)
		return 1;
	printf("learn: thread joined\n");
	return 0;
}

/* Wait for PID; print how it ended. */
static int
reap(const char *how, pid_t pid)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 1;
	printf("learn: %s child %s %d\n", how, WIFEXITED(st) ? "exited" : "killed by",
	    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	return !WIFEXITED(st) || WEXITSTATUS(st) != 0;
}

static int
mode_fork(const char *prog)
{
	char *argv[] = { (char *)prog, (char *)"none", NULL };
	pid_t pid;
	int bad;

	fflush(stdout);
	if ((pid = fork()) == 0)
		_exit(0);
	bad = reap("fork", pid);
	if ((pid = vfork()) == 0) {
		execv(prog, argv);
		_exit(127);
	}
	bad |= reap("vfork", pid);
	bad |= posix_spawn(&pid, prog, NULL, NULL, argv, NULL) != 0;
	bad |= reap("posix_spawn", pid);
	return bad;
}

static void
learn_on_sys(int sig)
{
	(void)sig;
}

static int
mode_sigsys(void)
{
	struct sigaction mine, dfl, ign, own;
	int rc;

	memset(&mine, 0, sizeof mine);
	mine.sa_handler = learn_on_sys;
	dfl = ign = mine;
	dfl.sa_handler = SIG_DFL;
	ign.sa_handler = SIG_IGN;
	sigaction(SIGSYS, NULL, &own);
	errno = 0;
	rc = sigaction(SIGSYS, &mine, NULL);
	printf("learn: SIGSYS handler: %d, errno %d\n", rc, errno);
	errno = 0;
	rc = sigaction(SIGSYS, &ign, NULL);
	printf("learn: SIGSYS SIG_IGN: %d, errno %d\n", rc, errno);
	printf("learn: SIGSYS SIG_DFL: %d\n", sigaction(SIGSYS, &dfl, NULL));
	printf("learn: SIGSYS its own again: %d\n", sigaction(SIGSYS, &own, NULL));
	printf("learn: getppid %s\n", getppid() > 0 ? "worked" : "failed");
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "none";

#ifdef SANDCAST_FILTER_C
	if (sandcast_install_filter() != 0) {
		perror("sandcast_install_filter");
		return 125;
	}
#endif
	setvbuf(stdout, NULL, _IOLBF, 0);
	extra = argc > 2 && strcmp(argv[2], "extra") == 0;
	if (strcmp(mode, "run") == 0)
		return mode_run();
	if (strcmp(mode, "mask") == 0)
		return mode_mask();
	if (strcmp(mode, "thread") == 0)
		return mode_thread();
	if (strcmp(mode, "fork") == 0 && argc > 2)
		return mode_fork(argv[2]);
	if (strcmp(mode, "sigsys") == 0)
		return mode_sigsys();
	if (strcmp(mode, "exec") == 0 && argc > 2) {
		execv(argv[2], argv + 2);
		return 127;
	}
	if (strcmp(mode, "ppid") == 0)
		printf("learn: getppid %s\n", getppid() > 0 ? "worked" : "failed");
	else
		printf("learn: %s\n", mode);
	return strcmp(mode, "none") != 0 && strcmp(mode, "ppid") != 0;
}
