#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/message.h"
#include "core/syscalls.h"
#include "tracer/catchall.h"
#include "tracer/listener.h"
#include "tracer/notify.h"
#include "tracer/owntrace.h"
#include "tracer/reap.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"
#include "tracer/tasks.h"

/* The calls after which a task may have a new id (a clone) or its process
 * a new executable (an exec), without an event saying so. */
static const struct {
	const char *name;
	enum proc_pending kind;
} notify_watched[] = {
	{ "clone", PROC_PENDING_CLONE }, { "clone3", PROC_PENDING_CLONE },
	{ "fork", PROC_PENDING_CLONE }, { "vfork", PROC_PENDING_CLONE },
	{ "execve", PROC_PENDING_EXEC }, { "execveat", PROC_PENDING_EXEC },
};
#define NOTIFY_WATCHED (sizeof notify_watched / sizeof *notify_watched)

struct notify {
	struct listener l;
	struct tasks tasks;
	const struct tracer_hooks *hooks;
	bool started;    /* the command's first execve has been let run */
	bool cmd_ended;  /* the command (not what it left running) has ended */
	int watched_nr[ARCH_COUNT][NOTIFY_WATCHED];
};

int
notify_probe(void)
{
	int rc = listener_probe();

	return rc != 0 ? rc : tasks_probe();
}

static enum proc_pending
notify_kind(const struct notify *n, enum arch arch, uint32_t nr)
{
	for (size_t i = 0; i < NOTIFY_WATCHED; i++) {
		if (n->watched_nr[arch][i] == (int)nr)
			return notify_watched[i].kind;
	}
	return PROC_PENDING_NONE;
}

/* The call of TH in the request N received, as the tracer tells of it. */
static struct tracer_event
notify_event(const struct notify *n, struct proc_thread *th, enum arch arch,
	uint32_t nr, const char *exe)
{
	const struct seccomp_data *d = &n->l.req->data;
	struct tracer_event ev = {
		.tid = th->tid, .tgid = th->group->tgid, .arch = arch, .nr = nr,
		.ip = d->instruction_pointer, .exe = exe,
	};

	memcpy(ev.args, d->args, sizeof ev.args);
	return ev;
}

/* Hand the call of TH, let run, to the client. */
static void
notify_report(struct notify *n, struct proc_thread *th, enum arch arch, uint32_t nr,
	const char *exe)
{
	struct tracer_event ev = notify_event(n, th, arch, nr, exe);

	n->hooks->call(&ev, n->hooks->ctx);
}

/* The call of TH, not yet let run: when it installs a filter of the
 * program's own, which can only be seen, say so to the client. */
static void
notify_own(struct notify *n, struct proc_thread *th, enum arch arch, uint32_t nr,
	const char *exe)
{
	struct tracer_event ev = notify_event(n, th, arch, nr, exe);

	if (owntrace_is_install(&ev))
		owntrace_seen(n->hooks->own, &ev, SECCOMP_RET_USER_NOTIF);
}

/* The call received: let it run, then record it. */
static void
notify_call(struct notify *n)
{
	const struct seccomp_data *d = &n->l.req->data;
	struct proc_thread *th = tasks_caller(&n->tasks, &n->l);
	enum proc_pending kind = PROC_PENDING_NONE;
	const char *exe = NULL;
	enum arch arch;
	uint32_t nr;
	bool known;

	if (th == NULL)
		return; /* killed or interrupted: the call did not run */
	if (signals_gave_up()) {
		/* One that was not yet known when the others were killed,
		 * such as a child forked meanwhile. */
		tasks_kill(th);
		return;
	}
	known = arch_from_audit(d->arch, (uint32_t)d->nr, &arch, &nr) == 0;
	if (known)
		kind = notify_kind(n, arch, nr);
	if (n->started)
		exe = tasks_exe(th); /* before an exec changes it */
	if (known && n->started && n->hooks->own != NULL)
		notify_own(n, th, arch, nr, exe);
	/* Counted only once it runs: the answer fails when the caller was
	 * killed meanwhile (received, it waits killable: no other signal
	 * withdraws it; one that came before made it never reach sandcast). */
	if (listener_continue(&n->l) != 0)
		return;
	if (kind != PROC_PENDING_NONE)
		tasks_pending(&n->tasks, th, kind);
	if (!n->started) {
		/* The command's own execve and what sandcast did before it. */
		n->started = kind == PROC_PENDING_EXEC;
		return;
	}
	if (known && n->hooks->call != NULL)
		notify_report(n, th, arch, nr, exe);
}

/* After each wake-up: the command's end, and the stop signals sandcast got. */
static void
notify_signals(struct notify *n)
{
	int sig;

	if (!n->cmd_ended && reap_ended()) {
		n->cmd_ended = true;
		signals_command_ended();
	}
	sig = signals_give_up();
	if (sig == 0)
		return;
	signals_warn_kill(sig, tasks_count(&n->tasks));
	tasks_kill_all(&n->tasks);
}

static void
notify_loop(struct notify *n)
{
	for (;;) {
		int rc = listener_recv(&n->l);

		if (rc == 0)
			notify_call(n);
		else if (rc == -ENOENT && listener_hung_up(&n->l))
			return; /* every task under the filter has ended */
		else if (rc != -EINTR && rc != -ENOENT) {
			/* Closing the listener would fail their calls with
			 * ENOSYS: better that they end now. */
			msg_warn("cannot receive the next call: %s", strerror(-rc));
			signals_warn_kill(SIGKILL, tasks_count(&n->tasks));
			tasks_kill_all(&n->tasks);
			return;
		}
		notify_signals(n);
	}
}

/* A pidfd per task: let sandcast have as many as it may. The command keeps
 * the limit it had, having been forked before. */
static void
notify_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Serve the calls of the command under listener FD until every task under
 * it has ended; 0 or -errno when that cannot start. */
static int
notify_serve(struct notify *n, int fd, pid_t pid)
{
	int rc = listener_open(&n->l, fd);

	if (rc == 0)
		rc = tasks_init(&n->tasks);
	if (rc != 0) {
		kill(pid, SIGKILL);
		return rc;
	}
	notify_raise_nofile();
	signals_catch(pid);
	notify_loop(n);
	signals_restore();
	return 0;
}

int
notify_run(const char *path, char *const argv[], const struct tracer_hooks *hooks,
	struct tracer_result *res)
{
	struct notify n = { .l = { .fd = -1 }, .tasks = { .epfd = -1 }, .hooks = hooks };
	struct spawn_notified child;
	int rc;

	memset(res, 0, sizeof *res);
	for (int a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < NOTIFY_WATCHED; i++)
			n.watched_nr[a][i] = syscalls_number(a, notify_watched[i].name);
	}
	rc = spawn_notified(path, argv, catchall_filter(SECCOMP_RET_USER_NOTIF), &child);
	if (rc != 0)
		return rc;
	reap_start(child.pid);
	if (child.listener >= 0)
		rc = notify_serve(&n, child.listener, child.pid);
	res->status = reap_finish();
	res->executed = rc == 0 && n.started && !spawn_exec_failed(child.report_fd);
	res->processes = n.tasks.procs.ngroups_seen;
	close(child.report_fd);
	tasks_free(&n.tasks);
	listener_close(&n.l);
	return rc;
}

void
notify_fatal(const char *path, int rc)
{
	msg_fatal("cannot record '%s' with --backend notify: %s%s", path, strerror(-rc),
	    rc == -EPERM ? " (pidfd_getfd(2) needs the right to ptrace the child: "
	    "see kernel.yama.ptrace_scope; or use --backend ptrace)" : "");
}
