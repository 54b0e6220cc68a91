/* Checks that signals behave as without a tracer: a handler runs; a child
 * stopped by SIGSTOP is seen stopped by waitpid(WUNTRACED), continues on
 * SIGCONT (seen by WCONTINUED) and exits; a blocked signal waits until
 * sigwaitinfo takes it. Prints what differed and exits 1, or exits 0. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1;

static void
on_usr1(int sig)
{
	got_usr1 = sig;
}

static int
fail(const char *what)
{
	fprintf(stderr, "signals: %s\n", what);
	return 1;
}

static int
check_handler(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	return got_usr1 == SIGUSR1 ? 0 : fail("the SIGUSR1 handler did not run");
}

static int
check_stop_cont(void)
{
	int st, gate[2];
	pid_t pid;
	char c;

	/* The child exits only once the parent closes the gate, so that
	 * its exit cannot hide the WCONTINUED report. */
	if (pipe(gate) != 0)
		return fail("no pipe");
	pid = fork();
	if (pid == 0) {
		close(gate[1]);
		raise(SIGSTOP);
		_exit(read(gate[0], &c, 1) == 0 ? 7 : 8);
	}
	close(gate[0]);
	if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st) ||
	    WSTOPSIG(st) != SIGSTOP)
		return fail("the child was not seen stopped by SIGSTOP");
	kill(pid, SIGCONT);
	if (waitpid(pid, &st, WCONTINUED) != pid || !WIFCONTINUED(st))
		return fail("the child was not seen continued");
	close(gate[1]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7)
		return fail("the child did not exit 7 after SIGCONT");
	return 0;
}

static int
check_blocked(void)
{
	sigset_t set;
	siginfo_t si;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR2);
	if (sigwaitinfo(&set, &si) != SIGUSR2 || si.si_pid != getpid())
		return fail("the blocked SIGUSR2 was not taken by sigwaitinfo");
	return 0;
}

int
main(void)
{
	return check_handler() | check_stop_cont() | check_blocked();
}
