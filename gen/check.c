#include <linux/audit.h>
#include <stdbool.h>
#include <string.h>

#include "core/syscalls.h"
#include "gen/check.h"
#include "gen/emu.h"

/* Values of nr that no table reaches, tried under every architecture. */
static const uint32_t check_wild_nrs[] = {
	0x3fffffff, 0x7fffffff, 0x80000000, 0xbfffffff, 0xc0000000, 0xfffffffe,
	0xffffffff,
};

/* Architectures seccomp_data.arch can hold that the x86 set never admits. */
static const uint32_t check_foreign_audits[] = {
	AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM, AUDIT_ARCH_PPC64LE, AUDIT_ARCH_RISCV64,
	AUDIT_ARCH_S390X, AUDIT_ARCH_X86_64 & ~__AUDIT_ARCH_64BIT, 0, 0xffffffff,
};

struct check_run {
	const struct sock_filter *prog;
	size_t len;
	const struct filter_set *set;
	struct check_result *r;
};

/* What the filter for S must return for D; CHECK_NOT_ALLOWED for deny. */
#define CHECK_NOT_ALLOWED 1u

static void
check_mismatch(struct check_result *r, const struct seccomp_data *d, uint32_t got,
	uint32_t want)
{
	struct check_mismatch *m = &r->first[r->mismatches];

	if (r->mismatches < sizeof r->first / sizeof *r->first) {
		*m = (struct check_mismatch){ d->arch, (uint32_t)d->nr, { 0 }, got, want };
		memcpy(m->args, d->args, sizeof m->args);
	}
	r->mismatches++;
}

/* Run the call D; return false on a mismatch, or on a number no call has
 * that got another deny action (counted apart, once). */
static bool
check_data(struct check_run *c, const struct seccomp_data *d)
{
	uint32_t want = filter_set_judge(c->set, d, CHECK_NOT_ALLOWED);
	uint32_t got = emu_run(c->prog, c->len, d);

	c->r->cases++;
	if (want == CHECK_NOT_ALLOWED && c->r->deny == CHECK_ANY_DENY &&
	    got != SECCOMP_RET_ALLOW)
		c->r->deny = got;
	if (want == CHECK_NOT_ALLOWED)
		want = c->r->deny;
	if (got != want && (uint32_t)d->nr >= 0x80000000u && got != SECCOMP_RET_ALLOW &&
	    want != SECCOMP_RET_ALLOW) {
		c->r->impossible++;
		return false;
	}
	if (got != want)
		check_mismatch(c->r, d, got, want);
	return got == want;
}

/* Run one call twice, with the other fields of seccomp_data zero and filled. */
static void
check_one(struct check_run *c, uint32_t audit, uint32_t nr)
{
	struct seccomp_data d;

	for (int fill = 0; fill < 2; fill++) {
		memset(&d, fill ? 0xa5 : 0, sizeof d);
		d.nr = (int)nr;
		d.arch = audit;
		if (!check_data(c, &d))
			return;
	}
}

/* Every number of ARCH up to past its table and past the set, the
 * neighbours of each allowed number, each with BIAS or'ed in. */
static void
check_arch_numbers(struct check_run *c, enum arch arch, uint32_t bias)
{
	uint32_t audit = arch_audit(arch), top = syscalls_limit(arch) + 64;
	const struct filter_set *s = c->set;

	for (uint32_t nr = 0; nr < top; nr++)
		check_one(c, audit, nr | bias);
	for (size_t i = 0; i < s->count[arch]; i++) {
		uint32_t nr = s->nrs[arch][i];
		if (nr + 1 >= top) {
			check_one(c, audit, (nr - 1) | bias);
			check_one(c, audit, nr | bias);
			check_one(c, audit, (nr + 1) | bias);
		}
	}
}

static void
check_audit_wild(struct check_run *c, uint32_t audit)
{
	for (size_t i = 0; i < sizeof check_wild_nrs / sizeof *check_wild_nrs; i++)
		check_one(c, audit, check_wild_nrs[i]);
}

/* Every number allowed anywhere in the set, and the first few, under AUDIT. */
static void
check_foreign(struct check_run *c, uint32_t audit)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < c->set->count[a]; i++)
			check_one(c, audit, c->set->nrs[a][i]);
	}
	for (uint32_t nr = 0; nr < 16; nr++)
		check_one(c, audit, nr);
	check_audit_wild(c, audit);
}

size_t
check_around(uint64_t v, uint64_t mask, uint64_t out[CHECK_AROUND])
{
	const uint64_t around[] = {
		v, v - 1, v + 1, v | 1ULL << 32, v | 0xdeadbeef00000000ULL,
		(uint64_t)(int64_t)(int32_t)(uint32_t)v, (uint32_t)v, v | ~mask,
		v ^ 1, 0, 1, 0xffffffff, 1ULL << 32, 0x80000000, 0x7fffffff,
		0xffffffff80000000ULL, UINT64_MAX, 0xffffffff00000000ULL,
	};

	_Static_assert(sizeof around / sizeof *around == CHECK_AROUND, "CHECK_AROUND");
	memcpy(out, around, sizeof around);
	return CHECK_AROUND;
}

/* D with each argument of R at its first value: a call R allows. */
static void
check_rule_base(const struct filter_rule *r, struct seccomp_data *d)
{
	for (size_t i = 0; i < r->n; i++)
		d->args[r->checks[i].index] = r->checks[i].values[0];
}

/* Sweep each argument of rule R of number NR of ARCH (BIAS or'ed in) over
 * its values and around them, the other arguments allowed, under AUDIT and
 * under the other x86 arch's view of the same call. */
static void
check_rule(struct check_run *c, enum arch arch, uint32_t nr, const struct filter_rule *r)
{
	const uint32_t audits[] = { arch_audit(arch), arch == ARCH_I386 ?
	    AUDIT_ARCH_X86_64 : AUDIT_ARCH_I386 };
	uint64_t values[CHECK_AROUND];
	struct seccomp_data d;

	for (size_t a = 0; a < sizeof audits / sizeof *audits; a++) {
		memset(&d, 0, sizeof d);
		d.arch = audits[a];
		d.nr = (int)nr;
		check_rule_base(r, &d);
		check_data(c, &d);
		for (size_t i = 0; i < r->n; i++) {
			const struct filter_argcheck *k = &r->checks[i];
			struct seccomp_data t = d;
			for (size_t j = 0; j < k->n; j++) {
				size_t n = check_around(k->values[j], k->mask, values);
				for (size_t m = 0; m < n; m++) {
					t.args[k->index] = values[m];
					check_data(c, &t);
				}
			}
		}
	}
}

/* The argument rules of every arch. */
static void
check_rules(struct check_run *c)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		uint32_t bias = a == ARCH_X32 ? ARCH_X32_SYSCALL_BIT : 0;
		for (size_t i = 0; i < c->set->count[a]; i++) {
			if (c->set->rules[a][i] != NULL)
				check_rule(c, a, c->set->nrs[a][i] | bias, c->set->rules[a][i]);
		}
	}
}

size_t
check_filter(const struct sock_filter *prog, size_t len, const struct filter_set *s,
	uint32_t deny, struct check_result *r)
{
	struct check_run c = { prog, len, s, r };

	memset(r, 0, sizeof *r);
	r->deny = deny;
	check_arch_numbers(&c, ARCH_X86_64, 0);
	check_arch_numbers(&c, ARCH_X32, ARCH_X32_SYSCALL_BIT);
	check_arch_numbers(&c, ARCH_I386, 0);
	check_arch_numbers(&c, ARCH_I386, ARCH_X32_SYSCALL_BIT);
	check_audit_wild(&c, AUDIT_ARCH_X86_64);
	check_audit_wild(&c, AUDIT_ARCH_I386);
	for (size_t i = 0; i < sizeof check_foreign_audits / sizeof *check_foreign_audits; i++)
		check_foreign(&c, check_foreign_audits[i]);
	check_rules(&c);
	return r->mismatches;
}
