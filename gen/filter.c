#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/fallbacks.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/bpf.h"
#include "gen/emu.h"
#include "gen/filter.h"

void
filter_set_init(struct filter_set *s)
{
	memset(s, 0, sizeof *s);
}

int
filter_split(uint32_t audit, uint32_t nr, enum arch *arch, uint32_t *plain)
{
	if (audit == AUDIT_ARCH_X86_64 && nr >= ARCH_X32_SYSCALL_BIT) {
		*arch = ARCH_X32;
		*plain = nr - ARCH_X32_SYSCALL_BIT;
		return 0;
	}
	if (audit == AUDIT_ARCH_X86_64 || audit == AUDIT_ARCH_I386) {
		*arch = audit == AUDIT_ARCH_I386 ? ARCH_I386 : ARCH_X86_64;
		*plain = nr;
		return 0;
	}
	return -EINVAL;
}

void
filter_set_free(struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		free(s->nrs[a]);
		free(s->rets[a]);
	}
	filter_set_init(s);
}

/* The index of the first number of ARCH in S that is not below NR. */
static size_t
filter_set_lower_bound(const struct filter_set *s, enum arch arch, uint32_t nr)
{
	size_t lo = 0, hi = s->count[arch];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->nrs[arch][mid] < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

uint32_t
filter_set_action(const struct filter_set *s, enum arch arch, uint32_t nr, uint32_t deny)
{
	size_t i = filter_set_lower_bound(s, arch, nr);

	return i < s->count[arch] && s->nrs[arch][i] == nr ? s->rets[arch][i] : deny;
}

size_t
filter_set_count(const struct filter_set *s, enum arch arch, uint32_t ret)
{
	size_t n = 0;

	for (size_t i = 0; i < s->count[arch]; i++)
		n += s->rets[arch][i] == ret;
	return n;
}

void
filter_set_put(struct filter_set *s, enum arch arch, uint32_t nr, uint32_t ret)
{
	size_t i = filter_set_lower_bound(s, arch, nr), n = s->count[arch];

	s->arches |= 1u << arch;
	if (i < n && s->nrs[arch][i] == nr) {
		s->rets[arch][i] = ret;
		return;
	}
	s->nrs[arch] = xreallocarray(s->nrs[arch], n + 1, sizeof *s->nrs[arch]);
	s->rets[arch] = xreallocarray(s->rets[arch], n + 1, sizeof *s->rets[arch]);
	memmove(&s->nrs[arch][i + 1], &s->nrs[arch][i], (n - i) * sizeof *s->nrs[arch]);
	memmove(&s->rets[arch][i + 1], &s->rets[arch][i], (n - i) * sizeof *s->rets[arch]);
	s->nrs[arch][i] = nr;
	s->rets[arch][i] = ret;
	s->count[arch]++;
}

void
filter_set_add(struct filter_set *s, enum arch arch, uint32_t nr)
{
	filter_set_put(s, arch, nr, SECCOMP_RET_ALLOW);
}

/* NOTE: restart_syscall is issued by the kernel, not the program: when a
 * sleep (nanosleep, clock_nanosleep, poll, futex with a timeout...) is
 * interrupted by a signal that runs no handler (SIGSTOP then SIGCONT, a
 * debugger's stop), the return path rewinds the instruction pointer onto the
 * syscall instruction with restart_syscall in the number register, under
 * the caller's ABI (checked on Linux 6.18 for x86_64 and i386). A recording
 * sees it only if a stop happened to land in a sleep, and it grants nothing:
 * it only resumes, through current->restart_block, a call the filter already
 * let through (with none pending it fails with EINTR). */
static void
filter_set_add_restart(struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		int nr = syscalls_number(a, "restart_syscall");
		if ((s->arches & (1u << a)) && nr >= 0)
			filter_set_add(s, a, (uint32_t)nr);
	}
}

/* Give every number of an admitted arch that S lacks and whose callers fall
 * back on ENOSYS (core/fallbacks) FILTER_RET_FALLBACK. */
static void
filter_set_add_fallbacks(struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (!(s->arches & (1u << a)))
			continue;
		for (uint32_t nr = 0; nr < syscalls_limit(a); nr++) {
			const struct fallback *fb = fallbacks_find(a, nr);
			if (fb != NULL && !fb->no_fallback &&
			    filter_set_action(s, a, nr, SECCOMP_RET_KILL_PROCESS) ==
			    SECCOMP_RET_KILL_PROCESS)
				filter_set_put(s, a, nr, FILTER_RET_FALLBACK);
		}
	}
}

void
filter_set_from_profile(struct filter_set *s, const struct profile *p, arch_mask mask,
	unsigned flags)
{
	size_t n;
	struct profile_call **calls = profile_sorted_calls(p, &n);

	for (size_t i = 0; i < n; i++) {
		if (mask & (1u << calls[i]->key.arch))
			filter_set_add(s, calls[i]->key.arch, calls[i]->key.nr);
	}
	free(calls);
	filter_set_add_restart(s);
	if (flags & FILTER_ERRNO_FALLBACK)
		filter_set_add_fallbacks(s);
}

/*
 * The program, for a set with all three architectures (an architecture
 * missing from the set takes the kill branch in its place):
 *
 *	A = seccomp_data.arch;
 *	if (A == AUDIT_ARCH_X86_64) {
 *		A = seccomp_data.nr;
 *		if (A >= 0x40000000)		// the x32 bit; negative numbers
 *			search(x32 numbers | 0x40000000);	// too, as in libseccomp
 *		search(x86_64 numbers);
 *	}
 *	if (A == AUDIT_ARCH_I386) {
 *		A = seccomp_data.nr;
 *		search(i386 numbers);		// bit 30 is no x32 bit here
 *	}
 *	return SECCOMP_RET_KILL_PROCESS;	// unknown architecture
 *
 * search() is a balanced binary search over the edges of the ranges of
 * numbers that share an action (adjacent numbers merged): with ranges
 * [lo0, hi0], [lo1, hi1], ... the edges lo0, hi0 + 1, lo1, hi1 + 1, ... (an
 * edge shared where two ranges touch) cut the 32-bit line into segments,
 * each returning the action of its range or, between ranges, the deny
 * action; each comparison halves the segments left:
 *
 *	if (A >= edge[mid])
 *		search(segments from mid on);	// a lone segment: return its verdict
 *	search(segments below mid);
 *
 * Three segments whose middle one is a single number and whose outer ones
 * agree take one JEQ instead:
 *	return A == n ? verdict(middle) : verdict(outer);
 *
 * All comparisons are unsigned over the whole 32 bits, so numbers with the
 * x32 bit set but past the x32 table, bit 30 on i386, and negative numbers
 * (-1 included) all fall in a denied segment. The program is built back to
 * front (gen/bpf.c): returns are shared while within reach and far jumps go
 * through BPF_JA.
 *
 * NOTE: x86_64 uretprobe and uprobe never reach a filter (Linux 6.18 lets
 * them through for its uprobe trampolines; uretprobe since 6.14): whatever
 * the program says, they run, and outside a trampoline they only raise
 * SIGILL or fail with ENXIO (tests/unit/test-filter-kernel.c).
 */

/* The segments of one arch: segment s lies below EDGE[s], from EDGE[s - 1]
 * on, and returns VERDICT[s]; there are N edges and N + 1 segments. */
struct filter_segments {
	uint32_t *edge, *verdict;
	size_t n;
};

/* Search segments FIRST..LAST of G. */
static uint32_t
filter_search(struct bpf_prog *p, const struct filter_segments *g, size_t first,
	size_t last)
{
	size_t mid;
	uint32_t below, above;

	if (first == last)
		return bpf_ret(p, g->verdict[first]);
	if (last - first == 2 && g->edge[first + 1] - g->edge[first] == 1 &&
	    g->verdict[first] == g->verdict[last]) {
		above = bpf_ret(p, g->verdict[first]);
		return bpf_jump(p, BPF_JEQ, g->edge[first],
		    bpf_ret(p, g->verdict[first + 1]), above);
	}
	mid = first + (last - first + 1) / 2;
	above = filter_search(p, g, mid, last);
	below = filter_search(p, g, first, mid - 1);
	return bpf_jump(p, BPF_JGE, g->edge[mid - 1], above, below);
}

/* Cut the line at the numbers of ARCH in S, BIAS added, into G (free its
 * arrays); numbers S does not list get DENY. */
static void
filter_segments(const struct filter_set *s, enum arch arch, uint32_t bias, uint32_t deny,
	struct filter_segments *g)
{
	size_t e = 0;

	g->edge = xcalloc(2 * s->count[arch] + 1, sizeof *g->edge);
	g->verdict = xcalloc(2 * s->count[arch] + 2, sizeof *g->verdict);
	g->verdict[0] = deny;
	for (size_t i = 0; i < s->count[arch]; i++) {
		uint32_t nr = s->nrs[arch][i] + bias, ret = s->rets[arch][i];
		if (e > 0 && g->edge[e - 1] == nr && g->verdict[e - 1] == ret) {
			g->edge[e - 1]++; /* extends the range before */
			continue;
		}
		if (e == 0 || g->edge[e - 1] != nr) {
			g->edge[e++] = nr; /* a gap: a deny segment up to NR */
		}
		g->verdict[e] = ret;
		g->edge[e++] = nr + 1;
		g->verdict[e] = deny;
	}
	g->n = e;
}

/* The search over the numbers of ARCH, or a kill when S does not admit ARCH. */
static uint32_t
filter_arch_search(struct bpf_prog *p, const struct filter_set *s, enum arch arch,
	uint32_t deny)
{
	uint32_t bias = arch == ARCH_X32 ? ARCH_X32_SYSCALL_BIT : 0, label;
	struct filter_segments g;

	if (!(s->arches & (1u << arch)))
		return bpf_ret(p, SECCOMP_RET_KILL_PROCESS);
	filter_segments(s, arch, bias, deny, &g);
	/* A is at least BIAS here: no segment below an edge at BIAS. */
	label = filter_search(p, &g, g.n > 0 && g.edge[0] == bias, g.n);
	free(g.edge);
	free(g.verdict);
	return label;
}

/* The block for AUDIT_ARCH_X86_64: load nr, split x32 from x86_64. */
static uint32_t
filter_x86_64_block(struct bpf_prog *p, const struct filter_set *s, uint32_t deny)
{
	uint32_t x32 = filter_arch_search(p, s, ARCH_X32, deny);
	uint32_t x86_64 = filter_arch_search(p, s, ARCH_X86_64, deny);
	uint32_t split = bpf_jump(p, BPF_JGE, ARCH_X32_SYSCALL_BIT, x32, x86_64);

	return bpf_load(p, offsetof(struct seccomp_data, nr), split);
}

int
filter_build(const struct filter_set *s, uint32_t deny, struct filter *f)
{
	const arch_mask x86_64_abi = (1u << ARCH_X86_64) | (1u << ARCH_X32);
	struct bpf_prog p;
	uint32_t next;

	bpf_init(&p);
	next = bpf_ret(&p, SECCOMP_RET_KILL_PROCESS);
	if (s->arches & (1u << ARCH_I386)) {
		uint32_t i386 = filter_arch_search(&p, s, ARCH_I386, deny);
		i386 = bpf_load(&p, offsetof(struct seccomp_data, nr), i386);
		next = bpf_jump(&p, BPF_JEQ, arch_audit(ARCH_I386), i386, next);
	}
	if (s->arches & x86_64_abi) {
		uint32_t x86_64 = filter_x86_64_block(&p, s, deny);
		next = bpf_jump(&p, BPF_JEQ, arch_audit(ARCH_X86_64), x86_64, next);
	}
	next = bpf_load(&p, offsetof(struct seccomp_data, arch), next);
	return bpf_finish(&p, next, &f->insns, &f->len);
}

/* NOTE: seccomp_data.arch of an x86-64 kernel (6.18) is AUDIT_ARCH_X86_64
 * or AUDIT_ARCH_I386, x32 being a bit of nr: admitting all three leaves the
 * kill for other arches unreachable. */
int
filter_from_profile(const struct profile *p, unsigned flags, uint32_t deny,
	struct filter *f)
{
	struct filter_set s;
	int rc = -ENOENT;

	f->insns = NULL;
	f->len = 0;
	filter_set_init(&s);
	filter_set_from_profile(&s, p, ARCH_MASK_ALL, flags);
	if (s.arches != 0) {
		if (deny == SECCOMP_RET_TRACE)
			s.arches = ARCH_MASK_ALL;
		rc = filter_build(&s, deny, f);
	}
	filter_set_free(&s);
	return rc;
}

/* Make the returns of F other than SECCOMP_RET_ALLOW (and, with SOFT,
 * SECCOMP_RET_LOG and FILTER_RET_FALLBACK) return ACTION; how many. */
static size_t
filter_redirect(struct filter *f, uint32_t action, bool soft)
{
	size_t n = 0;

	for (size_t i = 0; i < f->len; i++) {
		struct sock_filter *insn = &f->insns[i];
		if (insn->code == (BPF_RET | BPF_K) && insn->k != SECCOMP_RET_ALLOW &&
		    !(soft && (insn->k == SECCOMP_RET_LOG || insn->k == FILTER_RET_FALLBACK))) {
			insn->k = action;
			n++;
		}
	}
	return n;
}

size_t
filter_redirect_refusals(struct filter *f, uint32_t action)
{
	return filter_redirect(f, action, true);
}

size_t
filter_redirect_all(struct filter *f, uint32_t action)
{
	return filter_redirect(f, action, false);
}

/* The instructions of a test that filter_prefix_trace() puts in front for N
 * numbers. */
static size_t
filter_prefix_len(size_t n)
{
	return 3 + 2 * n;
}

/*	A = arch; if (A == arch) { A = nr; if (A == nrs[i]) return TRACE; ... }
 *	F (which loads what it needs)
 */
int
filter_prefix_trace(struct filter *f, enum arch arch, const uint32_t *nrs, size_t n)
{
	uint32_t bias = arch == ARCH_X32 ? ARCH_X32_SYSCALL_BIT : 0;
	size_t len = filter_prefix_len(n);
	struct sock_filter *v;

	if (n > 126)
		return -EINVAL; /* the jump over them must fit in 8 bits */
	if (f->len + len > BPF_MAXINSNS)
		return -E2BIG;
	v = xcalloc(f->len + len, sizeof *v);
	v[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	v[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch_audit(arch),
	    0, (uint8_t)(len - 2));
	v[2] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < n; i++) {
		v[3 + 2 * i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    nrs[i] + bias, 0, 1);
		v[4 + 2 * i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	}
	memcpy(v + len, f->insns, f->len * sizeof *v);
	free(f->insns);
	f->insns = v;
	f->len += len;
	return 0;
}

/* The calls the tracer must stop at whatever the filter says: those whose
 * children it must see made (their flags may say CLONE_UNTRACED: below),
 * and those that install a filter of the program's own (so that it is seen
 * and rewritten, tracer/owntrace.h). */
static const char *const filter_clones[] = { "clone", "clone3", "seccomp", "prctl" };
#define FILTER_NCLONES (sizeof filter_clones / sizeof filter_clones[0])

/* NOTE: a child cloned with CLONE_UNTRACED is never attached (Linux 6.18,
 * whatever the ptrace options say), yet it inherits the filter: each call
 * the filter traces then fails with ENOSYS (no tracer to stop in), and the
 * child's calls escape the tracer. The tracer clears the flag from clone and
 * refuses clone3 with it (tracer/tracer.c), which it can only do at a stop,
 * so a filter that allows them outright (record --baseline, run) must still
 * trace them. fork and vfork need not be: they take no flags, and their
 * children are always attached. The client of the tracer judges each such
 * stop by F itself (a clone F allows is no new call, and no refusal):
 *
 *	A = arch; if (A == AUDIT_ARCH_X86_64) { A = nr;
 *		if (A == clone) return TRACE; if (A == clone3) return TRACE;
 *		if (A == seccomp) return TRACE; if (A == prctl) return TRACE; }
 *	A = arch; if (A == AUDIT_ARCH_I386) { A = nr; ... }
 *	A = arch; if (A == AUDIT_ARCH_X86_64) { A = nr;	// x32
 *		if (A == (clone | 0x40000000)) return TRACE; ... }
 *	F
 *
 * Each test reads arch and nr only, so the kernel's cache of the numbers a
 * filter always allows keeps working: a call F allows outright still runs
 * without the filter (x86_64 and i386). */
int
filter_trace_clones(const struct filter *f, struct filter *out)
{
	uint32_t nrs[FILTER_NCLONES];
	int rc = 0;

	out->len = f->len;
	out->insns = xcalloc(f->len, sizeof *f->insns);
	memcpy(out->insns, f->insns, f->len * sizeof *f->insns);
	/* Backwards, so that x86_64's test comes first. */
	for (int a = ARCH_COUNT - 1; a >= 0 && rc == 0; a--) {
		for (size_t i = 0; i < FILTER_NCLONES; i++)
			nrs[i] = (uint32_t)syscalls_number(a, filter_clones[i]);
		rc = filter_prefix_trace(out, a, nrs, FILTER_NCLONES);
	}
	if (rc != 0) {
		filter_free(out);
		out->len = f->len + ARCH_COUNT * filter_prefix_len(FILTER_NCLONES);
	}
	return rc;
}

uint32_t
filter_decide(const void *filter, const struct seccomp_data *d)
{
	const struct filter *f = filter;

	return emu_run(f->insns, f->len, d);
}

void
filter_free(struct filter *f)
{
	free(f->insns);
	f->insns = NULL;
	f->len = 0;
}
