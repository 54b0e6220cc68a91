/* The filter sandcast record installs when it is asked for nothing else. */
#ifndef SANDCAST_TRACER_CATCHALL_H
#define SANDCAST_TRACER_CATCHALL_H

#include <linux/filter.h>
#include <stdint.h>

/* Return a filter whose one instruction returns ACTION for every call of
 * every architecture: SECCOMP_RET_TRACE (a stop for the ptrace tracer) or
 * SECCOMP_RET_USER_NOTIF (a notification for the supervisor). */
const struct sock_fprog *catchall_filter(uint32_t action);

#endif
