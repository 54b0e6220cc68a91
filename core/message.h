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

/* Print one line on stderr: "sandcast COMMAND: ", KIND, then FMT. */
void msg_print(const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Exit with the fatal status. */
void msg_exit(void) __attribute__((noreturn));

/* Print an error message. */
#define msg_error(...) msg_print("", __VA_ARGS__)

/* Print a warning. */
#define msg_warn(...) msg_print("warning: ", __VA_ARGS__)

/* Print an error message and exit with the fatal status. */
#define msg_fatal(...) (msg_print("", __VA_ARGS__), msg_exit())

#endif
