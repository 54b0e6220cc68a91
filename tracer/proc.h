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
	const char *exe;   /* interned; read from /proc when the process is new
	                    * and after exec */
	void *user;        /* the tracer client's per-process state */
	unsigned nthreads; /* threads of the table in this group */
	/* The notify backend, which learns of an exec only from its call:
	 * execs let run and not known to have ended, and whether EXE must be
	 * read again. */
	unsigned execs;
	bool stale;
	/* The ptrace backend: the newest filter the program installed, as
	 * tracer_own's install() numbered it, plus one (0: none). */
	int own_top;
	UT_hash_handle hh;
};

/* What a thread's call, changed at its seccomp stop, needs at its exit
 * stop, and after it (tracer/owntrace.c). */
enum proc_own { PROC_OWN_NONE, PROC_OWN_INSTALL, PROC_OWN_RERUN, PROC_OWN_SIGSYS };

/* What a thread's last call was, while it may still be under way. */
enum proc_pending { PROC_PENDING_NONE, PROC_PENDING_CLONE, PROC_PENDING_EXEC };

/* A traced thread. */
struct proc_thread {
	pid_t tid;
	bool quiet; /* not reported: the command before its first execve */
	struct proc_group *group;
	/* The notify backend: a pidfd that polls readable once the thread
	 * has ended (-1: none), and its last call when that was a clone or
	 * an exec not known to have ended. */
	int pidfd;
	enum proc_pending pending;
	/* The ptrace backend: the call that stops at its exit, the register
	 * value to put back then, the install under way. */
	enum proc_own own;
	uint64_t own_saved, own_ip; /* own_ip: the instruction pointer given */
	struct tracer_own_install *own_install;
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

/* Return process TGID, or NULL when T does not have it. */
struct proc_group *proc_group_find(const struct proc_table *t, pid_t tgid);

/* Add thread TID of process TGID (which must not be in T); a new process
 * has no executable yet (the caller reads it). */
struct proc_thread *proc_add(struct proc_table *t, pid_t tid, pid_t tgid);

/* Remove TH from T; return its process when TH was its last thread (the
 * caller free()s it), else NULL. */
struct proc_group *proc_remove(struct proc_table *t, struct proc_thread *th);

/* Return the process (thread group) of thread TID, or TID itself when it
 * cannot be read. */
pid_t proc_tgid(pid_t tid);

/* Return the number of field NAME ("Tgid", "TracerPid") of /proc/TID/status,
 * or -1 when it cannot be read. */
long proc_read_status(pid_t tid, const char *name);

/* Return the interned path of the executable of process TGID, or NULL. */
const char *proc_read_exe(pid_t tgid);

#endif
