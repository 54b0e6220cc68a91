/* "The first frame in your code": the innermost frame of a stack that is
 * not in the C runtime (libc, libpthread, the dynamic loader, the vDSO, and
 * the C library linked into a static executable). */
#ifndef SANDCAST_REPORTER_OWNFRAME_H
#define SANDCAST_REPORTER_OWNFRAME_H

#include <stdbool.h>

#include "core/profile.h"
#include "reporter/symbolize.h"

/* Return true when MODULE (a path, or "[vdso]") is part of the C runtime. */
bool ownframe_is_runtime(const char *module);

/* Return the index in S->frames of the innermost frame outside the C runtime
 * (a frame with no module counts as yours: JIT code), or -1 when none is;
 * SYM (may be NULL) tells the C library linked into a static executable. */
int ownframe_find(const struct profile_stack *s, struct symbolizer *sym);

#endif
