#include <string.h>
#include "core/hash.h"

#include "core/strpool.h"
#include "core/xmalloc.h"

struct strpool_entry {
	UT_hash_handle hh;
	char text[];
};

static struct strpool_entry *strpool;

const char *
strpool_intern(const char *s)
{
	struct strpool_entry *e;
	size_t len;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	HASH_FIND(hh, strpool, s, len, e);
	if (e == NULL) {
		e = xmalloc(sizeof *e + len + 1);
		memcpy(e->text, s, len + 1);
		HASH_ADD_KEYPTR(hh, strpool, e->text, len, e);
	}
	return e->text;
}

void
strpool_clear(void)
{
	struct strpool_entry *e, *tmp;

	HASH_ITER(hh, strpool, e, tmp) {
		HASH_DEL(strpool, e);
		free(e);
	}
}
