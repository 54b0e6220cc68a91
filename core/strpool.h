/* Interned strings: one copy of each, so that equal strings have equal pointers. */
#ifndef SANDCAST_CORE_STRPOOL_H
#define SANDCAST_CORE_STRPOOL_H

/* Return the pool's copy of S, adding it on first use; NULL stays NULL. */
const char *strpool_intern(const char *s);

/* Free every interned string (pointers returned before become invalid). */
void strpool_clear(void);

#endif
