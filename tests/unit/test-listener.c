/* Unit tests of tracer/listener (with spawn_notified() of tracer/spawn to
 * start a child under the catch-all notify filter): the probe, a
 * listener's calls in order, a call whose caller was killed, the hang-up
 * when every task has ended, EBUSY under a listener, and an execve that
 * fails. */
#include <errno.h>
#include <linux/filter.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/syscalls.h"
#include "tests/unit/tap.h"
#include "tracer/catchall.h"
#include "tracer/listener.h"
#include "tracer/spawn.h"

/* In a child that has a listener already, the probe: EBUSY. */
static void
test_probe_busy(void)
{
	static struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	static const struct sock_fprog prog = { .len = 1, .filter = allow };
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog) < 0)
			_exit(100);
		_exit(-listener_probe());
	}
	tap_ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == EBUSY,
	    "under a listener already, the probe says EBUSY");
}

/* Start PATH with ARGV under the notify filter, with its listener in L. */
static bool
start(const char *path, char *const argv[], struct spawn_notified *c, struct listener *l)
{
	if (spawn_notified(path, argv, catchall_filter(SECCOMP_RET_USER_NOTIF), c) != 0 ||
	    c->listener < 0)
		return false;
	return listener_open(l, c->listener) == 0;
}

/* Let every call run until every task has ended; return how many came
 * with number NR. */
static int
serve(struct listener *l, int nr)
{
	int n = 0, rc;

	while ((rc = listener_recv(l)) == 0 || rc == -EINTR || !listener_hung_up(l)) {
		if (rc != 0)
			continue;
		n += l->req->data.nr == nr;
		listener_continue(l);
	}
	return n;
}

static void
test_calls(const char *prog)
{
	char three[] = "3", *argv[] = { (char *)prog, three, NULL };
	struct spawn_notified c;
	struct listener l;
	int st;

	tap_ok(start(prog, argv, &c, &l), "spawn_notified hands over the child's listener");
	tap_is_int(listener_recv(&l), 0, "a call comes");
	tap_is_int(l.req->data.nr, syscalls_number(ARCH_X86_64, "execve"),
	    "the first is the child's execve");
	tap_is_int(l.req->pid, c.pid, "made by the child");
	tap_ok(listener_waiting(&l), "which waits for the answer");
	tap_is_int(listener_continue(&l), 0, "and is let run");
	tap_is_int(serve(&l, syscalls_number(ARCH_X86_64, "getppid")), 3,
	    "then the program's 3 getppid calls, until the hang-up");
	tap_ok(listener_hung_up(&l), "which stays");
	tap_is_int(listener_recv(&l), -ENOENT, "no call comes after it");
	tap_ok(waitpid(c.pid, &st, 0) == c.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "the program exited 0");
	tap_ok(!spawn_exec_failed(c.report_fd), "its execve did not fail");
	close(c.report_fd);
	listener_close(&l);
}

static void
test_killed(const char *prog)
{
	char three[] = "3", *argv[] = { (char *)prog, three, NULL };
	struct spawn_notified c;
	struct listener l;

	if (!start(prog, argv, &c, &l) || listener_recv(&l) != 0) {
		tap_ok(false, "a child under the notify filter");
		return;
	}
	kill(c.pid, SIGKILL);
	waitpid(c.pid, NULL, 0);
	tap_ok(!listener_waiting(&l), "a killed caller no longer waits");
	tap_is_int(listener_continue(&l), -ENOENT, "and its call cannot be let run: ENOENT");
	tap_ok(listener_hung_up(&l), "no task is left");
	close(c.report_fd);
	listener_close(&l);
}

static void
test_exec_fails(void)
{
	char *dir = tap_tmp_path("dir");
	char *argv[] = { dir, NULL };
	struct spawn_notified c;
	struct listener l;
	int st;

	mkdir(dir, 0700);
	tap_ok(start(dir, argv, &c, &l), "a directory as the command: the child starts");
	serve(&l, -1);
	tap_ok(waitpid(c.pid, &st, 0) == c.pid && WIFEXITED(st) && WEXITSTATUS(st) == 126,
	    "its execve fails: 126");
	tap_ok(spawn_exec_failed(c.report_fd), "and spawn_exec_failed says so");
	close(c.report_fd);
	listener_close(&l);
	rmdir(dir);
	free(dir);
}

int
main(void)
{
	char *prog = tap_prog_path("getppid-loop");

	/* First: the probe keeps its answer. */
	test_probe_busy();
	if (listener_probe() != 0) {
		tap_skip("the synchronous wake-up", "this kernel lacks it (Linux 6.6): make check-vm runs it on 6.12");
		return tap_done();
	}
	tap_is_int(listener_probe(), 0, "this kernel has synchronous wake-up");
	test_calls(prog);
	test_killed(prog);
	test_exec_fails();
	free(prog);
	return tap_done();
}
