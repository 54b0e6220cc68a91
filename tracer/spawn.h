/* Starting the command: finding it on PATH, and forking a child that the
 * tracer seizes before the child installs the filter and execs. */
#ifndef SANDCAST_TRACER_SPAWN_H
#define SANDCAST_TRACER_SPAWN_H

#include <linux/filter.h>
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

#endif
