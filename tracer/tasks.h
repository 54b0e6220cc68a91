/* The notify backend's tasks: thread id -> (process, executable), read from
 * /proc once per task, kept right across exec and thread id reuse without
 * ptrace's events. A pidfd per task, in one epoll set, says which have
 * ended. */
#ifndef SANDCAST_TRACER_TASKS_H
#define SANDCAST_TRACER_TASKS_H

#include <fcntl.h>
#include <stdbool.h>
#include <sys/types.h>

#include "tracer/listener.h"
#include "tracer/proc.h"

/* NOTE: Linux 6.9: a pidfd of one thread, which polls readable when that
 * thread ends (Debian 12's headers are 6.1's). */
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

struct tasks {
	struct proc_table procs;
	int epfd;         /* the tasks' pidfds */
	unsigned pending; /* threads whose clone or exec may be under way */
};

/* Return 0 when this kernel has thread pidfds (Linux 6.9), else -errno. */
int tasks_probe(void);

/* Make T empty; 0 or -errno. */
int tasks_init(struct tasks *t);

/* Forget every task of T. */
void tasks_free(struct tasks *t);

/* Return the thread that made the call L holds, from T or, when new, from
 * /proc; NULL when it no longer waits for the answer (it was killed, or a
 * signal interrupted the call). */
struct proc_thread *tasks_caller(struct tasks *t, const struct listener *l);

/* Return the executable of TH's process as of the call it makes now. */
const char *tasks_exe(struct proc_thread *th);

/* TH's call, a clone (WHAT PROC_PENDING_CLONE) or an exec (PROC_PENDING_EXEC),
 * was let run: until TH makes its next call or ends, a new task may take
 * the id of one that ended, or the process may change its executable. */
void tasks_pending(struct tasks *t, struct proc_thread *th, enum proc_pending what);

/* Forget the tasks that have ended, and return how many processes are left. */
unsigned tasks_count(struct tasks *t);

/* Send SIGKILL to every process of T that can be reached without a doubt
 * (through a pidfd); the others die at their next call. */
void tasks_kill_all(const struct tasks *t);

/* Send SIGKILL to the process of TH, which waits for an answer. */
void tasks_kill(const struct proc_thread *th);

#endif
