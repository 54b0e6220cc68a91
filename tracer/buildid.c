#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/strpool.h"
#include "core/xmalloc.h"
#include "tracer/buildid.h"

/* A file's identity: a file rewritten in place gets a new mtime. */
struct buildid_key {
	uint64_t dev;
	uint64_t ino;
	int64_t mtime_sec;
	int64_t mtime_nsec;
};

struct buildid_entry {
	struct buildid_key key;
	const char *hex; /* interned, or NULL when the file has none */
	UT_hash_handle hh;
};

struct buildid_cache {
	struct buildid_entry *files;
};

/* Make an empty cache. */
struct buildid_cache *
buildid_cache_new(void)
{
	elf_version(EV_CURRENT);
	return xcalloc(1, sizeof(struct buildid_cache));
}

/* Free C. */
void
buildid_cache_free(struct buildid_cache *c)
{
	struct buildid_entry *e, *tmp;

	if (c == NULL)
		return;
	HASH_ITER(hh, c->files, e, tmp) {
		HASH_DEL(c->files, e);
		free(e);
	}
	free(c);
}

static const char *
buildid_of_elf(Elf *elf)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *id;
	ssize_t len = elf != NULL ? dwelf_elf_gnu_build_id(elf, (const void **)&id) : -1;
	char hex[2 * 64 + 1];

	if (len <= 0 || len > 64)
		return NULL;
	for (ssize_t i = 0; i < len; i++) {
		hex[2 * i] = digits[id[i] >> 4];
		hex[2 * i + 1] = digits[id[i] & 15];
	}
	hex[2 * len] = '\0';
	return strpool_intern(hex);
}

static const char *
buildid_read(const char *file)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	const char *hex;
	Elf *elf;

	if (fd < 0)
		return NULL;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	hex = buildid_of_elf(elf);
	elf_end(elf);
	close(fd);
	return hex;
}

/* Return the interned lower-case hex build-id of the file that process TID
 * maps at START-END from PATH, device DEV and inode INO (as /proc/TID/maps
 * shows them), or NULL when it has none or cannot be read; each file
 * (device, inode, modification time) is read once. */
const char *
buildid_file(struct buildid_cache *c, pid_t tid, const char *path, dev_t dev,
	ino_t ino, uint64_t start, uint64_t end)
{
	char mapped[64];
	const char *file = path;
	struct buildid_entry *e;
	struct buildid_key key;
	struct stat st;

	/* A file replaced or deleted since it was mapped: the kernel's link to
	 * the mapping still reaches it. */
	if (stat(path, &st) != 0 || st.st_dev != dev || st.st_ino != ino) {
		snprintf(mapped, sizeof mapped, "/proc/%d/map_files/%" PRIx64
		    "-%" PRIx64, (int)tid, start, end);
		file = mapped;
		if (stat(file, &st) != 0)
			return NULL;
	}
	memset(&key, 0, sizeof key);
	key.dev = st.st_dev;
	key.ino = st.st_ino;
	key.mtime_sec = st.st_mtim.tv_sec;
	key.mtime_nsec = st.st_mtim.tv_nsec;
	HASH_FIND(hh, c->files, &key, sizeof key, e);
	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		e->key = key;
		e->hex = buildid_read(file);
		HASH_ADD(hh, c->files, key, sizeof key, e);
	}
	return e->hex;
}

/* Return the interned build-id of the ELF image of SIZE bytes at IMAGE, or NULL. */
const char *
buildid_memory(void *image, size_t size)
{
	Elf *elf;
	const char *hex;

	elf_version(EV_CURRENT);
	elf = elf_memory(image, size);
	hex = buildid_of_elf(elf);
	elf_end(elf);
	return hex;
}
