/* The module table of a profile file: each (path, build-id) that frames
 * name gets a short name of its own, unique in the file, which its frames
 * use (docs/profile-format.md, "modules"). */
#ifndef SANDCAST_CORE_MODTAB_H
#define SANDCAST_CORE_MODTAB_H

#include <stddef.h>

#include "core/profile.h"

/* One module: interned path and build-id (NULL when unknown), its name. */
struct modtab_module {
	const char *path;
	const char *build_id;
	const char *name; /* interned */
};

struct modtab;

/* Make the table of the modules P's frames name, sorted by path then
 * build-id, each named by its file name ("libc.so.6"), with "#2", "#3"...
 * added to the later ones of the same file name. */
struct modtab *modtab_from_profile(const struct profile *p);

/* Make an empty table, to be filled with modtab_add(). */
struct modtab *modtab_new(void);

/* Free T. */
void modtab_free(struct modtab *t);

/* Add module NAME of PATH and BUILD_ID (interned, BUILD_ID may be NULL) to
 * T; 0, or -EEXIST when T has a module of that name already. */
int modtab_add(struct modtab *t, const char *name, const char *path,
	const char *build_id);

/* Return how many modules T has. */
size_t modtab_count(const struct modtab *t);

/* Return module I of T, in the order of the table. */
const struct modtab_module *modtab_get(const struct modtab *t, size_t i);

/* Return the name in T of the module PATH, BUILD_ID (interned), or NULL. */
const char *modtab_name(const struct modtab *t, const char *path,
	const char *build_id);

/* Return the module of T named NAME (interned), or NULL. */
const struct modtab_module *modtab_find(const struct modtab *t, const char *name);

#endif
