/* The signals that ask sandcast itself to stop (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT) while it traces: the first one goes on to the command, a second
 * one, or one that comes once the command has ended, makes the tracer give
 * up on the tracees. Both backends follow these rules. */
#ifndef SANDCAST_TRACER_SIGNALS_H
#define SANDCAST_TRACER_SIGNALS_H

#include <stdbool.h>
#include <sys/types.h>

/* Catch the stop signals that are not ignored; one sent by a process (kill)
 * is passed on to process TARGET, one from the terminal reached it already. */
void signals_catch(pid_t target);

/* The command has ended (its pid may soon be another process's): pass no
 * later stop signal on, and let the next one, or the first when none came
 * yet, make the tracer give up. */
void signals_command_ended(void);

/* Return the stop signal that makes the tracer give up on the tracees now:
 * more came than were allowed; 0 when none did, or it gave up already. */
int signals_give_up(void);

/* Say that SIG makes the tracer kill the NPROCS processes still traced. */
void signals_warn_kill(int sig, unsigned nprocs);

/* Return whether signals_give_up() has told the tracer to give up. */
bool signals_gave_up(void);

/* Restore the dispositions signals_catch() found. */
void signals_restore(void);

#endif
