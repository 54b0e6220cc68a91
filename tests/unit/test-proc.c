/* Unit tests of tracer/proc: threads joined to their process, the last
 * thread ending it, and the thread group and executable read from /proc. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/strpool.h"
#include "tests/unit/tap.h"
#include "tracer/proc.h"

static pid_t worker_tid;
static pthread_barrier_t barrier;

static void *
worker(void *arg)
{
	(void)arg;
	worker_tid = gettid();
	pthread_barrier_wait(&barrier);  /* tid published */
	pthread_barrier_wait(&barrier);  /* main has read /proc */
	return NULL;
}

static void
test_table(void)
{
	struct proc_table t;
	struct proc_thread *a, *b, *c;
	struct proc_group *g;

	proc_init(&t);
	a = proc_add(&t, getpid(), getpid());
	b = proc_add(&t, 1000001, getpid());
	c = proc_add(&t, 1000002, 1000002);
	tap_ok(proc_find(&t, 1000001) == b, "find a thread by tid");
	tap_ok(proc_find(&t, 42424242) == NULL, "an unknown tid is not found");
	tap_ok(a->group == b->group, "threads of one tgid share the process");
	tap_ok(a->group != c->group, "another tgid is another process");
	tap_is_int(a->group->nthreads, 2, "the process counts its two threads");
	tap_is_int(t.ngroups_seen, 2, "two processes seen");
	tap_ok(proc_remove(&t, b) == NULL, "removing one thread keeps the process");
	g = proc_remove(&t, a);
	tap_ok(g != NULL && g->tgid == getpid(), "removing the last thread ends it");
	free(g);
	free(proc_remove(&t, c));
	tap_ok(t.threads == NULL && t.groups == NULL, "the table is empty again");
	tap_is_int(t.ngroups_seen, 2, "the count of processes seen stays");
}

static void
test_proc_reads(void)
{
	pthread_t th;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	pthread_barrier_init(&barrier, NULL, 2);
	pthread_create(&th, NULL, worker, NULL);
	pthread_barrier_wait(&barrier);
	tap_is_int(proc_read_status(worker_tid, "Tgid"), getpid(),
	    "a thread's tgid from /proc");
	tap_is_int(proc_tgid(worker_tid), getpid(), "proc_tgid of a thread: its process");
	pthread_barrier_wait(&barrier);
	pthread_join(th, NULL);
	tap_is_int(proc_read_status(getpid(), "Tgid"), getpid(),
	    "the leader is its own tgid");
	tap_is_int(proc_tgid(getpid()), getpid(), "proc_tgid of a leader: itself");
	tap_is_int(proc_tgid(-5), -5, "proc_tgid of no task: the tid given");
	tap_is_int(proc_read_status(getpid(), "TracerPid"), 0, "no tracer");
	tap_is_int(proc_read_status(getpid(), "Tgi"), -1, "a field's prefix is no field");
	tap_is_int(proc_read_status(-1, "Tgid"), -1, "nothing for a bad pid");
	self[n > 0 ? n : 0] = '\0';
	tap_ok(proc_read_exe(getpid()) == strpool_intern(self),
	    "the executable, interned");
	tap_ok(proc_read_exe(-1) == NULL, "no executable for a bad pid");
}

int
main(void)
{
	test_table();
	test_proc_reads();
	strpool_clear();
	return tap_done();
}
