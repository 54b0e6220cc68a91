#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <string.h>
#include <unistd.h>

#include "core/arch.h"
#include "core/xmalloc.h"

static const struct {
	const char *name;
	uint32_t audit;
	unsigned char elf_class; /* e_ident[EI_CLASS] of its programs */
	uint16_t elf_machine;    /* and their e_machine */
} arch_info[ARCH_COUNT] = {
	[ARCH_X86_64] = { "x86_64", AUDIT_ARCH_X86_64, ELFCLASS64, EM_X86_64 },
	[ARCH_I386] = { "i386", AUDIT_ARCH_I386, ELFCLASS32, EM_386 },
	[ARCH_X32] = { "x32", AUDIT_ARCH_X86_64, ELFCLASS32, EM_X86_64 },
};

static const struct {
	const char *alias;
	enum arch arch;
} arch_aliases[] = {
	{ "x86-64", ARCH_X86_64 }, { "amd64", ARCH_X86_64 },
	{ "x86", ARCH_I386 }, { "ia32", ARCH_I386 }, { "i686", ARCH_I386 },
};

const char *
arch_name(enum arch arch)
{
	return (unsigned)arch < ARCH_COUNT ? arch_info[arch].name : "unknown";
}

int
arch_from_name(const char *name, enum arch *arch)
{
	for (unsigned i = 0; i < ARCH_COUNT; i++) {
		if (strcmp(name, arch_info[i].name) == 0) {
			*arch = i;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof arch_aliases / sizeof *arch_aliases; i++) {
		if (strcmp(name, arch_aliases[i].alias) == 0) {
			*arch = arch_aliases[i].arch;
			return 0;
		}
	}
	return -EINVAL;
}

int
arch_parse_list(const char *list, arch_mask *mask)
{
	char *copy = xstrdup(list), *save = NULL;
	int rc = 0;

	*mask = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		enum arch arch;
		if (arch_from_name(tok, &arch) != 0) {
			rc = -EINVAL;
			break;
		}
		*mask |= 1u << arch;
	}
	free(copy);
	return rc == 0 && *mask == 0 ? -EINVAL : rc;
}

uint32_t
arch_audit(enum arch arch)
{
	return arch_info[arch].audit;
}

int
arch_from_audit(uint32_t audit, uint32_t nr, enum arch *arch, uint32_t *plain_nr)
{
	if (audit == AUDIT_ARCH_I386) {
		*arch = ARCH_I386;
		*plain_nr = nr;
		return 0;
	}
	if (audit != AUDIT_ARCH_X86_64)
		return -EINVAL;
	*arch = (nr & ARCH_X32_SYSCALL_BIT) ? ARCH_X32 : ARCH_X86_64;
	*plain_nr = nr & ~ARCH_X32_SYSCALL_BIT;
	return 0;
}

int
arch_of_elf(const char *path, enum arch *arch)
{
	unsigned char h[EI_NIDENT + 4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	uint16_t machine;

	if (fd < 0)
		return -errno;
	n = read(fd, h, sizeof h);
	close(fd);
	if (n != (ssize_t)sizeof h || memcmp(h, ELFMAG, SELFMAG) != 0 || h[EI_DATA] != ELFDATA2LSB)
		return -ENOEXEC;
	machine = (uint16_t)(h[EI_NIDENT + 2] | h[EI_NIDENT + 3] << 8); /* after e_type */
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (arch_info[a].elf_class == h[EI_CLASS] && arch_info[a].elf_machine == machine) {
			*arch = (enum arch)a;
			return 0;
		}
	}
	return -ENOEXEC;
}
