/* A process's executable mappings, from /proc/PID/maps, resolving an address
 * to (module, build-id, link-time address in the module). */
#ifndef SANDCAST_TRACER_MODMAP_H
#define SANDCAST_TRACER_MODMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tracer/elfinfo.h"

/* One executable mapping; address - bias is the link-time address. */
struct modmap_entry {
	uint64_t start, end;
	uint64_t pgoff, dev, ino; /* as /proc/PID/maps shows them */
	uint64_t bias;        /* the module's load bias */
	const char *module;   /* interned path or "[vdso]"; NULL for anonymous code */
	const char *build_id; /* interned hex, or NULL */
	uint64_t entry;       /* the module's ELF entry point, or 0 */
};

struct modmap {
	struct modmap_entry *v; /* sorted by address */
	size_t n;
};

/* Replace M with the executable mappings of process TID, the facts of
 * their files taken from FILES; 0 or -errno (M is then empty). */
int modmap_read(struct modmap *m, pid_t tid, struct elfinfo_cache *files);

/* Return the mapping of M that holds ADDR, or NULL. */
const struct modmap_entry *modmap_find(const struct modmap *m, uint64_t addr);

/* Read the executable mappings of process TID again into M, the facts of
 * those unchanged taken from M; return true when they changed, false when
 * they did not or could not be read (M is then kept). */
bool modmap_reread(struct modmap *m, pid_t tid, struct elfinfo_cache *files);

/* Free what M holds and leave it empty. */
void modmap_free(struct modmap *m);

#endif
