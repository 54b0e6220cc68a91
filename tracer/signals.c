#include <signal.h>
#include <errno.h>
#include <string.h>

#include "core/message.h"
#include "tracer/signals.h"

static const int signals_stop[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define SIGNALS_N (sizeof signals_stop / sizeof *signals_stop)

static struct sigaction signals_saved[SIGNALS_N];
static sigset_t signals_saved_mask;
static volatile sig_atomic_t signals_count, signals_last;
static volatile pid_t signals_target;
/* Stop signals that may come before the tracer gives up: one, passed on
 * to the command; none more once the command has ended. */
static unsigned signals_allowed;
static bool signals_given_up, signals_installed, signals_held;

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

/* The set of the stop signals. */
static sigset_t
signals_set(void)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < SIGNALS_N; i++)
		sigaddset(&set, signals_stop[i]);
	return set;
}

static void
signals_reset(void)
{
	signals_target = 0;
	signals_count = 0;
	signals_last = 0;
	signals_allowed = 1;
	signals_given_up = false;
}

/* Install the handler where the disposition is not SIG_IGN, then unblock
 * the stop signals: one pending since before is handled now. Once
 * installed, only start counting afresh. */
static void
signals_install(void)
{
	struct sigaction sa;
	sigset_t set = signals_set();

	signals_reset();
	if (signals_installed)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = signals_handler;
	/* No SA_RESTART: the signal must interrupt the tracer's wait. */
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < SIGNALS_N; i++) {
		/* One ignored when sandcast started (a background job's
		 * SIGINT) stays ignored, as it is for the command. */
		sigaction(signals_stop[i], NULL, &signals_saved[i]);
		if (signals_saved[i].sa_handler != SIG_IGN)
			sigaction(signals_stop[i], &sa, NULL);
	}
	signals_installed = true;
	sigprocmask(SIG_UNBLOCK, &set, &signals_saved_mask);
}

void
signals_hold(void)
{
	if (!signals_installed)
		signals_install();
	signals_held = true;
}

int
signals_received(void)
{
	return signals_count > 0 ? signals_last : 0;
}

void
signals_catch(pid_t target)
{
	sigset_t set = signals_set(), old;

	if (!signals_held || !signals_installed)
		signals_install();
	sigprocmask(SIG_BLOCK, &set, &old);
	signals_target = target;
	/* The command did not exist yet, so no terminal signal reached it. */
	if (signals_count > 0 && target > 0)
		kill(target, signals_last);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void
signals_child_reset(void)
{
	if (!signals_installed)
		return;
	for (size_t i = 0; i < SIGNALS_N; i++)
		sigaction(signals_stop[i], &signals_saved[i], NULL);
	sigprocmask(SIG_SETMASK, &signals_saved_mask, NULL);
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
	signals_target = 0;
	if (!signals_held)
		signals_release();
}

void
signals_release(void)
{
	if (!signals_installed)
		return;
	for (size_t i = 0; i < SIGNALS_N; i++)
		sigaction(signals_stop[i], &signals_saved[i], NULL);
	sigprocmask(SIG_SETMASK, &signals_saved_mask, NULL);
	signals_installed = signals_held = false;
}
