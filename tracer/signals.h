/* The signals that ask sandcast itself to stop (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT) while it traces: the first one goes on to the command, a second
 * one makes the tracer give up on the tracees. */
#ifndef SANDCAST_TRACER_SIGNALS_H
#define SANDCAST_TRACER_SIGNALS_H

#include <sys/types.h>

/* Catch the stop signals that are not ignored; one sent by a process (kill)
 * is passed on to process TARGET, one from the terminal reached it already. */
void signals_catch(pid_t target);

/* Pass later stop signals on to TARGET instead (0: to none, once the
 * command has ended and its pid may be another process's). */
void signals_retarget(pid_t target);

/* Restore the dispositions signals_catch() found. */
void signals_restore(void);

/* Return how many stop signals came since signals_catch(); *LAST gets the
 * latest one. */
unsigned signals_pending(int *last);

#endif
