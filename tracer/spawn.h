/* Starting the command: finding it on PATH, and forking a child that the
 * tracer seizes (ptrace), or that hands the supervisor its listener
 * (notify), before the child installs the filter and execs. */
#ifndef SANDCAST_TRACER_SPAWN_H
#define SANDCAST_TRACER_SPAWN_H

#include <linux/filter.h>
#include <stdbool.h>
#include <sys/types.h>

/* Find CMD as execvp(3) would (a CMD with a '/' is taken as is) and set *PATH
 * to it (free() it); 0, -ENOENT when there is none, -EACCES or -EISDIR when
 * the one found cannot be executed. */
int spawn_resolve(const char *cmd, char **path);

/* Fork a child (*PID) that, once seized with the tracer's options, sets
 * no_new_privs, installs FILTER and execs PATH with ARGV, or says why not and
 * exits 126 or 127 (execve failed) or 125 (no filter); 0 or -errno. */
int spawn_traced(const char *path, char *const argv[], const struct sock_fprog *filter,
	pid_t *pid);

/* The child of a notify run, as sandcast sees it. */
struct spawn_notified {
	pid_t pid;
	int listener;  /* sandcast's copy of its listener, or -1 */
	int report_fd; /* for spawn_exec_failed() */
};

/* Fork a child (C->pid) that dies with sandcast, sets no_new_privs, installs
 * FILTER (SECCOMP_RET_USER_NOTIF) with a new listener and execs PATH with
 * ARGV, or says why not and exits as spawn_traced()'s does, and take its
 * listener into C->listener (-1 when it ended without one; once it has
 * ended, spawn_exec_failed(C->report_fd) tells whether its execve failed);
 * 0 or -errno. */
int spawn_notified(const char *path, char *const argv[], const struct sock_fprog *filter,
	struct spawn_notified *c);

/* Return whether the execve of the child that wrote to REPORT_FD (a
 * spawn_notified() child, which has ended) failed. */
bool spawn_exec_failed(int report_fd);

#endif
