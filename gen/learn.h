/* Learn mode, the C output compiled with -DSANDCAST_LEARN: the calls its
 * SIGSYS handler runs its own way, and the program that traps what the
 * allow-list refuses and lets the handler's trampoline through. */
#ifndef SANDCAST_GEN_LEARN_H
#define SANDCAST_GEN_LEARN_H

#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"
#include "gen/filter.h"

/* What the handler does with a call, past logging it. */
enum learn_kind {
	LEARN_MASK,      /* rt_sigprocmask, sigprocmask: applied to the mask
	                  * the handler's return restores, SIGSYS left out */
	LEARN_ACTION,    /* rt_sigaction: SIGSYS keeps the handler, and no
	                  * handler's mask blocks SIGSYS */
	LEARN_SIGNAL,    /* i386 sigaction and signal: SIGSYS keeps the handler */
	LEARN_CLONE,     /* clone: a child on a stack of its own starts through
	                  * the trampoline where the call returns */
	LEARN_CLONE3,    /* clone3: fails with ENOSYS, so libc falls back to clone */
	LEARN_VFORK,     /* vfork: made as clone(CLONE_VFORK | SIGCHLD) */
	LEARN_SIGRETURN, /* rt_sigreturn, sigreturn: made from the trampoline
	                  * on the program's own stack */
	LEARN_KIND_COUNT
};

/* When a call the allow-list allows still goes to the handler. */
enum learn_test {
	LEARN_NEVER,
	LEARN_ARG1_SET,    /* args[1], the new mask or action, is not NULL */
	LEARN_ARG0_SIGSYS, /* args[0], the signal, is SIGSYS */
};

/* One call of one arch that the handler runs its own way. */
struct learn_call {
	enum arch arch;
	uint32_t nr;  /* as seccomp_data.nr has it: x32 ones with the x32 bit */
	enum learn_kind kind;
	enum learn_test test;
	uint32_t aux; /* LEARN_MASK: the bytes of its mask (8, or 4 for the
	               * i386 sigprocmask); LEARN_VFORK: the number of clone */
};

/* The SECCOMP_RET_DATA of the traps, which the handler reads in si_errno. */
#define LEARN_DATA_LOG 0x5c01 /* the allow-list refuses it: log it, then run it */
#define LEARN_DATA_RUN 0x5c02 /* the allow-list allows it: run it the handler's way */

/* The offsets of the halves of seccomp_data.instruction_pointer (x86 is
 * little-endian). */
#define LEARN_IP_LOW offsetof(struct seccomp_data, instruction_pointer)
#define LEARN_IP_HIGH (LEARN_IP_LOW + 4)

/* The calls the handler runs its own way, of every arch that has them, in
 * the order of the table; *N gets their count; free() it. */
struct learn_call *learn_calls(size_t *n);

/* Return the name of KIND as the C output spells it ("MASK", ...). */
const char *learn_kind_name(enum learn_kind kind);

/* Build in *OUT the learn program of the allow-list F: F's refusals trap
 * with LEARN_DATA_LOG, the calls of learn_calls() whose test holds trap
 * with LEARN_DATA_RUN, unless the call comes from the trampoline, whose
 * address the installer writes into the program (the jump after each load
 * of LEARN_IP_HIGH, then the two after each load of LEARN_IP_LOW: the end
 * and the start); 0, or -E2BIG when it would exceed BPF_MAXINSNS (*OUT is
 * then empty, out->len the size it would have had). */
int learn_filter(const struct filter *f, struct filter *out);

#endif
