#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/message.h"
#include "core/syscalls.h"
#include "tracer/owntrace.h"
#include "tracer/proc.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"
#include "tracer/tracee-mem.h"
#include "tracer/tracee.h"
#include "tracer/tracer.h"
#include "tracer/wait.h"

/* The longest the tracer polls for the next stop before it sleeps: longer
 * than the gap between most calls, far shorter than a timeslice (see
 * docs/performance.md for the measurements). */
#define TRACER_POLL_MAX_NS 50000

struct tracer {
	struct proc_table procs;
	const struct tracer_hooks *hooks;
	struct tracer_result *res;
	pid_t main_pid;
	int clone_nr[ARCH_COUNT], clone3_nr[ARCH_COUNT];
};

static void
tracer_resume(pid_t tid, enum __ptrace_request req, int sig)
{
	/* ESRCH: the tracee was killed (SIGKILL) after it stopped. */
	if (ptrace(req, tid, 0, sig) != 0 && errno != ESRCH)
		msg_warn("cannot resume thread %d: %s", (int)tid, strerror(errno));
}

static void
tracer_forget(struct tracer *tr, struct proc_thread *th)
{
	const struct tracer_hooks *h = tr->hooks;
	pid_t tid = th->tid, tgid = th->group->tgid;
	struct proc_group *g = th->group, *gone;

	owntrace_forget(th);
	gone = proc_remove(&tr->procs, th);
	if (h->exit != NULL)
		h->exit(tid, tgid, gone != NULL, &g->user, h->ctx);
	free(gone);
}

/* A process first seen: its executable, and the filters its parent had
 * installed (a child inherits them; a filter installed by the parent
 * between the fork and this first stop is taken too). */
static void
tracer_new_group(struct tracer *tr, struct proc_group *g)
{
	long parent = proc_read_status(g->tgid, "PPid");
	struct proc_group *p = parent > 0 ? proc_group_find(&tr->procs, (pid_t)parent) :
	    NULL;

	g->exe = proc_read_exe(g->tgid);
	g->own_top = p != NULL ? p->own_top : 0;
}

static struct proc_thread *
tracer_thread(struct tracer *tr, pid_t tid)
{
	struct proc_thread *th = proc_find(&tr->procs, tid);

	if (th != NULL)
		return th;
	/* A new task, at its first stop: always before its exit, whereas the
	 * fork or clone event of its parent may come after both. */
	th = proc_add(&tr->procs, tid, proc_tgid(tid));
	if (th->group->nthreads == 1)
		tracer_new_group(tr, th->group);
	return th;
}

/* NOTE: a child made with CLONE_UNTRACED is not attached, whatever the
 * options say, yet it inherits the filter, so that every call it makes
 * fails with ENOSYS (SECCOMP_RET_TRACE with no tracer): LeakSanitizer's
 * helper thread hangs so. The flag is cleared from clone's flags; clone3,
 * whose flags are in the tracee's memory, fails with ENOSYS, after which
 * the C library and the sanitizers use clone. Both must stop for that,
 * also under a filter that allows them (gen/filter.c, filter_trace_clones).
 * Return the errno to deny the call with, or 0. */
static int
tracer_keep_traced(const struct tracer *tr, const struct tracer_event *ev)
{
	uint64_t flags;

	if ((int)ev->nr == tr->clone_nr[ev->arch] && (ev->args[0] & CLONE_UNTRACED) &&
	    tracee_set_arg0(ev->tid, ev->arch, ev->args[0] & ~(uint64_t)CLONE_UNTRACED) != 0)
		return EPERM;
	if ((int)ev->nr == tr->clone3_nr[ev->arch] &&
	    tracee_mem_read(ev->tid, ev->args[0], &flags, sizeof flags) == 0 &&
	    (flags & CLONE_UNTRACED))
		return ENOSYS;
	return 0;
}

/* After the client's verdict on the call of EV, let through (VERDICT 0):
 * a program's own filter answers it, or it installs one; return whether
 * TH must stop at the call's exit. */
static bool
tracer_own(const struct tracer *tr, struct proc_thread *th,
	const struct __ptrace_syscall_info *info, const struct tracer_event *ev,
	int verdict)
{
	const struct tracer_own *own = tr->hooks->own;

	if (own == NULL || verdict != 0)
		return false;
	if (info->seccomp.ret_data != 0)
		return owntrace_answer(own, th, info);
	return owntrace_is_install(ev) && owntrace_install(own, th, ev, SECCOMP_RET_TRACE);
}

/* Hand the call TH is stopped at to the client, and do what it says;
 * return whether TH must stop at the call's exit (PTRACE_SYSCALL). */
static bool
tracer_call(struct tracer *tr, struct proc_thread *th)
{
	const struct tracer_hooks *h = tr->hooks;
	struct __ptrace_syscall_info info;
	struct tracer_event ev;
	int verdict, rc;

	if (th->own == PROC_OWN_SIGSYS)
		th->own = PROC_OWN_NONE;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, th->tid, sizeof info, &info) <= 0 ||
	    info.op != PTRACE_SYSCALL_INFO_SECCOMP || th->quiet || h->call == NULL ||
	    arch_from_audit(info.arch, (uint32_t)info.seccomp.nr, &ev.arch,
	    &ev.nr) != 0)
		return false;
	ev.tid = th->tid;
	ev.tgid = th->group->tgid;
	memcpy(ev.args, info.seccomp.args, sizeof ev.args);
	ev.ip = info.instruction_pointer;
	ev.sp = info.stack_pointer;
	ev.exe = th->group->exe;
	ev.user = &th->group->user;
	verdict = h->call(&ev, h->ctx);
	if (verdict == 0)
		verdict = tracer_keep_traced(tr, &ev);
	if (verdict != 0 && (rc = tracee_deny(th->tid, verdict)) != 0 && rc != -ESRCH)
		msg_warn("cannot deny a call of thread %d: %s", (int)th->tid, strerror(-rc));
	return tracer_own(tr, th, &info, &ev, verdict);
}

static void
tracer_exec(struct tracer *tr, struct proc_thread *th)
{
	const struct tracer_hooks *h = tr->hooks;
	struct proc_group *g = th->group;
	struct proc_thread *former;
	unsigned long msg;

	/* NOTE: a non-leader thread that execs takes the leader's tid; its
	 * former tid vanishes without an exit report (ptrace(2)). */
	if (ptrace(PTRACE_GETEVENTMSG, th->tid, 0, &msg) == 0 &&
	    (pid_t)msg != th->tid &&
	    (former = proc_find(&tr->procs, (pid_t)msg)) != NULL)
		tracer_forget(tr, former);
	g->exe = proc_read_exe(g->tgid);
	th->quiet = false;
	if (h->exec != NULL)
		h->exec(g->tgid, g->exe, &g->user, h->ctx);
}

static bool
is_group_stop(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void
tracer_stop(struct tracer *tr, pid_t tid, int status)
{
	struct proc_thread *th = tracer_thread(tr, tid);
	int event = status >> 16, sig = WSTOPSIG(status);

	/* One that was not yet known when the others were killed, such as a
	 * child forked meanwhile. */
	if (signals_gave_up()) {
		kill(th->group->tgid, SIGKILL);
		return;
	}
	switch (event) {
	case 0:
		/* A syscall-exit-stop (PTRACE_O_TRACESYSGOOD) of a call changed
		 * for a program's own filter: put back what was changed. */
		if (sig == (SIGTRAP | 0x80)) {
			if (tr->hooks->own != NULL)
				owntrace_exit(tr->hooks->own, th);
			break;
		}
		/* A signal-delivery-stop: deliver the signal as it was. */
		if (sig == SIGSYS)
			owntrace_sigsys(th);
		tracer_resume(tid, PTRACE_CONT, sig);
		return;
	case PTRACE_EVENT_SECCOMP:
		if (tracer_call(tr, th)) {
			tracer_resume(tid, PTRACE_SYSCALL, 0);
			return;
		}
		break;
	case PTRACE_EVENT_EXEC:
		tracer_exec(tr, th);
		break;
	case PTRACE_EVENT_STOP:
		/* A group-stop stays a stop, yet the tracer still hears of
		 * SIGCONT and of new signals. */
		if (is_group_stop(sig)) {
			tracer_resume(tid, PTRACE_LISTEN, 0);
			return;
		}
		break;
	}
	tracer_resume(tid, PTRACE_CONT, 0);
}

static void
tracer_exit(struct tracer *tr, pid_t tid, int status)
{
	struct proc_thread *th = proc_find(&tr->procs, tid);

	if (tid == tr->main_pid) {
		tr->res->status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
		    WEXITSTATUS(status);
		tr->res->executed = th == NULL || !th->quiet;
		signals_command_ended();
	}
	if (th != NULL)
		tracer_forget(tr, th);
}

static void
tracer_give_up(struct tracer *tr)
{
	struct proc_group *g, *tmp;
	int sig = signals_give_up();

	if (sig == 0)
		return;
	signals_warn_kill(sig, HASH_COUNT(tr->procs.groups));
	HASH_ITER(hh, tr->procs.groups, g, tmp)
		kill(g->tgid, SIGKILL);
}

static void
tracer_loop(struct tracer *tr)
{
	struct wait_poll poll;

	wait_poll_init(&poll, TRACER_POLL_MAX_NS);
	for (;;) {
		int status;
		pid_t tid = wait_next(&poll, &status);

		if (tid > 0 && WIFSTOPPED(status))
			tracer_stop(tr, tid, status);
		else if (tid > 0)
			tracer_exit(tr, tid, status);
		else if (errno != EINTR)
			return; /* ECHILD: every tracee is gone */
		/* A stop signal that lands after this test, while the tracer
		 * polls or just before it sleeps, is seen at the next event
		 * only. */
		tracer_give_up(tr);
	}
}

int
tracer_run(const char *path, char *const argv[], const struct sock_fprog *filter,
	const struct tracer_hooks *hooks, struct tracer_result *res)
{
	struct tracer tr = { .hooks = hooks, .res = res };
	int rc;

	memset(res, 0, sizeof *res);
	for (int a = 0; a < ARCH_COUNT; a++) {
		tr.clone_nr[a] = syscalls_number(a, "clone");
		tr.clone3_nr[a] = syscalls_number(a, "clone3");
	}
	rc = spawn_traced(path, argv, filter, &tr.main_pid);
	if (rc != 0)
		return rc;
	proc_init(&tr.procs);
	proc_add(&tr.procs, tr.main_pid, tr.main_pid)->quiet = true;
	signals_catch(tr.main_pid);
	tracer_loop(&tr);
	signals_restore();
	/* Threads whose end was never reported (there should be none). */
	while (tr.procs.threads != NULL)
		tracer_forget(&tr, tr.procs.threads);
	res->processes = tr.procs.ngroups_seen;
	return 0;
}

static void __attribute__((noreturn))
tracer_fatal_traced(const char *path, pid_t tracer)
{
	char link[64], comm[64] = "?";
	FILE *f;

	snprintf(link, sizeof link, "/proc/%d/comm", (int)tracer);
	if ((f = fopen(link, "re")) != NULL) {
		if (fgets(comm, sizeof comm, f) != NULL)
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	msg_fatal("cannot trace '%s': sandcast is itself traced, by process %d (%s), "
	    "which traces its children too, and a process has only one tracer: "
	    "run sandcast outside strace -f, gdb or another sandcast", path,
	    (int)tracer, comm);
}

void
tracer_fatal(const char *path, int rc)
{
	long tracer = proc_read_status(getpid(), "TracerPid");

	if (rc == -EPERM && tracer > 0)
		tracer_fatal_traced(path, (pid_t)tracer);
	if (rc == -EPERM)
		msg_fatal("cannot trace '%s': ptrace is not permitted here (see "
		    "kernel.yama.ptrace_scope, or a container's seccomp profile "
		    "and CAP_SYS_PTRACE)", path);
	msg_fatal("cannot trace '%s': %s", path, strerror(-rc));
}
