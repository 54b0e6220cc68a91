/* Reading the memory of a stopped tracee in one system call, or page by page
 * through a cache that lives for one unwind. */
#ifndef SANDCAST_TRACER_TRACEE_MEM_H
#define SANDCAST_TRACER_TRACEE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Pages a cache holds, and their size. */
#define TRACEE_MEM_PAGES 8
#define TRACEE_MEM_PAGE 4096u

/* The pages of one stopped thread's memory read so far (its stack, mostly):
 * valid while the thread stays stopped. */
struct tracee_mem_cache {
	pid_t tid;
	unsigned npages, next;
	uint64_t addr[TRACEE_MEM_PAGES];
	bool ok[TRACEE_MEM_PAGES];
	unsigned char page[TRACEE_MEM_PAGES][TRACEE_MEM_PAGE];
};

/* Copy LEN bytes at ADDR of process TID into BUF; 0, or -errno when any
 * byte could not be read. */
int tracee_mem_read(pid_t tid, uint64_t addr, void *buf, size_t len);

/* Copy the LEN bytes of BUF to ADDR of process TID (writable memory);
 * 0, or -errno when any byte could not be written. */
int tracee_mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len);

/* Empty C and make it read the memory of thread TID. */
void tracee_mem_cache_reset(struct tracee_mem_cache *c, pid_t tid);

/* Read the pages of C's thread from the one of ADDR on, up to half the
 * cache, in one system call (the pages of a stack an unwind will walk). */
void tracee_mem_cache_prefetch(struct tracee_mem_cache *c, uint64_t addr);

/* Copy LEN bytes at ADDR of C's thread into BUF, reading each page once;
 * 0, or -EFAULT when any byte could not be read. */
int tracee_mem_cache_read(struct tracee_mem_cache *c, uint64_t addr, void *buf,
	size_t len);

#endif
