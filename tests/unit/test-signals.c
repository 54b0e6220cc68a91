/* Unit tests of tracer/signals: a stop signal sent by a process is passed on
 * once, the second one (or the first after the command ended) makes the
 * tracer give up, once, and the old dispositions come back. */
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
	int st;

	signal(SIGHUP, SIG_IGN);
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	signals_catch(child);
	tap_is_int(signals_give_up(), 0, "no signal: no giving up");
	kill(getpid(), SIGTERM);
	tap_ok(waitpid(child, &st, 0) == child && WIFSIGNALED(st) &&
	    WTERMSIG(st) == SIGTERM, "a SIGTERM from kill is passed on to the target");
	tap_is_int(signals_give_up(), 0, "the first one does not make the tracer give up");
	kill(getpid(), SIGINT);
	tap_is_int(signals_give_up(), SIGINT, "a second one does, and is the one named");
	tap_ok(signals_gave_up(), "the tracer has given up");
	kill(getpid(), SIGTERM);
	tap_is_int(signals_give_up(), 0, "and is told so once");
	signals_restore();

	signals_catch(0);
	tap_ok(!signals_gave_up(), "a new catch starts afresh");
	signals_command_ended();
	kill(getpid(), SIGTERM);
	tap_is_int(signals_give_up(), SIGTERM,
	    "once the command has ended, the first one makes the tracer give up");
	signals_restore();
	signals_catch(0);
	kill(getpid(), SIGTERM);
	signals_command_ended();
	tap_is_int(signals_give_up(), 0,
	    "one that came before the command ended (it went to the command) does not");
	kill(getpid(), SIGTERM);
	tap_is_int(signals_give_up(), SIGTERM, "the next one does");
	signals_restore();
	sigaction(SIGTERM, NULL, &old);
	tap_ok(old.sa_handler == SIG_DFL, "the default disposition is back");
	sigaction(SIGHUP, NULL, &old);
	tap_ok(old.sa_handler == SIG_IGN, "an ignored signal stayed ignored");
	return tap_done();
}
