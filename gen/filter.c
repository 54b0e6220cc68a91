#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/argtable.h"
#include "core/fallbacks.h"
#include "core/message.h"
#include "core/syscall-table.h"
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

static void
filter_rule_free(struct filter_rule *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->checks[i].values);
	free(r->checks);
	free(r);
}

void
filter_set_free(struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < s->count[a]; i++)
			filter_rule_free(s->rules[a][i]);
		free(s->nrs[a]);
		free(s->rets[a]);
		free(s->rules[a]);
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
	s->rules[arch] = xreallocarray(s->rules[arch], n + 1, sizeof *s->rules[arch]);
	memmove(&s->nrs[arch][i + 1], &s->nrs[arch][i], (n - i) * sizeof *s->nrs[arch]);
	memmove(&s->rets[arch][i + 1], &s->rets[arch][i], (n - i) * sizeof *s->rets[arch]);
	memmove(&s->rules[arch][i + 1], &s->rules[arch][i],
	    (n - i) * sizeof *s->rules[arch]);
	s->nrs[arch][i] = nr;
	s->rets[arch][i] = ret;
	s->rules[arch][i] = NULL;
	s->count[arch]++;
}

void
filter_set_rule(struct filter_set *s, enum arch arch, uint32_t nr,
	struct filter_rule *rule)
{
	size_t i = filter_set_lower_bound(s, arch, nr);

	if (i == s->count[arch] || s->nrs[arch][i] != nr) {
		filter_rule_free(rule);
		return;
	}
	filter_rule_free(s->rules[arch][i]);
	s->rules[arch][i] = rule;
}

const struct filter_rule *
filter_set_rule_of(const struct filter_set *s, enum arch arch, uint32_t nr)
{
	size_t i = filter_set_lower_bound(s, arch, nr);

	return i < s->count[arch] && s->nrs[arch][i] == nr ? s->rules[arch][i] : NULL;
}

/* The instructions the checks of R take, about: a load, a mask and a
 * comparison per value, per half. */
static size_t
filter_rule_cost(const struct filter_rule *r)
{
	size_t cost = 0;

	for (size_t i = 0; i < r->n; i++)
		cost += 4 + 2 * r->checks[i].n;
	return cost;
}

bool
filter_set_has_rules(const struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < s->count[a]; i++) {
			if (s->rules[a][i] != NULL)
				return true;
		}
	}
	return false;
}

bool
filter_set_drop_rule(struct filter_set *s, enum arch *arch, uint32_t *nr)
{
	struct filter_rule **most = NULL;
	size_t cost = 0;

	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < s->count[a]; i++) {
			if (s->rules[a][i] == NULL || filter_rule_cost(s->rules[a][i]) <= cost)
				continue;
			cost = filter_rule_cost(s->rules[a][i]);
			most = &s->rules[a][i];
			*arch = a;
			*nr = s->nrs[a][i];
		}
	}
	if (most == NULL)
		return false;
	filter_rule_free(*most);
	*most = NULL;
	return true;
}

/* Whether the argument of ARGS that C checks has one of C's values. */
static bool
filter_check_passes(const struct filter_argcheck *c, const uint64_t args[6])
{
	uint64_t v = args[c->index] & c->mask;

	for (size_t i = 0; i < c->n; i++) {
		if (c->values[i] == v)
			return true;
	}
	return false;
}

const struct filter_argcheck *
filter_rule_refusal(const struct filter_rule *r, const uint64_t args[6])
{
	for (size_t i = 0; r != NULL && i < r->n; i++) {
		if (!filter_check_passes(&r->checks[i], args))
			return &r->checks[i];
	}
	return NULL;
}

uint32_t
filter_set_judge(const struct filter_set *s, const struct seccomp_data *d, uint32_t deny)
{
	const struct filter_rule *r;
	enum arch arch;
	uint32_t plain, ret;
	uint64_t args[6];

	if (filter_split(d->arch, (uint32_t)d->nr, &arch, &plain) != 0 ||
	    !(s->arches & (1u << arch)))
		return SECCOMP_RET_KILL_PROCESS;
	ret = filter_set_action(s, arch, plain, deny);
	r = filter_set_rule_of(s, arch, plain);
	memcpy(args, d->args, sizeof args);
	return filter_rule_refusal(r, args) != NULL ? deny : ret;
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

static int
u64_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* Fill C with the values of ARG under MASK, sorted, without repeats. */
static void
filter_check_of(const struct profile_arg *arg, uint64_t mask, struct filter_argcheck *c)
{
	struct profile_value **v = profile_arg_sorted_values(arg);
	size_t n = 0;

	c->index = arg->index;
	c->mask = mask;
	c->values = xcalloc(arg->nvalues, sizeof *c->values);
	for (unsigned i = 0; i < arg->nvalues; i++)
		c->values[i] = v[i]->value & mask;
	qsort(c->values, arg->nvalues, sizeof *c->values, u64_cmp);
	for (unsigned i = 0; i < arg->nvalues; i++) {
		if (n == 0 || c->values[n - 1] != c->values[i])
			c->values[n++] = c->values[i];
	}
	c->n = n;
	free(v);
}

/* The rule of the recorded values of CALL's arguments that the argument
 * table names, or NULL when none is closed. */
static struct filter_rule *
filter_rule_of(const struct profile_call *call)
{
	struct filter_rule *r = xcalloc(1, sizeof *r);

	r->checks = xcalloc(call->nargs + 1, sizeof *r->checks);
	for (unsigned i = 0; i < call->nargs; i++) {
		const struct profile_arg *arg = &call->args[i];
		const struct argrule *rule = argtable_rule(call->key.arch, call->key.nr,
		    arg->index);
		if (rule != NULL && !arg->open && arg->nvalues > 0)
			filter_check_of(arg, argtable_compared(rule, call->key.arch),
			    &r->checks[r->n++]);
	}
	if (r->n == 0) {
		filter_rule_free(r);
		return NULL;
	}
	return r;
}

void
filter_set_enosys_after(struct filter_set *s, unsigned major, unsigned minor)
{
	for (const struct syscall_since *c = syscall_since; c->name != NULL; c++) {
		if (c->major < major || (c->major == major && c->minor <= minor))
			continue;
		for (unsigned a = 0; a < ARCH_COUNT; a++) {
			int nr = syscalls_number(a, c->name);
			if ((s->arches & (1u << a)) && nr >= 0 &&
			    filter_set_action(s, a, (uint32_t)nr, SECCOMP_RET_KILL_PROCESS) ==
			    SECCOMP_RET_KILL_PROCESS)
				filter_set_put(s, a, (uint32_t)nr, FILTER_RET_FALLBACK);
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
		if (!(mask & (1u << calls[i]->key.arch)))
			continue;
		filter_set_add(s, calls[i]->key.arch, calls[i]->key.nr);
		if (flags & FILTER_ARGS)
			filter_set_rule(s, calls[i]->key.arch, calls[i]->key.nr,
			    filter_rule_of(calls[i]));
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
 * An allowed number with an argument rule (FILTER_ARGS) is a segment of its
 * own, whose verdict checks each argument of the rule in turn before it
 * returns its action; a value none of the rule's matches gets the deny
 * action, as a number outside the set:
 *
 *	A = args[i] >> 32;		// on x86_64 and x32, unless the mask
 *	A &= mask >> 32;		// has no bit there (an int argument)
 *	if (A == hi0) {			// the values whose high half is hi0
 *		A = (uint32_t)args[i]; A &= (uint32_t)mask;
 *		if (A == lo0) goto next; if (A == lo1) goto next; ...
 *		return deny;
 *	}
 *	if (A == hi1) { ... }
 *	return deny;
 *  next:				// the next argument, or
 *	return action;
 *
 * On i386 (and for int arguments: core/argtable.c) the mask has no bit in
 * the high half, and only the low half is read. A rule that does not fit
 * in BPF_MAXINSNS is dropped by gen, the call then allowed by name.
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
 * on, and returns VERDICT[s], or checks the arguments of its one number
 * on RULE[s] first; there are N edges and N + 1 segments. */
struct filter_segments {
	uint32_t *edge, *verdict;
	const struct filter_rule **rule;
	uint32_t deny;
	size_t n;
};

/* Offsets of the low and high 32 bits of args[I] (little-endian x86). */
#define FILTER_ARG_LO(i) ((uint32_t)(offsetof(struct seccomp_data, args) + 8 * (i)))
#define FILTER_ARG_HI(i) (FILTER_ARG_LO(i) + 4)

/* Prepend "A = the word at OFFSET; A &= MASK" (no AND for a full mask). */
static uint32_t
filter_load_masked(struct bpf_prog *p, uint32_t offset, uint32_t mask, uint32_t next)
{
	if (mask != UINT32_MAX)
		next = bpf_and(p, mask, next);
	return bpf_load(p, offset, next);
}

/* The test of the low halves of VALUES[0..N-1] of C: PASS when one
 * matches, else FAIL. */
static uint32_t
filter_check_low(struct bpf_prog *p, const struct filter_argcheck *c,
	const uint64_t *values, size_t n, uint32_t pass, uint32_t fail)
{
	uint32_t label = fail;

	for (size_t i = n; i-- > 0;)
		label = bpf_jump(p, BPF_JEQ, (uint32_t)values[i], pass, label);
	return filter_load_masked(p, FILTER_ARG_LO(c->index), (uint32_t)c->mask, label);
}

/* The test of check C: PASS when the argument has one of its values, else
 * FAIL. With a mask whose upper half is 0 (an int; i386) only the low half
 * is read; else the high half picks the values it goes with. */
static uint32_t
filter_check(struct bpf_prog *p, const struct filter_argcheck *c, uint32_t pass,
	uint32_t fail)
{
	uint32_t label = fail, hi_mask = (uint32_t)(c->mask >> 32);

	if (hi_mask == 0)
		return filter_check_low(p, c, c->values, c->n, pass, fail);
	for (size_t end = c->n; end > 0;) {
		size_t start = end - 1;
		uint32_t hi = (uint32_t)(c->values[start] >> 32), low;
		while (start > 0 && (uint32_t)(c->values[start - 1] >> 32) == hi)
			start--;
		low = filter_check_low(p, c, c->values + start, end - start, pass, fail);
		label = bpf_jump(p, BPF_JEQ, hi, low, label);
		end = start;
	}
	return filter_load_masked(p, FILTER_ARG_HI(c->index), hi_mask, label);
}

/* The verdict of segment S of G: its return, or the checks of its rule. */
static uint32_t
filter_leaf(struct bpf_prog *p, const struct filter_segments *g, size_t s)
{
	const struct filter_rule *r = g->rule[s];
	uint32_t label;

	if (r == NULL)
		return bpf_ret(p, g->verdict[s]);
	label = bpf_ret(p, g->verdict[s]);
	for (size_t i = r->n; i-- > 0;)
		label = filter_check(p, &r->checks[i], label, bpf_ret(p, g->deny));
	return label;
}

/* Search segments FIRST..LAST of G. */
static uint32_t
filter_search(struct bpf_prog *p, const struct filter_segments *g, size_t first,
	size_t last)
{
	size_t mid;
	uint32_t below, above;

	if (first == last)
		return filter_leaf(p, g, first);
	if (last - first == 2 && g->edge[first + 1] - g->edge[first] == 1 &&
	    g->verdict[first] == g->verdict[last] && g->rule[first] == NULL &&
	    g->rule[last] == NULL) {
		above = bpf_ret(p, g->verdict[first]);
		return bpf_jump(p, BPF_JEQ, g->edge[first], filter_leaf(p, g, first + 1),
		    above);
	}
	mid = first + (last - first + 1) / 2;
	above = filter_search(p, g, mid, last);
	below = filter_search(p, g, first, mid - 1);
	return bpf_jump(p, BPF_JGE, g->edge[mid - 1], above, below);
}

/* Cut the line at the numbers of ARCH in S, BIAS added, into G (free its
 * arrays); numbers S does not list get DENY. A number with an argument
 * rule is a segment of its own. */
static void
filter_segments(const struct filter_set *s, enum arch arch, uint32_t bias, uint32_t deny,
	struct filter_segments *g)
{
	size_t e = 0;

	g->edge = xcalloc(2 * s->count[arch] + 1, sizeof *g->edge);
	g->verdict = xcalloc(2 * s->count[arch] + 2, sizeof *g->verdict);
	g->rule = xcalloc(2 * s->count[arch] + 2, sizeof *g->rule);
	g->deny = deny;
	g->verdict[0] = deny;
	for (size_t i = 0; i < s->count[arch]; i++) {
		uint32_t nr = s->nrs[arch][i] + bias, ret = s->rets[arch][i];
		const struct filter_rule *r = s->rules[arch][i];
		if (e > 0 && g->edge[e - 1] == nr && g->verdict[e - 1] == ret &&
		    r == NULL && g->rule[e - 1] == NULL) {
			g->edge[e - 1]++; /* extends the range before */
			continue;
		}
		if (e == 0 || g->edge[e - 1] != nr) {
			g->edge[e++] = nr; /* a gap: a deny segment up to NR */
		}
		g->verdict[e] = ret;
		g->rule[e] = r;
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
	free(g.rule);
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
filter_build_fitting(struct filter_set *s, uint32_t deny, struct filter *f)
{
	int rc = filter_build(s, deny, f);
	enum arch arch;
	uint32_t nr;
	char name[32];

	while (rc == -E2BIG && filter_set_drop_rule(s, &arch, &nr)) {
		msg_warn("the argument checks of %s %s do not fit in the filter (%s): "
		    "it is allowed with any argument", arch_name(arch),
		    syscalls_describe(arch, nr, name, sizeof name), BPF_TOO_LONG);
		rc = filter_build(s, deny, f);
	}
	return rc;
}

int
filter_from_profile(const struct profile *p, unsigned flags, uint32_t deny,
	struct filter *f, struct filter_set *set)
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
		rc = filter_build_fitting(&s, deny, f);
	}
	if (set != NULL)
		*set = s;
	else
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
