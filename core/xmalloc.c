#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/message.h"
#include "core/xmalloc.h"

static void *
xcheck(void *ptr)
{
	if (ptr == NULL)
		msg_fatal("out of memory");
	return ptr;
}

void *
xmalloc(size_t size)
{
	return xcheck(malloc(size ? size : 1));
}

void *
xcalloc(size_t n, size_t size)
{
	return xcheck(calloc(n ? n : 1, size ? size : 1));
}

void *
xreallocarray(void *ptr, size_t n, size_t size)
{
	return xcheck(reallocarray(ptr, n ? n : 1, size ? size : 1));
}

char *
xstrdup(const char *s)
{
	return xcheck(strdup(s));
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	return xcheck(s);
}
