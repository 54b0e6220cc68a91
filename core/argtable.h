/* The argument table: for each call worth constraining, which scalar
 * arguments record keeps and gen compares, how to read each, and how to
 * name its values (docs/arguments.md says why each is there). */
#ifndef SANDCAST_CORE_ARGTABLE_H
#define SANDCAST_CORE_ARGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"

/* The most distinct values an argument keeps; past it, it is open. */
#define ARGTABLE_MAX_VALUES 32

/* How the values of an argument are named. */
enum argdec {
	ARGDEC_HEX,       /* no names: hex */
	ARGDEC_IOCTL,     /* TCGETS, FIONREAD... */
	ARGDEC_FAMILY,    /* AF_UNIX, AF_INET... */
	ARGDEC_SOCKTYPE,  /* SOCK_STREAM... */
	ARGDEC_SOCKETCALL,/* SYS_SOCKET... (i386 socketcall's call number) */
	ARGDEC_PRCTL,     /* PR_SET_NAME... */
	ARGDEC_FCNTL,     /* F_GETFL... */
	ARGDEC_SOCKLEVEL, /* SOL_SOCKET, IPPROTO_TCP... */
	ARGDEC_ARCHPRCTL, /* ARCH_SET_FS... */
	ARGDEC_MADVISE,   /* MADV_DONTNEED... */
	ARGDEC_SIGNAL,    /* SIGTERM... */
	ARGDEC_PROT,      /* PROT_READ|PROT_WRITE, a set of bits */
	ARGDEC_NAMESPACES,/* CLONE_NEWUSER|CLONE_NEWNET, a set of bits */
	ARGDEC_PTRACE,    /* PTRACE_PEEKDATA... */
	ARGDEC_COUNT
};

/* One argument of one call: what record keeps of args[INDEX] is
 * argtable_read() of it. */
struct argrule {
	const char *call;  /* the call's name */
	arch_mask arches;  /* where the call has this argument */
	unsigned index;    /* 0 to 5 */
	const char *name;  /* the argument's name in the call's man page */
	bool is_int;       /* an int: the kernel reads the low 32 bits only */
	uint64_t mask;     /* the bits kept (all for an exact value) */
	enum argdec dec;
};

/* Return the rules of call NR on ARCH, in the order of their argument
 * index, *N getting their number (0 and NULL for a call without). */
const struct argrule *const *argtable_rules(enum arch arch, uint32_t nr, size_t *n);

/* Return the rule of argument INDEX of call NR on ARCH, or NULL. */
const struct argrule *argtable_rule(enum arch arch, uint32_t nr, unsigned index);

/* Return the value record keeps of the raw argument RAW on ARCH: its low
 * 32 bits for an int and on i386, under the rule's mask. */
uint64_t argtable_read(const struct argrule *r, enum arch arch, uint64_t raw);

/* Return the bits of the raw 64-bit argument that a filter compares on
 * ARCH: those of the mask that the kernel reads. */
uint64_t argtable_compared(const struct argrule *r, enum arch arch);

/* Format VALUE of rule R into BUF: its name ("TCGETS", "PROT_READ|
 * PROT_WRITE"), or hex where no name is known; return BUF. */
const char *argtable_describe(const struct argrule *r, uint64_t value, char *buf,
	size_t size);

/* Format VALUE of rule R (NULL: unknown) into BUF in hex, with its name
 * after it when known: "0x5412 (TIOCSTI)"; return BUF. */
const char *argtable_show(const struct argrule *r, uint64_t value, char *buf,
	size_t size);

/* Return the name of VALUE for R, or NULL when it has none (a set of bits
 * is named only when every bit is). */
const char *argtable_name(const struct argrule *r, uint64_t value, char *buf,
	size_t size);

/* Return the number of rules in the table, and rule I of them. */
size_t argtable_count(void);
const struct argrule *argtable_get(size_t i);

#endif
