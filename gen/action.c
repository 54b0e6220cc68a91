#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/action.h"

static const struct {
	const char *name;
	uint32_t action;
} action_table[] = {
	{ "kill-process", SECCOMP_RET_KILL_PROCESS },
	{ "kill-thread", SECCOMP_RET_KILL_THREAD },
	{ "trap", SECCOMP_RET_TRAP },
	{ "errno", SECCOMP_RET_ERRNO },
	{ "user-notif", SECCOMP_RET_USER_NOTIF },
	{ "trace", SECCOMP_RET_TRACE },
	{ "log", SECCOMP_RET_LOG },
	{ "allow", SECCOMP_RET_ALLOW },
};

/* The largest errno the kernel hands back (MAX_ERRNO). */
#define ACTION_ERRNO_MAX 4095

static int
action_parse_errno(const char *text, uint32_t *action)
{
	char *end;
	unsigned long n;

	if (*text < '0' || *text > '9')
		return -EINVAL;
	errno = 0;
	n = strtoul(text, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > ACTION_ERRNO_MAX)
		return -EINVAL;
	*action = SECCOMP_RET_ERRNO | (uint32_t)n;
	return 0;
}

int
action_parse(const char *text, uint32_t *action)
{
	if (strncmp(text, "errno:", 6) == 0)
		return action_parse_errno(text + 6, action);
	for (size_t i = 0; i < sizeof action_table / sizeof *action_table; i++) {
		uint32_t a = action_table[i].action;
		if (a == SECCOMP_RET_ERRNO || a == SECCOMP_RET_ALLOW ||
		    a == SECCOMP_RET_USER_NOTIF)
			continue;
		if (strcmp(text, action_table[i].name) == 0) {
			*action = a;
			return 0;
		}
	}
	return -EINVAL;
}

const char *
action_name(uint32_t action, char *buf, size_t size)
{
	uint32_t full = action & SECCOMP_RET_ACTION_FULL;
	uint32_t data = action & SECCOMP_RET_DATA;

	for (size_t i = 0; i < sizeof action_table / sizeof *action_table; i++) {
		if (action_table[i].action != full)
			continue;
		if (full == SECCOMP_RET_ERRNO)
			snprintf(buf, size, "errno:%u", data);
		else if (data != 0)
			snprintf(buf, size, "%s:%u", action_table[i].name, data);
		else
			snprintf(buf, size, "%s", action_table[i].name);
		return buf;
	}
	snprintf(buf, size, "0x%08x", action);
	return buf;
}
