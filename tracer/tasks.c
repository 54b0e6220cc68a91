#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/message.h"
#include "tracer/tasks.h"

/* Pidfds read from the epoll set at a time. */
#define TASKS_BATCH 64

int
tasks_probe(void)
{
	int fd = pidfd_open(gettid(), PIDFD_THREAD);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int
tasks_init(struct tasks *t)
{
	proc_init(&t->procs);
	t->pending = 0;
	t->epfd = epoll_create1(EPOLL_CLOEXEC);
	return t->epfd >= 0 ? 0 : -errno;
}

/* The clone or exec TH made has ended: its new task has its id, or its
 * process its new executable, which the next call reads. */
static void
tasks_settle(struct tasks *t, struct proc_thread *th)
{
	if (th->pending == PROC_PENDING_NONE)
		return;
	if (th->pending == PROC_PENDING_EXEC) {
		th->group->execs--;
		th->group->stale = true;
	}
	th->pending = PROC_PENDING_NONE;
	t->pending--;
}

static void
tasks_forget(struct tasks *t, struct proc_thread *th)
{
	tasks_settle(t, th);
	if (th->pidfd >= 0)
		close(th->pidfd); /* which takes it out of the epoll set */
	free(proc_remove(&t->procs, th));
}

/* Forget the tasks that have ended. */
static void
tasks_forget_ended(struct tasks *t)
{
	struct epoll_event ev[TASKS_BATCH];
	int n, forgotten;

	do {
		n = epoll_wait(t->epfd, ev, TASKS_BATCH, 0);
		forgotten = 0;
		for (int i = 0; i < n; i++) {
			struct proc_thread *th = proc_find(&t->procs,
			    (pid_t)(ev[i].data.u64 >> 32));
			if (th != NULL && th->pidfd == (int)(uint32_t)ev[i].data.u64) {
				tasks_forget(t, th);
				forgotten++;
			}
		}
	} while (n == TASKS_BATCH && forgotten == n);
}

void
tasks_free(struct tasks *t)
{
	while (t->procs.threads != NULL)
		tasks_forget(t, t->procs.threads);
	if (t->epfd >= 0)
		close(t->epfd);
	t->epfd = -1;
}

/* A pidfd of thread TID (of process TGID) that polls readable once it has
 * ended; -1 when there is none to be had. */
static int
tasks_pidfd(pid_t tid, pid_t tgid)
{
	static bool warned;
	/* A leader's thread id is its process's: it cannot be reused before
	 * every thread has ended, and a pidfd of the whole process says when. */
	int fd = pidfd_open(tid, tid == tgid ? 0 : PIDFD_THREAD);

	if (fd < 0 && errno != ESRCH && !warned) {
		msg_warn("cannot watch thread %d for its end (%s): executables may be "
		    "misattributed when thread ids are reused", (int)tid, strerror(errno));
		warned = true;
	}
	return fd;
}

/* Add TID, the caller of the call L holds; NULL when it has ended or no
 * longer waits. */
static struct proc_thread *
tasks_add(struct tasks *t, const struct listener *l, pid_t tid)
{
	pid_t tgid = proc_tgid(tid);
	int pidfd = tasks_pidfd(tid, tgid);
	bool known = proc_group_find(&t->procs, tgid) != NULL;
	/* A new thread of a known process runs what the process runs. */
	const char *exe = known ? NULL : proc_read_exe(tid);
	struct epoll_event ev = { .events = EPOLLIN };
	struct proc_thread *th;

	/* Only while the caller waits is TID surely its id, so that the
	 * pidfd and what /proc said are its own. */
	if (!listener_waiting(l)) {
		if (pidfd >= 0)
			close(pidfd);
		return NULL;
	}
	th = proc_add(&t->procs, tid, tgid);
	if (!known)
		th->group->exe = exe;
	th->pidfd = pidfd;
	ev.data.u64 = (uint64_t)(uint32_t)tid << 32 | (uint32_t)pidfd;
	if (pidfd >= 0 && epoll_ctl(t->epfd, EPOLL_CTL_ADD, pidfd, &ev) != 0) {
		close(pidfd);
		th->pidfd = -1;
	}
	return th;
}

struct proc_thread *
tasks_caller(struct tasks *t, const struct listener *l)
{
	pid_t tid = (pid_t)l->req->pid;
	struct proc_thread *th;

	/* A task that ended may have left its id to one that a clone let run
	 * since then has made: before the table is trusted, it must lose the
	 * ended ones. A clone has made its task (and an exec ended) once its
	 * caller makes another call, or ends; until then, every call looks. */
	if (t->pending > 0)
		tasks_forget_ended(t);
	th = proc_find(&t->procs, tid);
	if (th == NULL)
		return tasks_add(t, l, tid);
	tasks_settle(t, th);
	return th;
}

const char *
tasks_exe(struct proc_thread *th)
{
	struct proc_group *g = th->group;

	/* While an exec is under way, the threads that still run the old
	 * program may call too: each call reads what its own thread runs.
	 * NOTE: a non-leader thread's exec gives it the leader's id, and the
	 * old leader's calls and the new program's come from the same id. */
	if (g->stale || g->execs > 0) {
		g->exe = proc_read_exe(th->tid);
		g->stale = g->execs > 0;
	}
	return g->exe;
}

void
tasks_pending(struct tasks *t, struct proc_thread *th, enum proc_pending what)
{
	tasks_settle(t, th);
	th->pending = what;
	t->pending++;
	if (what == PROC_PENDING_EXEC)
		th->group->execs++;
}

void
tasks_kill(const struct proc_thread *th)
{
	/* Waiting, it still has its id: tgkill cannot hit another task. */
	if (th->pidfd < 0 || pidfd_send_signal(th->pidfd, SIGKILL, NULL, 0) != 0)
		syscall(SYS_tgkill, th->group->tgid, th->tid, SIGKILL);
}

unsigned
tasks_count(struct tasks *t)
{
	tasks_forget_ended(t);
	return HASH_COUNT(t->procs.groups);
}

void
tasks_kill_all(const struct tasks *t)
{
	struct proc_thread *th, *tmp;

	HASH_ITER(hh, t->procs.threads, th, tmp) {
		if (th->pidfd >= 0)
			pidfd_send_signal(th->pidfd, SIGKILL, NULL, 0);
	}
}
