#include <linux/audit.h>
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

/* What the filter for S must return for (AUDIT, NR), split as
 * filter_split() does; NOT_ALLOWED for deny. */
#define CHECK_NOT_ALLOWED 1u
static uint32_t
check_expect(const struct filter_set *s, uint32_t audit, uint32_t nr)
{
	enum arch arch;
	uint32_t plain;

	if (filter_split(audit, nr, &arch, &plain) != 0 || !(s->arches & (1u << arch)))
		return SECCOMP_RET_KILL_PROCESS;
	return filter_set_action(s, arch, plain, CHECK_NOT_ALLOWED);
}

struct check_run {
	const struct sock_filter *prog;
	size_t len;
	const struct filter_set *set;
	struct check_result *r;
};

static void
check_mismatch(struct check_result *r, uint32_t audit, uint32_t nr, uint32_t got,
	uint32_t want)
{
	if (r->mismatches < sizeof r->first / sizeof *r->first)
		r->first[r->mismatches] = (struct check_mismatch){ audit, nr, got, want };
	r->mismatches++;
}

/* Run one call twice, with the other fields of seccomp_data zero and filled. */
static void
check_one(struct check_run *c, uint32_t audit, uint32_t nr)
{
	uint32_t want = check_expect(c->set, audit, nr);
	struct seccomp_data d;

	for (int fill = 0; fill < 2; fill++) {
		uint32_t got;
		memset(&d, fill ? 0xa5 : 0, sizeof d);
		d.nr = (int)nr;
		d.arch = audit;
		got = emu_run(c->prog, c->len, &d);
		c->r->cases++;
		if (want == CHECK_NOT_ALLOWED && c->r->deny == CHECK_ANY_DENY &&
		    got != SECCOMP_RET_ALLOW)
			c->r->deny = got;
		if (want == CHECK_NOT_ALLOWED)
			want = c->r->deny;
		if (got != want && nr >= 0x80000000u && got != SECCOMP_RET_ALLOW &&
		    want != SECCOMP_RET_ALLOW) {
			c->r->impossible++;
			return;
		}
		if (got != want) {
			check_mismatch(c->r, audit, nr, got, want);
			return;
		}
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
	return r->mismatches;
}
