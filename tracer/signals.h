/* The signals that ask sandcast itself to stop (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT) while it traces: the first one goes on to the command, a second
 * one, or one that comes once the command has ended, makes the tracer give
 * up on the tracees. Both backends follow these rules. */
#ifndef SANDCAST_TRACER_SIGNALS_H
#define SANDCAST_TRACER_SIGNALS_H

#include <stdbool.h>
#include <sys/types.h>

/* Catch the stop signals that are not ignored, and unblock them, from now
 * until signals_release(), through every tracer run: record holds them
 * from its start to the end of its save, so that no such signal kills it. */
void signals_hold(void);

/* Return the last stop signal that came since signals_hold(), or 0. */
int signals_received(void);

/* Catch the stop signals that are not ignored (unless held already); one
 * sent by a process (kill) is passed on to process TARGET, one from the
 * terminal reached it already; one that came while held before TARGET was
 * known is passed on now. */
void signals_catch(pid_t target);

/* In a child forked to run the command: give it the dispositions and the
 * signal mask sandcast had before it caught anything. */
void signals_child_reset(void);

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

/* Restore the dispositions signals_catch() found, unless they are held:
 * then pass no more signals on. */
void signals_restore(void);

/* End signals_hold(): restore the dispositions and mask it found. */
void signals_release(void);

#endif
