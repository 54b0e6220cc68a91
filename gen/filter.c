#include <errno.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "gen/bpf.h"
#include "gen/filter.h"

/* Make S empty: no architecture, no call. */
void
filter_set_init(struct filter_set *s)
{
	memset(s, 0, sizeof *s);
}

/* Free what S holds and leave it empty. */
void
filter_set_free(struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		free(s->nrs[a]);
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

/* Return whether S allows NR of ARCH. */
int
filter_set_has(const struct filter_set *s, enum arch arch, uint32_t nr)
{
	size_t i = filter_set_lower_bound(s, arch, nr);

	return i < s->count[arch] && s->nrs[arch][i] == nr;
}

/* Add NR of ARCH to S (its arch included); keep S sorted and without repeats. */
void
filter_set_add(struct filter_set *s, enum arch arch, uint32_t nr)
{
	size_t i = filter_set_lower_bound(s, arch, nr), n = s->count[arch];

	s->arches |= 1u << arch;
	if (i < n && s->nrs[arch][i] == nr)
		return;
	s->nrs[arch] = xreallocarray(s->nrs[arch], n + 1, sizeof *s->nrs[arch]);
	memmove(&s->nrs[arch][i + 1], &s->nrs[arch][i], (n - i) * sizeof *s->nrs[arch]);
	s->nrs[arch][i] = nr;
	s->count[arch]++;
}

/* Fill S with every call of P whose arch is in MASK; only the arches with a
 * call are admitted. */
void
filter_set_from_profile(struct filter_set *s, const struct profile *p, arch_mask mask)
{
	size_t n;
	struct profile_call **calls = profile_sorted_calls(p, &n);

	for (size_t i = 0; i < n; i++) {
		if (mask & (1u << calls[i]->key.arch))
			filter_set_add(s, calls[i]->key.arch, calls[i]->key.nr);
	}
	free(calls);
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
 * search() is a balanced binary search over the edges of the allowed ranges
 * (adjacent numbers merged): with ranges [lo0, hi0], [lo1, hi1], ... the
 * edges lo0, hi0 + 1, lo1, hi1 + 1, ... cut the 32-bit line into segments,
 * every odd one allowed, and each comparison halves the segments left:
 *
 *	if (A >= edge[mid])
 *		search(segments from mid on);	// a lone segment: return its verdict
 *	search(segments below mid);
 *
 * Three segments whose middle one is a single number take one JEQ instead:
 *	return A == n ? verdict(middle) : verdict(outer);
 *
 * All comparisons are unsigned over the whole 32 bits, so numbers with the
 * x32 bit set but past the x32 table, bit 30 on i386, and negative numbers
 * (-1 included) all fall in a denied segment. The program is built back to
 * front (gen/bpf.c): returns are shared while within reach and far jumps go
 * through BPF_JA.
 */

/* What the search returns for allowed and for other numbers. */
struct filter_verdicts {
	uint32_t allow, deny;
};

static uint32_t
filter_verdict(struct bpf_prog *p, size_t segment, const struct filter_verdicts *v)
{
	return bpf_ret(p, segment % 2 ? v->allow : v->deny);
}

/* Search segments FIRST..LAST; segment s lies below EDGE[s], from EDGE[s - 1] on. */
static uint32_t
filter_search(struct bpf_prog *p, const uint32_t *edge, size_t first, size_t last,
	const struct filter_verdicts *v)
{
	size_t mid;
	uint32_t below, above;

	if (first == last)
		return filter_verdict(p, first, v);
	if (last - first == 2 && edge[first + 1] - edge[first] == 1) {
		above = filter_verdict(p, first, v);
		return bpf_jump(p, BPF_JEQ, edge[first],
		    filter_verdict(p, first + 1, v), above);
	}
	mid = first + (last - first + 1) / 2;
	above = filter_search(p, edge, mid, last, v);
	below = filter_search(p, edge, first, mid - 1, v);
	return bpf_jump(p, BPF_JGE, edge[mid - 1], above, below);
}

/* The edges of the ranges of NRS[0..N-1] with BIAS added; return their count. */
static size_t
filter_edges(const uint32_t *nrs, size_t n, uint32_t bias, uint32_t *edge)
{
	size_t e = 0;

	for (size_t i = 0; i < n; i++) {
		if (e > 0 && edge[e - 1] == nrs[i] + bias)
			edge[e - 1]++;
		else {
			edge[e++] = nrs[i] + bias;
			edge[e++] = nrs[i] + bias + 1;
		}
	}
	return e;
}

/* The search over the numbers of ARCH, or a kill when S does not admit ARCH. */
static uint32_t
filter_arch_search(struct bpf_prog *p, const struct filter_set *s, enum arch arch,
	const struct filter_verdicts *v)
{
	uint32_t bias = arch == ARCH_X32 ? ARCH_X32_SYSCALL_BIT : 0, label;
	uint32_t *edge;
	size_t n;

	if (!(s->arches & (1u << arch)))
		return bpf_ret(p, SECCOMP_RET_KILL_PROCESS);
	edge = xcalloc(2 * s->count[arch] + 1, sizeof *edge);
	n = filter_edges(s->nrs[arch], s->count[arch], bias, edge);
	/* A is at least BIAS here: no segment below an edge at BIAS. */
	label = filter_search(p, edge, n > 0 && edge[0] == bias, n, v);
	free(edge);
	return label;
}

/* The block for AUDIT_ARCH_X86_64: load nr, split x32 from x86_64. */
static uint32_t
filter_x86_64_block(struct bpf_prog *p, const struct filter_set *s,
	const struct filter_verdicts *v)
{
	uint32_t x32 = filter_arch_search(p, s, ARCH_X32, v);
	uint32_t x86_64 = filter_arch_search(p, s, ARCH_X86_64, v);
	uint32_t split = bpf_jump(p, BPF_JGE, ARCH_X32_SYSCALL_BIT, x32, x86_64);

	return bpf_load(p, offsetof(struct seccomp_data, nr), split);
}

/* Build the program that allows S, returns DENY for every other number of an
 * admitted arch and SECCOMP_RET_KILL_PROCESS for every other arch; 0, or
 * -E2BIG when it would exceed the kernel's 4096 instructions (*F is then
 * empty, f->len the size it would have had). */
int
filter_build(const struct filter_set *s, uint32_t deny, struct filter *f)
{
	const struct filter_verdicts v = { SECCOMP_RET_ALLOW, deny };
	const arch_mask x86_64_abi = (1u << ARCH_X86_64) | (1u << ARCH_X32);
	struct bpf_prog p;
	uint32_t next;

	bpf_init(&p);
	next = bpf_ret(&p, SECCOMP_RET_KILL_PROCESS);
	if (s->arches & (1u << ARCH_I386)) {
		uint32_t i386 = filter_arch_search(&p, s, ARCH_I386, &v);
		i386 = bpf_load(&p, offsetof(struct seccomp_data, nr), i386);
		next = bpf_jump(&p, BPF_JEQ, arch_audit(ARCH_I386), i386, next);
	}
	if (s->arches & x86_64_abi) {
		uint32_t x86_64 = filter_x86_64_block(&p, s, &v);
		next = bpf_jump(&p, BPF_JEQ, arch_audit(ARCH_X86_64), x86_64, next);
	}
	next = bpf_load(&p, offsetof(struct seccomp_data, arch), next);
	return bpf_finish(&p, next, &f->insns, &f->len);
}

/* Free what F holds. */
void
filter_free(struct filter *f)
{
	free(f->insns);
	f->insns = NULL;
	f->len = 0;
}
