#include <errno.h>
#include <linux/audit.h>
#include <string.h>

#include "core/arch.h"
#include "core/xmalloc.h"

static const struct {
	const char *name;
	uint32_t audit;
} arch_info[ARCH_COUNT] = {
	[ARCH_X86_64] = { "x86_64", AUDIT_ARCH_X86_64 },
	[ARCH_I386] = { "i386", AUDIT_ARCH_I386 },
	[ARCH_X32] = { "x32", AUDIT_ARCH_X86_64 },
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
