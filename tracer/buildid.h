/* GNU build-ids (NT_GNU_BUILD_ID) of mapped files, read once per file. */
#ifndef SANDCAST_TRACER_BUILDID_H
#define SANDCAST_TRACER_BUILDID_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct buildid_cache;

/* Make an empty cache. */
struct buildid_cache *buildid_cache_new(void);

/* Free C. */
void buildid_cache_free(struct buildid_cache *c);

/* Return the interned lower-case hex build-id of the file that process TID
 * maps at START-END from PATH, device DEV and inode INO (as /proc/TID/maps
 * shows them), or NULL when it has none or cannot be read; each file
 * (device, inode, modification time) is read once. */
const char *buildid_file(struct buildid_cache *c, pid_t tid, const char *path,
	dev_t dev, ino_t ino, uint64_t start, uint64_t end);

/* Return the interned build-id of the ELF image of SIZE bytes at IMAGE, or NULL. */
const char *buildid_memory(void *image, size_t size);

#endif
