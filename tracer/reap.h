/* Reaping the command while the notify supervisor waits in the listener: a
 * SIGCHLD handler waits for sandcast's children as they end and keeps the
 * command's status, so that no zombie of it holds the filter. */
#ifndef SANDCAST_TRACER_REAP_H
#define SANDCAST_TRACER_REAP_H

#include <stdbool.h>
#include <sys/types.h>

/* Reap sandcast's children as they end from now on, keeping PID's status. */
void reap_start(pid_t pid);

/* Return whether the process of reap_start() has ended. */
bool reap_ended(void);

/* Stop reaping in the handler and return the status of the process of
 * reap_start() as record exits with it (128+N when signal N killed it),
 * waiting for it to end when it has not yet. */
int reap_finish(void);

#endif
