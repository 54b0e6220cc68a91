/* What sandcast needs of each mapped ELF file (its GNU build-id, loadable
 * segments and entry point), read once per file. */
#ifndef SANDCAST_TRACER_ELFINFO_H
#define SANDCAST_TRACER_ELFINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Loadable segments kept per file; mappings of any further ones fall back
 * to the usual layout (link-time address = file offset). */
#define ELFINFO_MAX_LOADS 8

/* A PT_LOAD program header: where a range of the file is linked. */
struct elfinfo_load {
	uint64_t offset, filesz, vaddr;
};

/* The facts of one file. */
struct elfinfo {
	const char *build_id; /* interned lower-case hex, or NULL */
	uint64_t entry;       /* e_entry, a link-time address; 0 when none */
	unsigned nloads;
	struct elfinfo_load loads[ELFINFO_MAX_LOADS];
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

/* Return the load bias of a mapping that starts at START with file offset
 * PGOFF, so that address - bias is the link-time address (INFO may be NULL:
 * the usual layout, link-time address = file offset, is assumed). */
uint64_t elfinfo_bias(const struct elfinfo *info, uint64_t start, uint64_t pgoff);

#endif
