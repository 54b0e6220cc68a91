#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/strpool.h"
#include "core/xmalloc.h"
#include "tracer/elfinfo.h"

/* A file's identity: a file rewritten in place gets a new mtime. */
struct elfinfo_key {
	uint64_t dev;
	uint64_t ino;
	int64_t mtime_sec;
	int64_t mtime_nsec;
};

struct elfinfo_entry {
	struct elfinfo_key key;
	struct elfinfo info;
	bool ok; /* the file could be read as ELF */
	UT_hash_handle hh;
};

struct elfinfo_cache {
	struct elfinfo_entry *files;
};

struct elfinfo_cache *
elfinfo_cache_new(void)
{
	elf_version(EV_CURRENT);
	return xcalloc(1, sizeof(struct elfinfo_cache));
}

void
elfinfo_cache_free(struct elfinfo_cache *c)
{
	if (c == NULL)
		return;
	HASH_DESTROY(c->files, free);
	free(c);
}

static const char *
elfinfo_build_id(Elf *elf)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *id;
	ssize_t len = dwelf_elf_gnu_build_id(elf, (const void **)&id);
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

static void
elfinfo_read_elf(Elf *elf, struct elfinfo *info)
{
	GElf_Ehdr ehdr;
	GElf_Phdr phdr;
	size_t n;

	memset(info, 0, sizeof *info);
	if (elf == NULL || gelf_getehdr(elf, &ehdr) == NULL)
		return;
	info->build_id = elfinfo_build_id(elf);
	info->entry = ehdr.e_entry;
	if (elf_getphdrnum(elf, &n) != 0)
		return;
	for (size_t i = 0; i < n && info->nloads < ELFINFO_MAX_LOADS; i++) {
		if (gelf_getphdr(elf, (int)i, &phdr) == NULL || phdr.p_type != PT_LOAD)
			continue;
		info->loads[info->nloads].offset = phdr.p_offset;
		info->loads[info->nloads].filesz = phdr.p_filesz;
		info->loads[info->nloads].vaddr = phdr.p_vaddr;
		info->nloads++;
	}
}

static bool
elfinfo_read(const char *file, struct elfinfo *info)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	Elf *elf;

	memset(info, 0, sizeof *info);
	if (fd < 0)
		return false;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	elfinfo_read_elf(elf, info);
	elf_end(elf);
	close(fd);
	return elf != NULL;
}

const struct elfinfo *
elfinfo_file(struct elfinfo_cache *c, pid_t tid, const char *path, dev_t dev,
	ino_t ino, uint64_t start, uint64_t end)
{
	char mapped[64];
	const char *file = path;
	struct elfinfo_entry *e;
	struct elfinfo_key key;
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
		e->ok = elfinfo_read(file, &e->info);
		HASH_ADD(hh, c->files, key, sizeof key, e);
	}
	return e->ok ? &e->info : NULL;
}

void
elfinfo_memory(void *image, size_t size, struct elfinfo *info)
{
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_memory(image, size);
	elfinfo_read_elf(elf, info);
	elf_end(elf);
}

uint64_t
elfinfo_bias(const struct elfinfo *info, uint64_t start, uint64_t pgoff)
{
	const uint64_t page_mask = ~(uint64_t)4095;

	/* The kernel maps a segment from the page of its file offset to the
	 * page of its address, so both move by the same amount. */
	for (unsigned i = 0; info != NULL && i < info->nloads; i++) {
		const struct elfinfo_load *l = &info->loads[i];
		if (pgoff >= (l->offset & page_mask) && pgoff < l->offset + l->filesz)
			return start - pgoff + l->offset - l->vaddr;
	}
	return start - pgoff;
}
