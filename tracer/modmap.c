#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "core/strpool.h"
#include "core/xmalloc.h"
#include "tracer/modmap.h"
#include "tracer/tracee-mem.h"

/* One line of /proc/PID/maps. */
struct modmap_line {
	uint64_t start, end, pgoff;
	unsigned dev_major, dev_minor;
	uint64_t inode;
	char perms[5];
	char *path; /* points into the line; "" for anonymous memory */
};

/* NOTE: /proc/PID/maps writes a newline in a path as "\012" (seq_path with
 * "\n" to escape, Linux 6.18) and leaves a backslash as is: turn each
 * "\012" back into a newline, in place; the path of a file whose name has
 * those four characters is then misread, where without this every path
 * with a newline would be. */
static void
modmap_unescape(char *path)
{
	char *o = path;

	for (const char *c = path; *c != '\0'; c++) {
		if (strncmp(c, "\\012", 4) == 0) {
			*o++ = '\n';
			c += 3;
		} else {
			*o++ = *c;
		}
	}
	*o = '\0';
}

static int
modmap_parse(char *line, struct modmap_line *l)
{
	int pos = 0;
	size_t len;

	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64 " %n",
	    &l->start, &l->end, l->perms, &l->pgoff, &l->dev_major,
	    &l->dev_minor, &l->inode, &pos) != 7 || pos == 0)
		return -EINVAL;
	l->path = line + pos;
	len = strcspn(l->path, "\n");
	l->path[len] = '\0';
	/* A file deleted or replaced since: the mapping still has its path. */
	if (len > 10 && strcmp(l->path + len - 10, " (deleted)") == 0)
		l->path[len - 10] = '\0';
	modmap_unescape(l->path);
	return 0;
}

/* Set the module of E: PATH, linked as INFO says (NULL: unknown). */
static void
modmap_entry_module(struct modmap_entry *e, const char *path,
	const struct elfinfo *info, uint64_t pgoff)
{
	e->module = strpool_intern(path);
	e->bias = elfinfo_bias(info, e->start, pgoff);
	e->build_id = info != NULL ? info->build_id : NULL;
	e->entry = info != NULL && info->entry != 0 ? e->bias + info->entry : 0;
}

/* The vDSO is an ELF image the kernel maps: its facts are read from memory. */
static void
modmap_vdso(struct modmap_entry *e, pid_t tid, const struct modmap_line *l)
{
	size_t size = l->end - l->start;
	struct elfinfo info;
	void *image = size <= (1u << 20) ? xmalloc(size) : NULL;

	if (image != NULL && tracee_mem_read(tid, l->start, image, size) == 0) {
		elfinfo_memory(image, size, &info);
		modmap_entry_module(e, l->path, &info, 0);
	} else {
		modmap_entry_module(e, l->path, NULL, 0);
	}
	free(image);
}

/* Fill E for the executable mapping L of process TID; the facts of a
 * mapping of OLD (may be NULL) at the same place of the same file are
 * taken as they are. */
static void
modmap_entry_set(struct modmap_entry *e, const struct modmap_line *l,
	pid_t tid, struct elfinfo_cache *files, const struct modmap *old)
{
	const struct modmap_entry *was = old != NULL ? modmap_find(old, l->start) : NULL;

	memset(e, 0, sizeof *e);
	e->start = l->start;
	e->end = l->end;
	e->pgoff = l->pgoff;
	e->dev = makedev(l->dev_major, l->dev_minor);
	e->ino = l->inode;
	if (was != NULL && was->start == e->start && was->end == e->end &&
	    was->pgoff == e->pgoff && was->dev == e->dev && was->ino == e->ino &&
	    (was->module == NULL ? l->path[0] == '\0' : strcmp(was->module, l->path) == 0)) {
		*e = *was;
	} else if (l->inode != 0) {
		const struct elfinfo *info = elfinfo_file(files, tid, l->path,
		    e->dev, l->inode, l->start, l->end);
		modmap_entry_module(e, l->path, info, l->pgoff);
	} else if (strcmp(l->path, "[vdso]") == 0) {
		modmap_vdso(e, tid, l);
	}
}

/* Read the executable mappings of process TID into OUT (empty), reusing
 * the facts of OLD's (may be NULL); 0 or -errno. */
static int
modmap_load(struct modmap *out, pid_t tid, struct elfinfo_cache *files,
	const struct modmap *old)
{
	struct modmap_line l;
	char path[32], *line = NULL;
	size_t cap = 0, size = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/maps", (int)tid);
	f = fopen(path, "re");
	if (f == NULL)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		/* "START-END rwxp ...": most mappings are data, skipped unparsed. */
		const char *perms = strchr(line, ' ');
		if (perms == NULL || strlen(perms) < 4 || perms[3] != 'x' ||
		    modmap_parse(line, &l) != 0)
			continue;
		if (out->n == size) {
			size = size ? 2 * size : 32;
			out->v = xreallocarray(out->v, size, sizeof *out->v);
		}
		modmap_entry_set(&out->v[out->n++], &l, tid, files, old);
	}
	free(line);
	fclose(f);
	return 0;
}

int
modmap_read(struct modmap *m, pid_t tid, struct elfinfo_cache *files)
{
	modmap_free(m);
	return modmap_load(m, tid, files, NULL);
}

static bool
modmap_equal(const struct modmap *a, const struct modmap *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (memcmp(&a->v[i], &b->v[i], sizeof a->v[i]) != 0)
			return false;
	return true;
}

bool
modmap_reread(struct modmap *m, pid_t tid, struct elfinfo_cache *files)
{
	struct modmap fresh = { NULL, 0 };

	if (modmap_load(&fresh, tid, files, m) != 0 || modmap_equal(&fresh, m)) {
		modmap_free(&fresh);
		return false;
	}
	modmap_free(m);
	*m = fresh;
	return true;
}

const struct modmap_entry *
modmap_find(const struct modmap *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (addr < m->v[mid].start)
			hi = mid;
		else if (addr >= m->v[mid].end)
			lo = mid + 1;
		else
			return &m->v[mid];
	}
	return NULL;
}

void
modmap_free(struct modmap *m)
{
	free(m->v);
	m->v = NULL;
	m->n = 0;
}
