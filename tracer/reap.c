#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "tracer/reap.h"

static volatile pid_t reap_pid;
static volatile sig_atomic_t reap_done, reap_wstatus;
static struct sigaction reap_saved;

static void
reap_handler(int sig)
{
	int saved_errno = errno, st;
	pid_t pid;

	(void)sig;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (pid == reap_pid) {
			reap_wstatus = st;
			reap_done = 1;
		}
	}
	errno = saved_errno;
}

void
reap_start(pid_t pid)
{
	/* No SA_RESTART: the end of the command interrupts the supervisor's
	 * wait, which then stops passing signals on to it. */
	struct sigaction sa = { .sa_handler = reap_handler, .sa_flags = SA_NOCLDSTOP };

	sigfillset(&sa.sa_mask);
	reap_pid = pid;
	reap_done = 0;
	sigaction(SIGCHLD, &sa, &reap_saved);
	/* One that ended before the handler was there. */
	reap_handler(SIGCHLD);
}

bool
reap_ended(void)
{
	return reap_done;
}

int
reap_finish(void)
{
	sigset_t chld, old;
	int st = 125 << 8; /* as if sandcast failed, should it not be found */

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	sigaction(SIGCHLD, &reap_saved, NULL);
	if (reap_done)
		st = reap_wstatus;
	else
		while (waitpid(reap_pid, &st, 0) < 0 && errno == EINTR)
			;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}
