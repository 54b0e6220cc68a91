/* Unit tests of tracer/tasks on a real child under the notify filter: a new
 * task read from /proc, its exec followed by a fresh read of its
 * executable, a call of a task that was killed meanwhile, SIGKILL through
 * the task's pidfd, and ended tasks forgotten. */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/strpool.h"
#include "tests/unit/tap.h"
#include "tracer/catchall.h"
#include "tracer/spawn.h"
#include "tracer/tasks.h"

/* Start PROG under the notify filter and receive its first call (its
 * execve) into L. */
static bool
start(const char *prog, struct spawn_notified *c, struct listener *l)
{
	char *argv[] = { (char *)prog, NULL };

	return spawn_notified(prog, argv, catchall_filter(SECCOMP_RET_USER_NOTIF), c) == 0 &&
	    c->listener >= 0 && listener_open(l, c->listener) == 0 && listener_recv(l) == 0;
}

static void
test_exec(const char *prog)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	struct spawn_notified c;
	struct listener l;
	struct tasks t;
	struct proc_thread *th;
	int st;

	self[n > 0 ? n : 0] = '\0';
	if (tasks_init(&t) != 0 || !start(prog, &c, &l)) {
		tap_ok(false, "a child under the notify filter");
		return;
	}
	th = tasks_caller(&t, &l);
	tap_ok(th != NULL && th->tid == c.pid && th->group->tgid == c.pid,
	    "the caller, new: its tid and process");
	tap_ok(th != NULL && th->pidfd >= 0, "with a pidfd");
	tap_ok(th != NULL && tasks_exe(th) == strpool_intern(self),
	    "before its execve, the executable it was forked from");
	tasks_pending(&t, th, PROC_PENDING_EXEC);
	tap_ok(t.pending == 1 && th->group->execs == 1, "its execve is pending");
	listener_continue(&l);
	tap_ok(listener_recv(&l) == 0 && tasks_caller(&t, &l) == th,
	    "its next call: the same task");
	tap_ok(t.pending == 0 && th->group->execs == 0, "whose execve has ended");
	tap_ok(tasks_exe(th) == strpool_intern(prog), "its executable read again: the program");
	tap_is_int(t.procs.ngroups_seen, 1, "one process");
	tasks_kill(th);
	tap_ok(waitpid(c.pid, &st, 0) == c.pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "tasks_kill kills it");
	tap_is_int(tasks_count(&t), 0, "and once it has ended, it is forgotten");
	tasks_free(&t);
	listener_close(&l);
	close(c.report_fd);
}

static void
test_gone(const char *prog)
{
	struct spawn_notified c;
	struct listener l;
	struct tasks t;

	if (tasks_init(&t) != 0 || !start(prog, &c, &l)) {
		tap_ok(false, "a child under the notify filter");
		return;
	}
	kill(c.pid, SIGKILL);
	waitpid(c.pid, NULL, 0);
	tap_ok(tasks_caller(&t, &l) == NULL, "the call of a task killed meanwhile: no task");
	tap_ok(t.procs.threads == NULL && t.procs.ngroups_seen == 0, "none kept or counted");
	tasks_free(&t);
	listener_close(&l);
	close(c.report_fd);
}

int
main(void)
{
	char *prog = tap_prog_path("getppid-loop");

	if (tasks_probe() != 0 || listener_probe() != 0) {
		tap_skip("thread pidfds", "this kernel lacks them (Linux 6.9): make check-vm runs them on 6.12");
		return tap_done();
	}
	test_exec(prog);
	test_gone(prog);
	free(prog);
	strpool_clear();
	return tap_done();
}
