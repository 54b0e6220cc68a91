/* Unit tests of tracer/reap: the command's status (exit and signal) kept
 * from the SIGCHLD handler, other children reaped too, and a wait for a
 * command that has not ended yet. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "tracer/reap.h"

/* Fork a child that sleeps MS milliseconds, then exits with STATUS or, when
 * SIG is not 0, kills itself with SIG. */
static pid_t
child(int ms, int status, int sig)
{
	pid_t pid = fork();

	if (pid == 0) {
		usleep((useconds_t)ms * 1000);
		if (sig != 0)
			kill(getpid(), sig);
		_exit(status);
	}
	return pid;
}

static void
wait_ended(void)
{
	for (int i = 0; i < 5000 && !reap_ended(); i++)
		usleep(1000);
}

int
main(void)
{
	pid_t other, cmd;

	other = child(0, 0, 0);
	cmd = child(50, 3, 0);
	reap_start(cmd);
	tap_ok(!reap_ended(), "a command still running has not ended");
	wait_ended();
	tap_ok(reap_ended(), "once it exits, it has ended");
	tap_is_int(reap_finish(), 3, "its exit status");
	tap_ok(waitpid(other, NULL, WNOHANG) < 0 && errno == ECHILD,
	    "another child was reaped by the handler too");

	reap_start(child(0, 0, SIGTERM));
	wait_ended();
	tap_is_int(reap_finish(), 128 + SIGTERM, "killed by SIGTERM: 128+15");

	reap_start(child(100, 7, 0));
	tap_is_int(reap_finish(), 7, "reap_finish waits for a command still running");
	tap_ok(signal(SIGCHLD, SIG_DFL) == SIG_DFL, "and puts the old SIGCHLD action back");
	return tap_done();
}
