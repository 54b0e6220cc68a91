#include <errno.h>
#include <sys/uio.h>

#include "tracer/tracee-mem.h"

/* Copy LEN bytes at ADDR of process TID into BUF; 0, or -errno when any
 * byte could not be read. */
int
tracee_mem_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EFAULT;
}
