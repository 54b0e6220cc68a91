/* Access to a tracee stopped in a tracer callback: its memory and the result
 * of the call it is stopped in. */
#ifndef SANDCAST_TRACER_TRACEE_H
#define SANDCAST_TRACER_TRACEE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"

/* Read LEN bytes at ADDR of the address space of TID into BUF; 0 or -errno
 * (-EFAULT when only part of it is mapped). */
int tracee_read(pid_t tid, uint64_t addr, void *buf, size_t len);

/* Skip the call TID is stopped in at its seccomp stop, so that it returns
 * -ERR; works for 64-bit and 32-bit tracees alike. 0 or -errno. */
int tracee_deny(pid_t tid, int err);

/* Set the first argument of the ARCH call TID is stopped in at its seccomp
 * stop to VALUE, so that the call runs with it. 0 or -errno. */
int tracee_set_arg0(pid_t tid, enum arch arch, uint64_t value);

#endif
