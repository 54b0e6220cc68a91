#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/bpf.h"
#include "gen/learn.h"

/* NOTE: a seccomp trap while SIGSYS is blocked or ignored resets SIGSYS
 * to SIG_DFL and unblocks it (force_sig_seccomp, Linux 6.18): the process
 * dies of the trap. The handler therefore keeps SIGSYS out of every mask
 * the program sets, which only the calls that set masks can do: they go
 * to it even when the allow-list allows them (LEARN_DATA_RUN).
 *
 * The calls the handler runs its own way, by name: each arch that has the
 * name gets a row. */
static const struct {
	const char *name;
	enum learn_kind kind;
	enum learn_test test;
	uint32_t mask_bytes;
} learn_names[] = {
	{ "rt_sigprocmask", LEARN_MASK, LEARN_ARG1_SET, 8 },
	{ "sigprocmask", LEARN_MASK, LEARN_ARG1_SET, 4 },
	{ "rt_sigaction", LEARN_ACTION, LEARN_ARG1_SET, 0 },
	{ "sigaction", LEARN_SIGNAL, LEARN_ARG1_SET, 0 },
	{ "signal", LEARN_SIGNAL, LEARN_ARG0_SIGSYS, 0 },
	{ "clone", LEARN_CLONE, LEARN_NEVER, 0 },
	{ "clone3", LEARN_CLONE3, LEARN_NEVER, 0 },
	{ "vfork", LEARN_VFORK, LEARN_NEVER, 0 },
	{ "rt_sigreturn", LEARN_SIGRETURN, LEARN_NEVER, 0 },
	{ "sigreturn", LEARN_SIGRETURN, LEARN_NEVER, 0 },
};
#define LEARN_NNAMES (sizeof learn_names / sizeof learn_names[0])

static const char *const learn_kind_names[LEARN_KIND_COUNT] = {
	[LEARN_MASK] = "MASK", [LEARN_ACTION] = "ACTION", [LEARN_SIGNAL] = "SIGNAL",
	[LEARN_CLONE] = "CLONE", [LEARN_CLONE3] = "CLONE3", [LEARN_VFORK] = "VFORK",
	[LEARN_SIGRETURN] = "SIGRETURN",
};

const char *
learn_kind_name(enum learn_kind kind)
{
	return learn_kind_names[kind];
}

/* The number of NAME on ARCH as seccomp_data.nr has it, or -1. */
static int64_t
learn_number(enum arch arch, const char *name)
{
	int nr = syscalls_number(arch, name);

	if (nr < 0)
		return -1;
	return arch == ARCH_X32 ? (int64_t)nr | ARCH_X32_SYSCALL_BIT : nr;
}

struct learn_call *
learn_calls(size_t *n)
{
	struct learn_call *v = xcalloc(ARCH_COUNT * LEARN_NNAMES, sizeof *v);

	*n = 0;
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < LEARN_NNAMES; i++) {
			int64_t nr = learn_number(a, learn_names[i].name);
			if (nr < 0)
				continue;
			v[*n] = (struct learn_call){ a, (uint32_t)nr, learn_names[i].kind,
			    learn_names[i].test, learn_names[i].mask_bytes };
			if (v[*n].kind == LEARN_VFORK)
				v[*n].aux = (uint32_t)learn_number(a, "clone");
			(*n)++;
		}
	}
	return v;
}

/*
 * The learn program: the allow-list F, each return that allows a call
 * turned into a jump to "allowed" and each that refuses one (the kills of
 * other arches too) into a jump to "refused" (the ENOSYS of
 * --errno-fallback stays), then:
 *
 *	allowed:
 *		A = arch;
 *		if (A == AUDIT_ARCH_I386) {
 *			A = nr;
 *			if (A == i386 call with a test) goto its test; ...
 *			return ALLOW;
 *		}
 *		A = nr;
 *		if (A == x86_64 or x32 call with a test) goto its test; ...
 *		return ALLOW;
 *	arg1:	if (args[1] low half != 0 || args[1] high half != 0) goto run;
 *		return ALLOW;
 *	arg0:	if (args[0] low half == SIGSYS) goto run;
 *		return ALLOW;
 *	run:	return from_trampoline() ? ALLOW : TRAP | LEARN_DATA_RUN;
 *	refused: return from_trampoline() ? ALLOW : TRAP | LEARN_DATA_LOG;
 *
 *	from_trampoline():
 *		A = instruction_pointer high half; if (A != HIGH) false;
 *		A = instruction_pointer low half; if (A >= END) false;
 *		if (A >= START) true; false
 *
 * HIGH, END and START are 0 here: the installer writes in the address of
 * its trampoline, which it knows only at run time.
 *
 * NOTE: seccomp_data.instruction_pointer is the address after the system
 * call instruction (Linux 6.18; for int $0x80 too), inside the trampoline
 * when the call leaves from it; SECCOMP_RET_TRAP hands SECCOMP_RET_DATA to
 * the handler in si_errno, which tells a call to log from one to run the
 * handler's way. Since Linux 5.11 the kernel finds the numbers a filter
 * allows whatever the call's instruction pointer and arguments, emulating
 * it on arch and nr alone, and then runs no filter for them: a call the
 * allow-list allows outright reads arch and nr only here, so it keeps that.
 */

/* Prepend from_trampoline() returning ALLOW, else SECCOMP_RET_TRAP | DATA. */
static uint32_t
learn_trampoline(struct bpf_prog *p, uint32_t data, uint32_t allow)
{
	uint32_t no = bpf_ret(p, SECCOMP_RET_TRAP | data);
	uint32_t low = bpf_jump(p, BPF_JGE, 0, allow, no);  /* START */

	low = bpf_jump(p, BPF_JGE, 0, no, low);               /* END */
	low = bpf_load(p, LEARN_IP_LOW, low);
	return bpf_load(p, LEARN_IP_HIGH, bpf_jump(p, BPF_JEQ, 0, low, no));
}

/* Prepend the tests of the calls of CALLS[0..N-1] of the arches MASK, as
 * jumps to ARG1 and ARG0, after a load of nr; ALLOW when none holds. */
static uint32_t
learn_chain(struct bpf_prog *p, const struct learn_call *calls, size_t n,
	arch_mask mask, const uint32_t to[3])
{
	uint32_t next = to[LEARN_NEVER];

	for (size_t i = n; i-- > 0; ) {
		if ((mask & (1u << calls[i].arch)) && calls[i].test != LEARN_NEVER)
			next = bpf_jump(p, BPF_JEQ, calls[i].nr, to[calls[i].test], next);
	}
	return bpf_load(p, offsetof(struct seccomp_data, nr), next);
}

/* Build the part after F into *TAIL; *ALLOWED and *REFUSED get the
 * indexes of its two entries. */
static int
learn_tail(struct filter *tail, size_t *allowed, size_t *refused)
{
	const arch_mask x86_64 = (1u << ARCH_X86_64) | (1u << ARCH_X32);
	size_t n;
	struct learn_call *calls = learn_calls(&n);
	struct bpf_prog p;
	uint32_t to[3], run, refuse, i386, entry;
	int rc;

	bpf_init(&p);
	to[LEARN_NEVER] = bpf_ret(&p, SECCOMP_RET_ALLOW);
	refuse = learn_trampoline(&p, LEARN_DATA_LOG, to[LEARN_NEVER]);
	run = learn_trampoline(&p, LEARN_DATA_RUN, to[LEARN_NEVER]);
	to[LEARN_ARG0_SIGSYS] = bpf_load(&p, offsetof(struct seccomp_data, args[0]),
	    bpf_jump(&p, BPF_JEQ, SIGSYS, run, to[LEARN_NEVER]));
	to[LEARN_ARG1_SET] = bpf_load(&p, offsetof(struct seccomp_data, args[1]) + 4,
	    bpf_jump(&p, BPF_JEQ, 0, to[LEARN_NEVER], run));
	to[LEARN_ARG1_SET] = bpf_load(&p, offsetof(struct seccomp_data, args[1]),
	    bpf_jump(&p, BPF_JEQ, 0, to[LEARN_ARG1_SET], run));
	entry = learn_chain(&p, calls, n, x86_64, to);
	i386 = learn_chain(&p, calls, n, 1u << ARCH_I386, to);
	entry = bpf_jump(&p, BPF_JEQ, AUDIT_ARCH_I386, i386, entry);
	entry = bpf_load(&p, offsetof(struct seccomp_data, arch), entry);
	free(calls);
	*refused = p.len - 1 - refuse;
	rc = bpf_finish(&p, entry, &tail->insns, &tail->len);
	*allowed = 0;
	return rc;
}

int
learn_filter(const struct filter *f, struct filter *out)
{
	struct filter tail;
	size_t allowed, refused;
	int rc = learn_tail(&tail, &allowed, &refused);

	out->insns = NULL;
	out->len = f->len + tail.len;
	if (rc != 0 || out->len > BPF_MAXINSNS) {
		filter_free(&tail);
		return rc != 0 ? rc : -E2BIG;
	}
	out->insns = xcalloc(out->len, sizeof *out->insns);
	memcpy(out->insns, f->insns, f->len * sizeof *f->insns);
	memcpy(out->insns + f->len, tail.insns, tail.len * sizeof *tail.insns);
	for (size_t i = 0; i < f->len; i++) {
		struct sock_filter *insn = &out->insns[i];
		size_t to = f->len + (insn->k == SECCOMP_RET_ALLOW ? allowed : refused);
		if (insn->code == (BPF_RET | BPF_K) && insn->k != FILTER_RET_FALLBACK)
			*insn = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA,
			    (uint32_t)(to - i - 1));
	}
	filter_free(&tail);
	return 0;
}
