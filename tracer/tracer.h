/* The ptrace tracer: runs a command under a seccomp filter whose TRACE action
 * stops the caller, follows every process, thread and exec it makes, and hands
 * each stopped call to a callback that lets it run or denies it. */
#ifndef SANDCAST_TRACER_TRACER_H
#define SANDCAST_TRACER_TRACER_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"

/* One system call stopped by SECCOMP_RET_TRACE (or, under tracer/notify,
 * received from the listener and let run); valid during the callback. */
struct tracer_event {
	pid_t tid;          /* the calling thread */
	pid_t tgid;         /* its process */
	enum arch arch;     /* from seccomp_data.arch and the x32 bit */
	uint32_t nr;        /* the number on ARCH, x32 bit removed */
	uint64_t args[6];
	uint64_t ip;        /* instruction pointer after the syscall instruction */
	uint64_t sp;        /* stack pointer (0 under notify: no registers) */
	const char *exe;    /* interned path of the process's executable, or NULL */
	void **user;        /* the process's slot for the client's own state
	                     * (NULL under notify) */
};

/* A seccomp filter that a traced thread installs (seccomp(2) or prctl(2)),
 * read from its memory; valid during the callback. */
struct tracer_install {
	pid_t tid, tgid;
	const char *exe;   /* interned, or NULL */
	const struct sock_filter *prog;
	size_t len;
	int under;         /* the number install() gave the filter installed before
	                    * it in this process, or -1 */
	uint32_t below;    /* the action of the filter sandcast installed, which
	                    * the program's returns that outrank it answer first */
	bool can_rewrite;  /* false under notify, which only sees the program */
};

/* How the tracer keeps the calls that a traced program's own filters answer
 * visible (gen/ownfilter.h does the rewriting and answering). */
struct tracer_own {
	/* IN is about to be installed: rewrite it into *OUT (malloc'd, *OUTLEN
	 * instructions) and return its number (0 or more), or -1 to leave it. */
	int (*install)(const struct tracer_install *in, struct sock_filter **out,
	    size_t *outlen, void *ctx);
	/* IN was installed (OK) or refused by the kernel, as filter NUMBER,
	 * or -1 when it was left as it was. */
	void (*installed)(const struct tracer_install *in, int number, bool ok,
	    void *ctx);
	/* A call stopped by a rewritten return of filter NUMBER: return the
	 * instruction pointer to run it again with, so that the filters answer
	 * it as they would have, or 0 to let it run. */
	uint64_t (*resolve)(int number, const struct seccomp_data *d, void *ctx);
	void *ctx;
};

/* What the client is told; every member may be NULL. The tracee is stopped
 * during each callback, so they may read it (tracee_mem_read()). */
struct tracer_hooks {
	/* A call: return 0 to let it run, or an errno value to skip it so that
	 * it returns -errno. */
	int (*call)(const struct tracer_event *ev, void *ctx);
	/* Process TGID has exec'd EXE (interned, or NULL when unreadable). */
	void (*exec)(pid_t tgid, const char *exe, void **user, void *ctx);
	/* Thread TID of TGID is gone; LAST when it was the process's last one
	 * (the client frees *USER then). */
	void (*exit)(pid_t tid, pid_t tgid, bool last, void **user, void *ctx);
	void *ctx;
	/* The program's own filters; NULL: installed as they are, and the
	 * calls they answer are not seen. */
	const struct tracer_own *own;
};

/* How the traced command ended. */
struct tracer_result {
	int status;              /* its exit status, or 128+N when signal N killed it */
	bool executed;           /* false when the command's execve failed */
	unsigned long processes; /* processes traced (the command and its descendants) */
};

/* Run PATH with ARGV under FILTER (installed just before the execve, whose
 * own call and those before it are not reported) until every traced process
 * has ended, and return 0 with RES saying how, or -errno when tracing failed. */
int tracer_run(const char *path, char *const argv[], const struct sock_fprog *filter,
	const struct tracer_hooks *hooks, struct tracer_result *res);

/* Say why tracer_run() failed with RC (-errno) to start PATH and what to do
 * about it, and exit as msg_fatal() does. */
void tracer_fatal(const char *path, int rc) __attribute__((noreturn));

#endif
