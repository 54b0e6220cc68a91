/* The allow-list filter: a set of (arch, nr) in, a seccomp BPF program out. */
#ifndef SANDCAST_GEN_FILTER_H
#define SANDCAST_GEN_FILTER_H

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"
#include "core/profile.h"

/* The values an argument may have: (args[INDEX] & MASK) is one of VALUES
 * (sorted, without repeats, each under MASK). */
struct filter_argcheck {
	unsigned index;
	uint64_t mask;
	uint64_t *values;
	size_t n;
};

/* The arguments an allowed number is checked on: all must pass, else the
 * call gets the deny action, as a number the set lacks. */
struct filter_rule {
	struct filter_argcheck *checks; /* by index */
	size_t n;
};

/* What a filter lets through: the architectures it admits and, for each, the
 * numbers (x32 ones without the x32 bit), sorted and without repeats, each
 * with its action: SECCOMP_RET_ALLOW, or another the number gets instead of
 * the filter's deny action (SECCOMP_RET_ERRNO | ENOSYS for a fallback). */
struct filter_set {
	arch_mask arches;          /* others are killed outright */
	uint32_t *nrs[ARCH_COUNT];
	uint32_t *rets[ARCH_COUNT]; /* the action of nrs[a][i] */
	struct filter_rule **rules[ARCH_COUNT]; /* an allowed nrs[a][i]'s, or NULL */
	size_t count[ARCH_COUNT];
};

/* filter_set_from_profile(): numbers the profile lacks that have a known
 * older twin (core/fallbacks) fail with ENOSYS instead of the deny action. */
#define FILTER_ERRNO_FALLBACK 0x1u

/* filter_set_from_profile(): the recorded values of the arguments the
 * argument table names (core/argtable.h) are checked too; an argument
 * that is open, or has no value, is not. */
#define FILTER_ARGS 0x2u

/* What --errno-fallback calls get. */
#define FILTER_RET_FALLBACK (SECCOMP_RET_ERRNO | ENOSYS)

/* A built program. */
struct filter {
	struct sock_filter *insns;
	size_t len;
};

/* Make S empty: no architecture, no call. */
void filter_set_init(struct filter_set *s);

/* Free what S holds and leave it empty. */
void filter_set_free(struct filter_set *s);

/* Allow NR of ARCH in S (its arch admitted); keep S sorted and without repeats. */
void filter_set_add(struct filter_set *s, enum arch arch, uint32_t nr);

/* Give NR of ARCH the action RET in S (its arch admitted), replacing any it had. */
void filter_set_put(struct filter_set *s, enum arch arch, uint32_t nr, uint32_t ret);

/* Give the allowed NR of ARCH in S the argument rule RULE (S owns it). */
void filter_set_rule(struct filter_set *s, enum arch arch, uint32_t nr,
	struct filter_rule *rule);

/* Return the argument rule of NR of ARCH in S, or NULL when it has none. */
const struct filter_rule *filter_set_rule_of(const struct filter_set *s, enum arch arch,
	uint32_t nr);

/* Return whether a number of S has an argument rule. */
bool filter_set_has_rules(const struct filter_set *s);

/* Drop the argument rule of S that takes the most instructions, so that the
 * number is allowed by name alone; set *ARCH and *NR to it and return true,
 * or return false when S has none. */
bool filter_set_drop_rule(struct filter_set *s, enum arch *arch, uint32_t *nr);

/* Return the check of R that the arguments ARGS fail, or NULL when they
 * pass them all. */
const struct filter_argcheck *filter_rule_refusal(const struct filter_rule *r,
	const uint64_t args[6]);

/* Return what a filter built from S with DENY must return for the call D:
 * the reference the emulated program is checked against. */
uint32_t filter_set_judge(const struct filter_set *s, const struct seccomp_data *d,
	uint32_t deny);

/* Split (seccomp_data.arch, nr) as the filters read it: under
 * AUDIT_ARCH_X86_64 every nr from the x32 bit up, negative ones too, is x32
 * (less the bit), unlike arch_from_audit()'s bit test; 0, or -EINVAL for an
 * architecture other than x86_64 and i386. */
int filter_split(uint32_t audit, uint32_t nr, enum arch *arch, uint32_t *plain);

/* Return the action S gives NR of ARCH, or DENY when S does not list it. */
uint32_t filter_set_action(const struct filter_set *s, enum arch arch, uint32_t nr,
	uint32_t deny);

/* Return how many numbers of ARCH get the action RET in S. */
size_t filter_set_count(const struct filter_set *s, enum arch arch, uint32_t ret);

/* Fill S with every call of P whose arch is in MASK; only the arches with a
 * call are admitted, and each allows restart_syscall too; FLAGS may add
 * FILTER_ERRNO_FALLBACK. */
void filter_set_from_profile(struct filter_set *s, const struct profile *p, arch_mask mask,
	unsigned flags);

/* Give every call of an admitted arch that S lacks and that Linux brought
 * after MAJOR.MINOR (from 6.1 on: core/syscall-table's syscall_since)
 * FILTER_RET_FALLBACK, ENOSYS: what a kernel before it answers, so that a
 * newer C library falls back to an older call. */
void filter_set_enosys_after(struct filter_set *s, unsigned major, unsigned minor);

/* Build the program that gives each number S lists its action, DENY every
 * other number of an admitted arch and SECCOMP_RET_KILL_PROCESS every other
 * arch; 0, or -E2BIG when it would exceed BPF_MAXINSNS
 * (*F is then empty, f->len the size it would have had). */
int filter_build(const struct filter_set *s, uint32_t deny, struct filter *f);

/* Build as filter_build() does; while the program is too long, drop the
 * argument rule that takes the most (filter_set_drop_rule()) and say so
 * (the call is then allowed by name), and try again. */
int filter_build_fitting(struct filter_set *s, uint32_t deny, struct filter *f);

/* Build in *F the filter of the calls of P (FLAGS as for
 * filter_set_from_profile(), rules that do not fit dropped as
 * filter_build_fitting() does), DENY for every other; with DENY
 * SECCOMP_RET_TRACE the architectures P lacks are traced too, not killed,
 * so that a tracer sees every call outside P. Fill SET (NULL: none) with
 * the set built. 0, -ENOENT when P has no call, or -E2BIG (f->len the size
 * it would have had). */
int filter_from_profile(const struct profile *p, unsigned flags, uint32_t deny,
	struct filter *f, struct filter_set *set);

/* Make every return of F that refuses a call return ACTION instead: all but
 * SECCOMP_RET_ALLOW, SECCOMP_RET_LOG and FILTER_RET_FALLBACK (the ENOSYS of
 * --errno-fallback, which lets a caller fall back); return how many. */
size_t filter_redirect_refusals(struct filter *f, uint32_t action);

/* Make every return of F but SECCOMP_RET_ALLOW return ACTION, the logged
 * calls and the fallbacks' ENOSYS included (what record --baseline FILTER
 * traces); return how many. */
size_t filter_redirect_all(struct filter *f, uint32_t action);

/* Put in front of F a test that returns SECCOMP_RET_TRACE for the N
 * numbers NRS of ARCH (x32 ones without the x32 bit), whatever F says; 0,
 * -EINVAL for more than 126 numbers or -E2BIG when the result would exceed
 * BPF_MAXINSNS (F is then unchanged). */
int filter_prefix_trace(struct filter *f, enum arch arch, const uint32_t *nrs, size_t n);

/* Build in *OUT the filter F as a tracer installs it: F with, in front, a
 * test that returns SECCOMP_RET_TRACE for clone, clone3, seccomp and prctl
 * of every arch, whatever F says (the tracer must see those: children stay
 * traced, filters of the program's own are rewritten); 0, or -E2BIG when it
 * would exceed BPF_MAXINSNS (*OUT is then empty, out->len the size it would
 * have had). */
int filter_trace_clones(const struct filter *f, struct filter *out);

/* Return what the program of FILTER, a struct filter that emu_check()
 * accepts, returns for the call D, emulated: what a tracer's client judges
 * a stop by (tracer/judge.h). */
uint32_t filter_decide(const void *filter, const struct seccomp_data *d);

/* Free what F holds. */
void filter_free(struct filter *f);

#endif
