/* The notify backend: runs a command under a catch-all SECCOMP_RET_USER_NOTIF
 * filter and lets each call run (SECCOMP_USER_NOTIF_FLAG_CONTINUE) once the
 * recorder has it. No ptrace: no registers, so no stacks and no denying; the
 * kernel hands the CPU over between the caller and sandcast at each call
 * (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP), which makes a call several times
 * cheaper than a ptrace stop on a machine whose idle CPUs halt. */
#ifndef SANDCAST_TRACER_NOTIFY_H
#define SANDCAST_TRACER_NOTIFY_H

#include "tracer/tracer.h"

/* Return 0 when this kernel can run the notify backend (Linux 6.9: the
 * synchronous wake-up of 6.6, thread pidfds), else -errno. */
int notify_probe(void);

/* Run PATH with ARGV under the catch-all notify filter (installed just before
 * the execve, whose own call and those before it are not reported) until
 * every process under it has ended, telling HOOKS->call of each call once
 * it has run (sp 0, user NULL, its answer ignored; no exec or exit hook),
 * and return 0 with RES saying how, or -errno when it could not start. */
int notify_run(const char *path, char *const argv[], const struct tracer_hooks *hooks,
	struct tracer_result *res);

/* Say why notify_run() failed with RC (-errno) to start PATH and what to do
 * about it, and exit as msg_fatal() does. */
void notify_fatal(const char *path, int rc) __attribute__((noreturn));

#endif
