/* What sandcast needs of each mapped ELF file (its GNU build-id and entry
 * point), read once per file. */
#ifndef SANDCAST_TRACER_ELFINFO_H
#define SANDCAST_TRACER_ELFINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The facts of one file; offsets are in the module offset space of
 * tracer/unwind.h (an address minus the module's base). */
struct elfinfo {
	const char *build_id; /* interned lower-case hex, or NULL */
	uint64_t entry;       /* offset of the ELF entry point */
	bool has_entry;
};

struct elfinfo_cache;

/* Make an empty cache. */
struct elfinfo_cache *elfinfo_cache_new(void);

/* Free C. */
void elfinfo_cache_free(struct elfinfo_cache *c);

/* Return the facts of the file that process TID maps at START-END from PATH,
 * device DEV and inode INO (as /proc/TID/maps shows them), or NULL when it
 * cannot be read; each file (device, inode, modification time) is read once. */
const struct elfinfo *elfinfo_file(struct elfinfo_cache *c, pid_t tid,
	const char *path, dev_t dev, ino_t ino, uint64_t start, uint64_t end);

/* Fill INFO with the facts of the ELF image of SIZE bytes at IMAGE, an image
 * as loaded in memory (the vDSO). */
void elfinfo_memory(void *image, size_t size, struct elfinfo *info);

#endif
