#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/message.h"

static const char *msg_command;
static int msg_fatal_status = MSG_EXIT_FAILURE;

void
msg_set_command(const char *command)
{
	msg_command = command;
}

void
msg_set_fatal_status(int status)
{
	msg_fatal_status = status;
}

int
msg_get_fatal_status(void)
{
	return msg_fatal_status;
}

void
msg_print(const char *kind, const char *fmt, ...)
{
	va_list ap;

	fputs("sandcast", stderr);
	if (msg_command != NULL)
		fprintf(stderr, " %s", msg_command);
	fprintf(stderr, ": %s", kind);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
msg_exit(void)
{
	exit(msg_fatal_status);
}
