/* The table of traced threads, keyed by thread id, and the processes
 * (thread groups) they belong to. */
#ifndef SANDCAST_TRACER_PROC_H
#define SANDCAST_TRACER_PROC_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/hash.h"

/* A traced process: what its threads share. */
struct proc_group {
	pid_t tgid;
	const char *exe;   /* interned; read from /proc at creation and at exec */
	void *user;        /* the tracer client's per-process state */
	unsigned nthreads; /* threads of the table in this group */
	UT_hash_handle hh;
};

/* A traced thread. */
struct proc_thread {
	pid_t tid;
	bool quiet; /* not reported: the command before its first execve */
	struct proc_group *group;
	UT_hash_handle hh;
};

struct proc_table {
	struct proc_thread *threads;
	struct proc_group *groups;
	unsigned long ngroups_seen; /* processes ever added */
};

/* Make T an empty table. */
void proc_init(struct proc_table *t);

/* Return thread TID, or NULL when T does not have it. */
struct proc_thread *proc_find(const struct proc_table *t, pid_t tid);

/* Add thread TID of process TGID (which must not be in T); a new process
 * gets its executable from /proc. */
struct proc_thread *proc_add(struct proc_table *t, pid_t tid, pid_t tgid);

/* Remove TH from T; return its process when TH was its last thread (the
 * caller free()s it), else NULL. */
struct proc_group *proc_remove(struct proc_table *t, struct proc_thread *th);

/* Return the number of field NAME ("Tgid", "TracerPid") of /proc/TID/status,
 * or -1 when it cannot be read. */
long proc_read_status(pid_t tid, const char *name);

/* Return the interned path of the executable of process TGID, or NULL. */
const char *proc_read_exe(pid_t tgid);

#endif
