/* Diagnostics on stderr, prefixed with "sandcast COMMAND:". */
#ifndef SANDCAST_CORE_MESSAGE_H
#define SANDCAST_CORE_MESSAGE_H

/* Exit status of a command that failed for its own reasons (bad input, I/O). */
#define MSG_EXIT_FAILURE 2

/* Set the command name shown in messages ("record", "gen", ...). */
void msg_set_command(const char *command);

/* Set the status msg_fatal() exits with (default MSG_EXIT_FAILURE). */
void msg_set_fatal_status(int status);

/* Return the status msg_fatal() exits with. */
int msg_get_fatal_status(void);

/* Print an error message. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a warning. */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print an error message and exit with the fatal status. */
void msg_fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
