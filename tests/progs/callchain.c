/* main -> f0 -> f1 -> f2 -> f3, each noinline; f3 makes one distinctive call
 * (mq_notify(-1, NULL), which fails with EBADF).
 *
 * With --sites, no call is made: each function instead prints where the
 * return address of its call sits, computed without libdw, as the oracle of
 * the symbolizer's tests. One line per site, tab-separated:
 *
 *   FUNCTION LINE OFFSET-IN-FUNCTION MODULE BUILD-ID OFFSET
 *
 * OFFSET as docs/profile-format.md defines it (the link-time address,
 * pc - load bias), computed twice: from dl_iterate_phdr's dlpi_addr, and from
 * /proc/self/maps with the module's PT_LOAD headers; the program fails when
 * the two disagree. The build-id comes from the module's PT_NOTE. A last line
 * gives the same for libc's syscall() entry + 4, named by dladdr (LINE 0),
 * unless built with CALLCHAIN_STATIC (linked with the C library inside). */
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noclone))

typedef long (*call_fn)(long, ...);

static call_fn the_call = syscall;
static int sites;                 /* --sites given */
static int line_of[5];            /* the line of each function's call */

/* Run CALL after noting its line for function number N. */
#define CALL_AT(n, call) (line_of[n] = __LINE__, (call))

struct object {
	uintptr_t pc;
	uintptr_t bias;             /* dlpi_addr */
	const ElfW(Phdr) *phdr;
	int phnum;
	char build_id[41];
};

static int
note_build_id(const ElfW(Nhdr) *n, const char *end, char *out)
{
	while ((const char *)(n + 1) <= end) {
		const char *name = (const char *)(n + 1);
		const unsigned char *desc = (const unsigned char *)name +
		    ((n->n_namesz + 3) & ~3u);
		if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
		    memcmp(name, "GNU", 4) == 0 && n->n_descsz <= 20) {
			for (unsigned i = 0; i < n->n_descsz; i++)
				sprintf(out + 2 * i, "%02x", desc[i]);
			return 1;
		}
		n = (const ElfW(Nhdr) *)(desc + ((n->n_descsz + 3) & ~3u));
	}
	return 0;
}

static int
find_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct object *o = arg;
	int inside = 0;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + p->p_vaddr;
		if (p->p_type == PT_LOAD && o->pc >= start && o->pc < start + p->p_memsz)
			inside = 1;
	}
	if (!inside)
		return 0;
	o->bias = info->dlpi_addr;
	o->phdr = info->dlpi_phdr;
	o->phnum = info->dlpi_phnum;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		const char *note = (const char *)(info->dlpi_addr + p->p_vaddr);
		if (p->p_type == PT_NOTE &&
		    note_build_id((const ElfW(Nhdr) *)note, note + p->p_filesz, o->build_id))
			break;
	}
	return 1;
}

/* The offset of file offset FILE_OFF by the PT_LOAD that holds it, or -1. */
static uintmax_t
offset_from_file_offset(const struct object *o, uintmax_t file_off)
{
	for (int i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *p = &o->phdr[i];
		if (p->p_type == PT_LOAD && file_off >= p->p_offset &&
		    file_off < p->p_offset + p->p_filesz)
			return file_off - p->p_offset + p->p_vaddr;
	}
	return (uintmax_t)-1;
}

/* Print the site of PC: its module, build-id and offset. */
static void
print_site(const char *function, int line, uintptr_t pc, uintptr_t function_start)
{
	struct object o = { .pc = pc, .build_id = "-" };
	FILE *maps = fopen("/proc/self/maps", "r");
	char text[4096];

	dl_iterate_phdr(find_object, &o);
	while (maps != NULL && fgets(text, sizeof text, maps) != NULL) {
		uintmax_t start, end, pgoff, by_maps;
		int path_at = 0;
		if (sscanf(text, "%jx-%jx %*s %jx %*s %*s %n", &start, &end, &pgoff,
		    &path_at) < 3 || pc < start || pc >= end)
			continue;
		text[strcspn(text, "\n")] = '\0';
		by_maps = offset_from_file_offset(&o, pc - start + pgoff);
		if (by_maps != (uintmax_t)(pc - o.bias)) {
			fprintf(stderr, "callchain: %s: offset %#jx by dlpi_addr, %#jx "
			    "by /proc/self/maps\n", function, (uintmax_t)(pc - o.bias),
			    by_maps);
			exit(3);
		}
		printf("%s\t%d\t%#jx\t%s\t%s\t%#jx\n", function, line,
		    (uintmax_t)(pc - function_start), text + path_at, o.build_id,
		    by_maps);
	}
	if (maps != NULL)
		fclose(maps);
}

/* Stands in for syscall() under --sites: prints the site in f3. */
static NOINLINE long
site_of_call(long nr, ...)
{
	extern int f3(void);

	(void)nr;
	print_site("f3", line_of[4], (uintptr_t)__builtin_return_address(0),
	    (uintptr_t)f3);
	return 0;
}

/* Print the return address of the call to the caller CALLER (function N). */
#define PRINT_CALLER(n, name, caller) do { \
	if (sites) \
		print_site(name, line_of[n], \
		    (uintptr_t)__builtin_return_address(0), (uintptr_t)caller); \
} while (0)

int main(int, char **);
int f0(void);
int f1(void);
int f2(void);
int f3(void);

NOINLINE int
f3(void)
{
	PRINT_CALLER(3, "f2", f2);
	return (int)CALL_AT(4, the_call(SYS_mq_notify, -1, NULL)) + 1;
}

NOINLINE int
f2(void)
{
	PRINT_CALLER(2, "f1", f1);
	return CALL_AT(3, f3()) + 1;
}

NOINLINE int
f1(void)
{
	PRINT_CALLER(1, "f0", f0);
	return CALL_AT(2, f2()) + 1;
}

NOINLINE int
f0(void)
{
	PRINT_CALLER(0, "main", main);
	return CALL_AT(1, f1()) + 1;
}

static void
print_libc_site(void)
{
#ifndef CALLCHAIN_STATIC
	/* libc's own definition, not a non-PIE executable's canonical PLT entry */
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	void *entry = libc != NULL ? dlsym(libc, "syscall") : NULL;
	Dl_info info;

	if (entry != NULL && dladdr(entry, &info) != 0 && info.dli_sname != NULL)
		print_site(info.dli_sname, 0, (uintptr_t)info.dli_saddr + 4,
		    (uintptr_t)info.dli_saddr);
#endif
}

int
main(int argc, char **argv)
{
	int r;

	if (argc > 1 && strcmp(argv[1], "--sites") == 0) {
		sites = 1;
		the_call = site_of_call;
	}
	r = CALL_AT(0, f0());
	if (sites)
		print_libc_site();
	return r > 0 ? 0 : 1;
}
