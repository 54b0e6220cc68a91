/* Reading the memory of a stopped tracee in one system call. */
#ifndef SANDCAST_TRACER_TRACEE_MEM_H
#define SANDCAST_TRACER_TRACEE_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Copy LEN bytes at ADDR of process TID into BUF; 0, or -errno when any
 * byte could not be read. */
int tracee_mem_read(pid_t tid, uint64_t addr, void *buf, size_t len);

#endif
