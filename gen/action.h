/* The actions a filter can return for a call it does not allow, by name. */
#ifndef SANDCAST_GEN_ACTION_H
#define SANDCAST_GEN_ACTION_H

#include <stddef.h>
#include <stdint.h>

/* The names --action takes, for help texts and messages. */
#define ACTION_NAMES "kill-process, kill-thread, trap, errno:N (1 to 4095), log, trace"

/* Parse kill-process, kill-thread, trap, errno:N, log or trace into a
 * SECCOMP_RET_* value; 0 or -EINVAL. */
int action_parse(const char *text, uint32_t *action);

/* Write the name of ACTION ("errno:1", "allow", ...) into BUF; return BUF. */
const char *action_name(uint32_t action, char *buf, size_t size);

#endif
