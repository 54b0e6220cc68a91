/* Unit tests of tracer/signals: a stop signal sent by a process is passed on
 * once, counted, and the old dispositions come back. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "tracer/signals.h"

int
main(void)
{
	struct sigaction old;
	pid_t child;
	int st, last = 0;

	signal(SIGHUP, SIG_IGN);
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	signals_catch(child);
	kill(getpid(), SIGTERM);
	tap_ok(waitpid(child, &st, 0) == child && WIFSIGNALED(st) &&
	    WTERMSIG(st) == SIGTERM, "a SIGTERM from kill is passed on to the target");
	tap_is_int(signals_pending(&last), 1, "and counted");
	tap_is_int(last, SIGTERM, "as the latest");
	kill(getpid(), SIGINT);
	tap_is_int(signals_pending(&last), 2, "a second one is counted too");
	tap_is_int(last, SIGINT, "as the latest");
	signals_restore();
	sigaction(SIGTERM, NULL, &old);
	tap_ok(old.sa_handler == SIG_DFL, "the default disposition is back");
	sigaction(SIGHUP, NULL, &old);
	tap_ok(old.sa_handler == SIG_IGN, "an ignored signal stayed ignored");
	return tap_done();
}
