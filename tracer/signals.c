#include <signal.h>
#include <errno.h>
#include <string.h>

#include "core/message.h"
#include "tracer/signals.h"

static const int signals_stop[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define SIGNALS_N (sizeof signals_stop / sizeof *signals_stop)

static struct sigaction signals_saved[SIGNALS_N];
static volatile sig_atomic_t signals_count, signals_last;
static volatile pid_t signals_target;
/* Stop signals that may come before the tracer gives up: one, passed on
 * to the command; none more once the command has ended. */
static unsigned signals_allowed;
static bool signals_given_up;

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
	signals_allowed = 1;
	signals_given_up = false;
	for (size_t i = 0; i < SIGNALS_N; i++) {
		/* One ignored when sandcast started (a background job's
		 * SIGINT) stays ignored, as it is for the command. */
		sigaction(signals_stop[i], NULL, &signals_saved[i]);
		if (signals_saved[i].sa_handler != SIG_IGN)
			sigaction(signals_stop[i], &sa, NULL);
	}
}

void
signals_command_ended(void)
{
	/* What the command left running (a background job) gets no signal
	 * passed on: the next stop signal kills it. */
	signals_target = 0;
	signals_allowed = signals_count > 0 ? 1 : 0;
}

int
signals_give_up(void)
{
	if (signals_given_up || (unsigned)signals_count <= signals_allowed)
		return 0;
	signals_given_up = true;
	return signals_last;
}

void
signals_warn_kill(int sig, unsigned nprocs)
{
	msg_warn("%s: killing the %u processes still traced (SIGKILL)",
	    strsignal(sig), nprocs);
}

bool
signals_gave_up(void)
{
	return signals_given_up;
}

void
signals_restore(void)
{
	for (size_t i = 0; i < SIGNALS_N; i++)
		sigaction(signals_stop[i], &signals_saved[i], NULL);
	signals_target = 0;
}
