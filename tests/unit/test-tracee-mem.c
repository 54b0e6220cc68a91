/* Unit tests of tracer/tracee-mem on this process's own memory: one read,
 * reads through the page cache across page boundaries, the prefetch of a
 * stack's pages, and memory that cannot be read. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "tracer/tracee-mem.h"

static struct tracee_mem_cache cache;

int
main(void)
{
	enum { PAGES = 3 };
	unsigned char *m = mmap(NULL, (PAGES + 1) * TRACEE_MEM_PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char buf[TRACEE_MEM_PAGE + 64];
	uint64_t word = 0;
	int ok = 1;

	if (m == MAP_FAILED)
		return 1;
	for (size_t i = 0; i < PAGES * TRACEE_MEM_PAGE; i++)
		m[i] = (unsigned char)(i * 7 + i / TRACEE_MEM_PAGE);
	/* The last page is not readable: reads that reach it fail. */
	munmap(m + PAGES * TRACEE_MEM_PAGE, TRACEE_MEM_PAGE);

	tap_is_int(tracee_mem_read(getpid(), (uintptr_t)m + 5, &word, sizeof word), 0,
	    "one read");
	tap_ok(memcmp(&word, m + 5, sizeof word) == 0, "the bytes of that address");

	tracee_mem_cache_reset(&cache, getpid());
	tracee_mem_cache_prefetch(&cache, (uintptr_t)m + 100);
	tap_ok(cache.npages == PAGES && cache.addr[0] == (uintptr_t)m,
	    "prefetch: the %d readable pages from the one of the address", PAGES);
	tap_is_int(tracee_mem_cache_read(&cache, (uintptr_t)m + TRACEE_MEM_PAGE - 32,
	    buf, sizeof buf), 0, "a read across a page boundary");
	tap_ok(memcmp(buf, m + TRACEE_MEM_PAGE - 32, sizeof buf) == 0,
	    "gives the bytes of both pages");
	m[TRACEE_MEM_PAGE] ^= 0xff;
	tracee_mem_cache_read(&cache, (uintptr_t)m + TRACEE_MEM_PAGE, buf, 1);
	tap_ok(buf[0] != m[TRACEE_MEM_PAGE], "a page is read once per reset");
	tap_is_int(tracee_mem_cache_read(&cache, (uintptr_t)m + PAGES * TRACEE_MEM_PAGE - 8,
	    buf, 16), -EFAULT, "a read that reaches an unmapped page fails");

	tracee_mem_cache_reset(&cache, getpid());
	for (unsigned i = 0; i < 2 * TRACEE_MEM_PAGES && ok; i++)
		ok = tracee_mem_cache_read(&cache, (uintptr_t)m + (i % PAGES) * TRACEE_MEM_PAGE,
		    buf, 8) == 0 && buf[0] == m[(i % PAGES) * TRACEE_MEM_PAGE];
	tap_ok(ok && cache.npages <= TRACEE_MEM_PAGES, "reads after a reset see the "
	    "memory as it is now");
	munmap(m, PAGES * TRACEE_MEM_PAGE);
	return tap_done();
}
