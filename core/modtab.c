#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/modtab.h"
#include "core/path.h"
#include "core/strpool.h"
#include "core/utf8.h"
#include "core/xmalloc.h"

/* A module and its two indexes; M.path and M.build_id, adjacent, are the key
 * of BY_KEY, M.name (an interned pointer) the key of BY_NAME. */
struct modtab_node {
	struct modtab_module m;
	UT_hash_handle by_key;
	UT_hash_handle by_name;
};

struct modtab {
	struct modtab_node **v;
	size_t n, size;
	struct modtab_node *keys, *names;
};

#define MODTAB_KEY_LEN (2 * sizeof(const char *))

struct modtab *
modtab_new(void)
{
	return xcalloc(1, sizeof(struct modtab));
}

void
modtab_free(struct modtab *t)
{
	if (t == NULL)
		return;
	HASH_CLEAR(by_key, t->keys);
	HASH_CLEAR(by_name, t->names);
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	free(t);
}

int
modtab_add(struct modtab *t, const char *name, const char *path,
	const char *build_id)
{
	struct modtab_node *node;

	if (modtab_find(t, name) != NULL)
		return -EEXIST;
	node = xcalloc(1, sizeof *node);
	node->m.path = path;
	node->m.build_id = build_id;
	node->m.name = name;
	if (t->n == t->size) {
		t->size = t->size ? 2 * t->size : 16;
		t->v = xreallocarray(t->v, t->size, sizeof *t->v);
	}
	t->v[t->n++] = node;
	HASH_ADD(by_name, t->names, m.name, sizeof node->m.name, node);
	if (modtab_name(t, path, build_id) == NULL)
		HASH_ADD(by_key, t->keys, m.path, MODTAB_KEY_LEN, node);
	return 0;
}

size_t
modtab_count(const struct modtab *t)
{
	return t->n;
}

const struct modtab_module *
modtab_get(const struct modtab *t, size_t i)
{
	return &t->v[i]->m;
}

const char *
modtab_name(const struct modtab *t, const char *path, const char *build_id)
{
	const struct modtab_module key = { path, build_id, NULL };
	struct modtab_node *node;

	HASH_FIND(by_key, t->keys, &key.path, MODTAB_KEY_LEN, node);
	return node != NULL ? node->m.name : NULL;
}

const struct modtab_module *
modtab_find(const struct modtab *t, const char *name)
{
	struct modtab_node *node;

	HASH_FIND(by_name, t->names, &name, sizeof name, node);
	return node != NULL ? &node->m : NULL;
}

static int
module_cmp(const void *pa, const void *pb)
{
	const struct modtab_module *a = pa, *b = pb;

	return profile_module_cmp(a->path, a->build_id, b->path, b->build_id);
}

/* The distinct modules of P's frames, sorted; *N gets their count. */
static struct modtab_module *
modtab_collect(const struct profile *p, size_t *n)
{
	struct modtab_node *seen = NULL, *node, *tmp;
	struct profile_call *call, *ctmp;
	struct profile_stack *s, *stmp;
	struct modtab_module *v;
	size_t i = 0;

	HASH_ITER(hh, p->calls, call, ctmp) {
		HASH_ITER(hh, call->stacks, s, stmp) {
			for (uint32_t j = 0; j < s->nframes; j++) {
				const struct modtab_module key = {
					s->frames[j].module, s->frames[j].build_id, NULL };
				if (key.path == NULL)
					continue;
				HASH_FIND(by_key, seen, &key.path, MODTAB_KEY_LEN, node);
				if (node != NULL)
					continue;
				node = xcalloc(1, sizeof *node);
				node->m = key;
				HASH_ADD(by_key, seen, m.path, MODTAB_KEY_LEN, node);
			}
		}
	}
	*n = HASH_CNT(by_key, seen);
	v = xcalloc(*n + 1, sizeof *v);
	HASH_ITER(by_key, seen, node, tmp) {
		HASH_DELETE(by_key, seen, node);
		v[i++] = node->m;
		free(node);
	}
	qsort(v, *n, sizeof *v, module_cmp);
	return v;
}

/* A name for module M not yet in T: its file name (percent-encoded when
 * not UTF-8, so that a frame is always a JSON string), or with "#2", "#3"... */
static const char *
modtab_new_name(const struct modtab *t, const struct modtab_module *m)
{
	const char *file = path_base_name(m->path);
	char *base = utf8_valid(file) ? xstrdup(file) : utf8_percent_encode(file);
	const char *name = strpool_intern(base);

	for (unsigned k = 2; modtab_find(t, name) != NULL; k++) {
		char *numbered = xasprintf("%s#%u", base, k);
		name = strpool_intern(numbered);
		free(numbered);
	}
	free(base);
	return name;
}

struct modtab *
modtab_from_profile(const struct profile *p)
{
	struct modtab *t = modtab_new();
	size_t n;
	struct modtab_module *v = modtab_collect(p, &n);

	for (size_t i = 0; i < n; i++)
		modtab_add(t, modtab_new_name(t, &v[i]), v[i].path, v[i].build_id);
	free(v);
	return t;
}
