#include <signal.h>
#include <errno.h>
#include <string.h>

#include "tracer/signals.h"

static const int signals_stop[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define SIGNALS_N (sizeof signals_stop / sizeof *signals_stop)

static struct sigaction signals_saved[SIGNALS_N];
static volatile sig_atomic_t signals_count, signals_last;
static volatile pid_t signals_target;

static void
signals_handler(int sig, siginfo_t *si, void *uctx)
{
	int saved_errno = errno;

	(void)uctx;
	signals_last = sig;
	/* si_code > 0 (SI_KERNEL) is the terminal's signal to the whole
	 * foreground process group: the command has it already. */
	if (++signals_count == 1 && si->si_code <= 0 && signals_target > 0)
		kill(signals_target, sig);
	errno = saved_errno;
}

/* Catch the stop signals that are not ignored; one sent by a process (kill)
 * is passed on to process TARGET, one from the terminal reached it already. */
void
signals_catch(pid_t target)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = signals_handler;
	/* No SA_RESTART: the signal must interrupt the tracer's wait. */
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	signals_target = target;
	signals_count = 0;
	for (size_t i = 0; i < SIGNALS_N; i++) {
		/* One ignored when sandcast started (a background job's
		 * SIGINT) stays ignored, as it is for the command. */
		sigaction(signals_stop[i], NULL, &signals_saved[i]);
		if (signals_saved[i].sa_handler != SIG_IGN)
			sigaction(signals_stop[i], &sa, NULL);
	}
}

/* Pass later stop signals on to TARGET instead (0: to none, once the
 * command has ended and its pid may be another process's). */
void
signals_retarget(pid_t target)
{
	signals_target = target;
}

/* Restore the dispositions signals_catch() found. */
void
signals_restore(void)
{
	for (size_t i = 0; i < SIGNALS_N; i++)
		sigaction(signals_stop[i], &signals_saved[i], NULL);
	signals_target = 0;
}

/* Return how many stop signals came since signals_catch(); *LAST gets the
 * latest one. */
unsigned
signals_pending(int *last)
{
	*last = signals_last;
	return (unsigned)signals_count;
}
