/* Known fallbacks: newer system calls whose callers retry with an older twin
 * (or do without) when the kernel answers ENOSYS, and the few newer twins
 * whose callers get that ENOSYS instead. */
#ifndef SANDCAST_CORE_FALLBACKS_H
#define SANDCAST_CORE_FALLBACKS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arch.h"

/* One newer call and what its callers do when it fails with ENOSYS. */
struct fallback {
	const char *name;     /* the newer call */
	const char *older[3]; /* its older twin: the first name the arch has;
	                       * none when no name fits (older[0] NULL: callers
	                       * do without, or in a way the note tells) */
	bool no_fallback;     /* ENOSYS reaches the caller as an error, where an
	                       * older kernel would have served it: gen
	                       * --errno-fallback leaves it to the deny action */
	const char *note;     /* who falls back and how, one phrase */
};

/* Return the fallback of call NR on ARCH, or NULL when none is known. */
const struct fallback *fallbacks_find(enum arch arch, uint32_t nr);

/* Return the number of the older twin of FB on ARCH, or -1 when it has none. */
int fallbacks_older(const struct fallback *fb, enum arch arch);

#endif
