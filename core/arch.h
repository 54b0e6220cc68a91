/* Architectures sandcast knows: x86-64, i386 and x32, and their audit values. */
#ifndef SANDCAST_CORE_ARCH_H
#define SANDCAST_CORE_ARCH_H

#include <stdint.h>

/* The x32 ABI shares AUDIT_ARCH_X86_64 and marks its numbers with this bit. */
#define ARCH_X32_SYSCALL_BIT 0x40000000u

enum arch {
	ARCH_X86_64,
	ARCH_I386,
	ARCH_X32,
	ARCH_COUNT
};

/* A set of architectures, one bit per enum arch. */
typedef unsigned arch_mask;
#define ARCH_MASK_ALL ((1u << ARCH_COUNT) - 1)

/* Return the name used in profiles and on the command line ("x86_64", ...). */
const char *arch_name(enum arch arch);

/* Parse an architecture name (also "x86-64", "amd64", "x86", "ia32"); 0 or -EINVAL. */
int arch_from_name(const char *name, enum arch *arch);

/* Parse a comma-separated list of names into a mask; 0 or -EINVAL. */
int arch_parse_list(const char *list, arch_mask *mask);

/* Return the AUDIT_ARCH_* value that seccomp_data.arch holds for ARCH. */
uint32_t arch_audit(enum arch arch);

/* Split (seccomp_data.arch, nr) into an architecture and a plain number; 0 or -EINVAL. */
int arch_from_audit(uint32_t audit, uint32_t nr, enum arch *arch, uint32_t *plain_nr);

/* Set *ARCH to the architecture of the ELF program PATH from its header;
 * 0, -ENOEXEC when it is no x86 ELF file, or -errno when it cannot be read. */
int arch_of_elf(const char *path, enum arch *arch);

#endif
