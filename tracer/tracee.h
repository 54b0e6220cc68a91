/* Access to a tracee stopped in a tracer callback: the result and the
 * arguments of the call it is stopped in (its memory: tracee-mem.h). */
#ifndef SANDCAST_TRACER_TRACEE_H
#define SANDCAST_TRACER_TRACEE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"

/* Skip the call TID is stopped in at its seccomp stop, so that it returns
 * -ERR; works for 64-bit and 32-bit tracees alike. 0 or -errno. */
int tracee_deny(pid_t tid, int err);

/* Set the first argument of the ARCH call TID is stopped in at its seccomp
 * stop to VALUE, so that the call runs with it. 0 or -errno. */
int tracee_set_arg0(pid_t tid, enum arch arch, uint64_t value);

/* The registers tracee_swap() changes. */
enum tracee_reg {
	TRACEE_ARG2, /* the third argument of a system call: rdx, or edx */
	TRACEE_IP,   /* the instruction pointer: rip, or eip */
};

/* Set register REG of TID, stopped, to VALUE and put its old value in
 * *OLD; works for 64-bit and 32-bit tracees alike. 0 or -errno. */
int tracee_swap(pid_t tid, enum tracee_reg reg, uint64_t value, uint64_t *old);

#endif
