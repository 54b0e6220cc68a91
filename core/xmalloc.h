/* Allocation helpers: each one returns memory or ends the program with a message. */
#ifndef SANDCAST_CORE_XMALLOC_H
#define SANDCAST_CORE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

/* Allocate SIZE bytes. */
void *xmalloc(size_t size);

/* Allocate N zeroed elements of SIZE bytes. */
void *xcalloc(size_t n, size_t size);

/* Resize PTR to N elements of SIZE bytes, checking for overflow. */
void *xreallocarray(void *ptr, size_t n, size_t size);

/* Duplicate the string S. */
char *xstrdup(const char *s);

/* Format into a newly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Format AP into a newly allocated string. */
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
