#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/strpool.h"
#include "core/xmalloc.h"
#include "reporter/symbolize.h"

/* A module as recorded: interned path and build-id, hashed as two pointers. */
struct module_key {
	const char *path;
	const char *build_id;
};

/* A function symbol; names belong to the module's Dwfl. */
struct symbol {
	GElf_Addr addr;
	GElf_Xword size;
	int rank;             /* GLOBAL 2, WEAK 1, LOCAL 0 */
	const char *name;
};

struct module {
	struct module_key key;
	enum symbolize_status status;
	Dwfl *dwfl;            /* NULL when nothing can name the module's frames */
	Dwfl_Module *mod;      /* the module, or its separate debuginfo file */
	const char *debuginfo; /* that debuginfo file's path, when used */
	struct symbol *syms;   /* its functions by address, one per address */
	size_t nsyms;
	bool libc_inside;      /* it defines __libc_start_main: a static executable
	                        * (or the C library itself) */
	UT_hash_handle hh;
};

/* A frame resolved, keyed on the recorded frame's bytes: its interned
 * module and build-id pointers, its offset and whether it is exact. */
struct frame_entry {
	struct profile_frame key;
	struct symbolize_frame sf;
	UT_hash_handle hh;
};

struct symbolizer {
	char *debuginfo_path;     /* Dwfl_Callbacks points here */
	Dwfl_Callbacks callbacks;
	struct module *modules;
	struct frame_entry *frames; /* every frame resolved so far */
};

struct symbolizer *
symbolize_new(const char *debuginfo_path)
{
	struct symbolizer *s = xcalloc(1, sizeof *s);

	s->debuginfo_path = xstrdup(debuginfo_path != NULL ? debuginfo_path :
	    ":.debug:/usr/lib/debug");
	s->callbacks.find_elf = dwfl_build_id_find_elf;
	s->callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
	s->callbacks.debuginfo_path = &s->debuginfo_path;
	return s;
}

static void
module_free(struct module *m)
{
	if (m->dwfl != NULL)
		dwfl_end(m->dwfl);
	free(m->syms);
	free(m);
}

void
symbolize_free(struct symbolizer *s)
{
	if (s == NULL)
		return;
	HASH_DESTROY(s->frames, free);
	HASH_DESTROY(s->modules, module_free);
	free(s->debuginfo_path);
	free(s);
}

/* Report the ELF file PATH alone in a new Dwfl, at its link-time addresses
 * (bias 0), so that a frame's offset is an address of the Dwfl. Only a
 * regular file is opened: a profile may name a FIFO or a device. */
static int
module_report(struct symbolizer *s, const char *path, struct module *m)
{
	struct stat st;

	if (stat(path, &st) != 0 || access(path, R_OK) != 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -ENOEXEC;
	m->dwfl = dwfl_begin(&s->callbacks);
	if (m->dwfl == NULL)
		return -ENOMEM;
	dwfl_report_begin(m->dwfl);
	m->mod = dwfl_report_elf(m->dwfl, path, path, -1, 0, true);
	dwfl_report_end(m->dwfl, NULL, NULL);
	if (m->mod == NULL || dwfl_module_getelf(m->mod, &(Dwarf_Addr){ 0 }) == NULL) {
		dwfl_end(m->dwfl);
		m->dwfl = NULL;
		m->mod = NULL;
		return -ENOEXEC;
	}
	return 0;
}

/* Whether the build-id of M's file is WANT (lower-case hex). */
static bool
module_build_id_is(const struct module *m, const char *want)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(m->mod, &bits, &vaddr);
	char hex[2 * 64 + 1];

	if (n <= 0 || n > 64)
		return false;
	for (int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", bits[i]);
	return strcasecmp(hex, want) == 0;
}

static void
module_drop(struct module *m)
{
	dwfl_end(m->dwfl);
	m->dwfl = NULL;
	m->mod = NULL;
}

/* A build-id fit to be a file name: hex digits only, as long as a real one. */
static bool
build_id_valid(const char *id)
{
	size_t n = strlen(id);

	return n >= 4 && n <= 128 && strspn(id, "0123456789abcdefABCDEF") == n;
}

/* Report the separate debuginfo file of BUILD_ID, looked up as
 * DIR/.build-id/xx/rest.debug in each absolute directory of the path. */
static void
module_report_debuginfo(struct symbolizer *s, struct module *m, const char *build_id)
{
	char *path = xstrdup(s->debuginfo_path), *save = NULL;

	if (!build_id_valid(build_id)) {
		free(path);
		return;
	}
	for (char *dir = strtok_r(path, ":", &save); dir != NULL && m->mod == NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		char *file;
		dir += strspn(dir, "+-");
		if (dir[0] != '/')
			continue;
		file = xasprintf("%s/.build-id/%.2s/%s.debug", dir, build_id, build_id + 2);
		if (module_report(s, file, m) == 0 && !module_build_id_is(m, build_id))
			module_drop(m);
		if (m->mod != NULL)
			m->debuginfo = strpool_intern(file);
		free(file);
	}
	free(path);
}

/* Open the recorded module KEY: the file itself when it is the one recorded,
 * else the separate debuginfo of the recorded build-id, if any. */
static void
module_open(struct symbolizer *s, struct module *m)
{
	const struct module_key *k = &m->key;
	int rc;

	if (k->path == NULL) {
		m->status = SYMBOLIZE_NO_MODULE;
		return;
	}
	if (k->path[0] != '/') {
		m->status = SYMBOLIZE_PSEUDO;
	} else if ((rc = module_report(s, k->path, m)) != 0) {
		m->status = rc == -ENOENT || rc == -ENOTDIR ? SYMBOLIZE_GONE :
		    SYMBOLIZE_UNREADABLE;
	} else if (k->build_id != NULL && !module_build_id_is(m, k->build_id)) {
		m->status = SYMBOLIZE_CHANGED;
		module_drop(m);
	}
	if (m->mod == NULL && k->build_id != NULL)
		module_report_debuginfo(s, m, k->build_id);
}

static int
symbol_cmp(const void *pa, const void *pb)
{
	const struct symbol *a = pa, *b = pb;

	size_t alen = strlen(a->name), blen = strlen(b->name);

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	/* Of aliases, the shortest: write, not __libc_write or __GI___write. */
	if (alen != blen)
		return alen < blen ? -1 : 1;
	if (a->rank != b->rank)
		return b->rank - a->rank;
	return strcmp(a->name, b->name);
}

static bool
symbol_wanted(const GElf_Sym *sym, const char *name)
{
	int type = GELF_ST_TYPE(sym->st_info);

	return name != NULL && name[0] != '\0' && sym->st_shndx != SHN_UNDEF &&
	    sym->st_value != 0 &&
	    (type == STT_FUNC || type == STT_GNU_IFUNC || type == STT_NOTYPE);
}

/* Sort the functions of M's symbol table (or dynamic symbols) by address,
 * keeping one name for each address.
 * NOTE: dwfl_module_addrinfo scans every symbol on each call in elfutils
 * 0.188, about 50 us a frame on python3 and 190 us on libc with debuginfo. */
static void
module_index(struct module *m)
{
	int n = dwfl_module_getsymtab(m->mod);
	size_t kept = 0;

	m->syms = xcalloc(n > 0 ? (size_t)n : 1, sizeof *m->syms);
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		const char *name = dwfl_module_getsym_info(m->mod, i, &sym, &addr,
		    NULL, NULL, NULL);
		int bind = GELF_ST_BIND(sym.st_info);
		if (!symbol_wanted(&sym, name))
			continue;
		if (strcmp(name, "__libc_start_main") == 0)
			m->libc_inside = true;
		m->syms[kept++] = (struct symbol){ addr, sym.st_size,
			bind == STB_GLOBAL ? 2 : bind == STB_WEAK ? 1 : 0, name };
	}
	qsort(m->syms, kept, sizeof *m->syms, symbol_cmp);
	m->nsyms = 0;
	for (size_t i = 0; i < kept; i++) {
		if (m->nsyms == 0 || m->syms[m->nsyms - 1].addr != m->syms[i].addr)
			m->syms[m->nsyms++] = m->syms[i];
	}
}

/* The function of M that holds AT: the last one starting at or below it,
 * if its size reaches AT (a symbol without a size reaches the next one). */
static const struct symbol *
module_function(const struct module *m, GElf_Addr at)
{
	size_t lo = 0, hi = m->nsyms;
	const struct symbol *sym;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->syms[mid].addr <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	sym = &m->syms[lo - 1];
	return sym->size == 0 || at - sym->addr < sym->size ? sym : NULL;
}

static struct module *
module_get(struct symbolizer *s, const struct profile_frame *f)
{
	struct module_key key = { f->module, f->module != NULL ? f->build_id : NULL };
	struct module *m;

	HASH_FIND(hh, s->modules, &key, sizeof key, m);
	if (m == NULL) {
		m = xcalloc(1, sizeof *m);
		m->key = key;
		module_open(s, m);
		if (m->mod != NULL)
			module_index(m);
		HASH_ADD(hh, s->modules, key, sizeof m->key, m);
	}
	return m;
}

/* Whether the code at AT of M, a module that holds the C library, is the C
 * library's: M has debug information, but none for AT (glibc's and musl's
 * static archives are built without it, the program with it). */
static bool
module_runtime_at(struct module *m, GElf_Addr at)
{
	Dwarf_Addr bias;

	return dwfl_module_getdwarf(m->mod, &bias) != NULL &&
	    dwfl_module_addrdie(m->mod, at, &bias) == NULL;
}

/* The source file of LINE, made absolute with its compilation directory
 * (DWARF 5 line tables name files relative to it); *NUMBER gets the line. */
static const char *
line_file(Dwfl_Line *line, int *number)
{
	const char *file = dwfl_lineinfo(line, NULL, number, NULL, NULL, NULL);
	const char *dir = dwfl_line_comp_dir(line);
	char *joined;

	if (file == NULL) {
		*number = 0;
		return NULL;
	}
	if (file[0] == '/' || dir == NULL || dir[0] == '\0')
		return file;
	joined = xasprintf("%s/%s", dir, file);
	file = strpool_intern(joined);
	free(joined);
	return file;
}

/* Resolve frame F into *OUT, in the module's handle. */
static void
frame_resolve(struct symbolizer *s, const struct profile_frame *f,
	struct symbolize_frame *out)
{
	struct module *m = module_get(s, f);
	/* The call is the instruction before a return address (and the system
	 * call instruction the one before frames[0]); an exact address is the
	 * instruction itself. */
	GElf_Addr at = f->offset > 0 && !f->exact ? f->offset - 1 : f->offset;
	const struct symbol *sym;
	Dwfl_Line *line;

	memset(out, 0, sizeof *out);
	out->status = m->status;
	if (m->mod == NULL)
		return;
	out->debuginfo = m->debuginfo;
	sym = module_function(m, at);
	if (sym != NULL) {
		out->function = sym->name;
		out->function_offset = f->offset - sym->addr;
	}
	line = dwfl_module_getsrc(m->mod, at);
	if (line != NULL)
		out->file = line_file(line, &out->line);
	out->runtime = m->libc_inside && module_runtime_at(m, at);
}

void
symbolize_frame(struct symbolizer *s, const struct profile_frame *f,
	struct symbolize_frame *out)
{
	struct frame_entry *e;

	HASH_FIND(hh, s->frames, f, sizeof *f, e);
	if (e == NULL) {
		e = xcalloc(1, sizeof *e);
		e->key = *f;
		frame_resolve(s, f, &e->sf);
		HASH_ADD(hh, s->frames, key, sizeof e->key, e);
	}
	*out = e->sf;
}

/* Each status's name and words. */
static const struct {
	const char *name, *text;
} symbolize_statuses[] = {
	[SYMBOLIZE_OK] = { "ok", "" },
	[SYMBOLIZE_NO_MODULE] = { "no-module", "no module: anonymous memory" },
	[SYMBOLIZE_PSEUDO] = { "pseudo", "" },
	[SYMBOLIZE_GONE] = { "gone", "module gone since recording" },
	[SYMBOLIZE_CHANGED] = { "changed", "module changed since recording" },
	[SYMBOLIZE_UNREADABLE] = { "unreadable", "module unreadable" },
};

const char *
symbolize_status_name(enum symbolize_status status)
{
	return symbolize_statuses[status].name;
}

const char *
symbolize_status_text(enum symbolize_status status)
{
	return symbolize_statuses[status].text;
}
