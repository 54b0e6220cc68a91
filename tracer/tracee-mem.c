#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#include "tracer/tracee-mem.h"

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

int
tracee_mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	struct iovec local = { (void *)buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_writev(tid, &local, 1, &remote, 1, 0);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EFAULT;
}

void
tracee_mem_cache_reset(struct tracee_mem_cache *c, pid_t tid)
{
	c->tid = tid;
	c->npages = c->next = 0;
}

void
tracee_mem_cache_prefetch(struct tracee_mem_cache *c, uint64_t addr)
{
	enum { N = TRACEE_MEM_PAGES / 2 };
	uint64_t base = addr & ~(uint64_t)(TRACEE_MEM_PAGE - 1);
	struct iovec local[N], remote = { (void *)(uintptr_t)base, N * TRACEE_MEM_PAGE };
	ssize_t got;

	if (c->npages != 0)
		return;
	for (unsigned i = 0; i < N; i++)
		local[i] = (struct iovec){ c->page[i], TRACEE_MEM_PAGE };
	got = process_vm_readv(c->tid, local, N, &remote, 1, 0);
	for (unsigned i = 0; got > 0 && i < N && (i + 1) * TRACEE_MEM_PAGE <= (size_t)got; i++) {
		c->addr[i] = base + i * TRACEE_MEM_PAGE;
		c->ok[i] = true;
		c->npages = i + 1;
	}
}

/* The page at BASE, read when not cached yet (replacing the oldest when
 * the cache is full); NULL when it cannot be read. */
static const unsigned char *
tracee_mem_cache_page(struct tracee_mem_cache *c, uint64_t base)
{
	unsigned i;

	for (i = 0; i < c->npages; i++)
		if (c->addr[i] == base)
			return c->ok[i] ? c->page[i] : NULL;
	if (c->npages < TRACEE_MEM_PAGES)
		i = c->npages++;
	else
		i = c->next++ % TRACEE_MEM_PAGES;
	c->addr[i] = base;
	c->ok[i] = tracee_mem_read(c->tid, base, c->page[i], TRACEE_MEM_PAGE) == 0;
	return c->ok[i] ? c->page[i] : NULL;
}

int
tracee_mem_cache_read(struct tracee_mem_cache *c, uint64_t addr, void *buf,
	size_t len)
{
	unsigned char *out = buf;

	while (len > 0) {
		uint64_t base = addr & ~(uint64_t)(TRACEE_MEM_PAGE - 1);
		size_t off = addr - base, n = TRACEE_MEM_PAGE - off;
		const unsigned char *page = tracee_mem_cache_page(c, base);

		if (page == NULL)
			return -EFAULT;
		if (n > len)
			n = len;
		memcpy(out, page + off, n);
		out += n, addr += n, len -= n;
	}
	return 0;
}
