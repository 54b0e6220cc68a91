/* Unit tests of gen/filter and gen/bpf: sets in, verdicts out, through the
 * emulator (data tables in the spirit of libseccomp's tests/NN-*.tests), then
 * the exhaustive check, long jumps, program size and depth, the BPF_MAXINSNS limit,
 * and the sets made from a profile (restart_syscall, --errno-fallback). */
#include <errno.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/argtable.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/check.h"
#include "gen/emu.h"
#include "gen/filter.h"
#include "tests/unit/tap.h"

#define X64 AUDIT_ARCH_X86_64
#define X86 AUDIT_ARCH_I386
#define BIT30(nr) ((nr) | 0x40000000u)
#define X32(nr) X64, BIT30(nr)
#define A SECCOMP_RET_ALLOW
#define K SECCOMP_RET_KILL_PROCESS
#define D 0xd0d0d0d0u /* stands for the deny action of the row */
#define E FILTER_RET_FALLBACK

/* A set as text: "x86_64:0-3,5,7-8! i386:4 x32:" (an arch with no number
 * is admitted, empty; "!" after a number or range gives it ENOSYS). */
static void
set_parse(struct filter_set *s, const char *text)
{
	char *copy = strdup(text), *save = NULL;

	filter_set_init(s);
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(tok, ':'), *nsave = NULL;
		enum arch arch;
		*colon = '\0';
		if (arch_from_name(tok, &arch) != 0)
			abort();
		s->arches |= 1u << arch;
		for (char *r = strtok_r(colon + 1, ",", &nsave); r; r = strtok_r(NULL, ",", &nsave)) {
			unsigned long lo = strtoul(r, &r, 0), hi = *r == '-' ? strtoul(r + 1, &r, 0) : lo;
			for (unsigned long nr = lo; nr <= hi; nr++)
				filter_set_put(s, arch, (uint32_t)nr, *r == '!' ? E : A);
		}
	}
	free(copy);
}

/* Check that F returns WANT for (AUDIT, NR). */
static void
verdict_is(const struct filter *f, uint32_t audit, uint32_t nr, uint32_t want,
	const char *what)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = audit };

	tap_ok(emu_run(f->insns, f->len, &d) == want, "%s", what);
}

static const struct {
	const char *set;
	uint32_t deny;
	struct { uint32_t audit, nr, want; } calls[14];
} table[] = {
	{ "x86_64:0-3,5,60,231", SECCOMP_RET_ERRNO | 1, {
		{ X64, 0, A }, { X64, 3, A }, { X64, 4, D }, { X64, 5, A }, { X64, 6, D },
		{ X64, 59, D }, { X64, 60, A }, { X64, 231, A }, { X64, 232, D },
		{ X64, 0xffffffff, K }, { X32(0), K }, { X64, 0x80000005, K },
		{ X86, 0, K }, { AUDIT_ARCH_AARCH64, 0, K } } },
	{ "x86_64:1 x32:1", SECCOMP_RET_TRAP, {
		{ X64, 1, A }, { X32(1), A }, { X64, 0, D }, { X32(0), D }, { X32(2), D },
		{ X32(512), D }, { X64, 0xc0000001, D }, { X64, 0xffffffff, D },
		{ X86, 1, K } } },
	{ "x32:0-3", SECCOMP_RET_KILL_THREAD, {
		{ X32(0), A }, { X32(3), A }, { X32(4), D }, { X64, 0, K }, { X64, 3, K },
		{ X86, 3, K } } },
	{ "i386:3,4,252", SECCOMP_RET_LOG, {
		{ X86, 3, A }, { X86, 4, A }, { X86, 5, D }, { X86, 252, A },
		{ X86, BIT30(3), D }, { X86, BIT30(252), D }, { X86, 0xffffffff, D },
		{ X64, 3, K }, { X32(3), K }, { AUDIT_ARCH_ARM, 3, K } } },
	{ "x86_64:0 i386:0 x32:0", SECCOMP_RET_TRACE, {
		{ X64, 0, A }, { X86, 0, A }, { X32(0), A }, { X64, 1, D }, { X86, 1, D },
		{ X32(1), D }, { X86, BIT30(0), D }, { 0, 0, K } } },
	{ "x86_64: i386:", SECCOMP_RET_TRACE, {
		{ X64, 0, D }, { X86, 0, D }, { X32(0), K }, { AUDIT_ARCH_PPC64LE, 0, K } } },
	{ "x86_64:0x3ffffffe,0x3fffffff", SECCOMP_RET_ERRNO | 38, {
		{ X64, 0x3ffffffe, A }, { X64, 0x3fffffff, A }, { X64, 0x3ffffffd, D },
		{ X64, 0x40000000, K }, { X64, 0, D } } },
	/* Ranges of two actions, touching or not; single numbers between
	 * outer segments that differ (no JEQ shortcut there). */
	{ "x86_64:0-2,3-4!,5,6! x32:1! i386:7!,9", SECCOMP_RET_KILL_PROCESS, {
		{ X64, 2, A }, { X64, 3, E }, { X64, 4, E }, { X64, 5, A }, { X64, 6, E },
		{ X64, 7, D }, { X32(1), E }, { X32(0), D }, { X32(2), D }, { X86, 6, D },
		{ X86, 7, E }, { X86, 8, D }, { X86, 9, A }, { X86, BIT30(7), D } } },
	{ "x86_64:4!,5,6!", SECCOMP_RET_TRAP, {
		{ X64, 3, D }, { X64, 4, E }, { X64, 5, A }, { X64, 6, E }, { X64, 7, D } } },
};

static void
test_table(void)
{
	for (size_t t = 0; t < sizeof table / sizeof *table; t++) {
		struct filter_set s;
		struct filter f;
		char why[128];
		set_parse(&s, table[t].set);
		if (!tap_is_int(filter_build(&s, table[t].deny, &f), 0, table[t].set))
			continue;
		tap_ok(emu_check(f.insns, f.len, why, sizeof why) == 0,
		    "%s: the kernel's checks pass (%zu instructions)", table[t].set, f.len);
		for (size_t i = 0; i < 14 && table[t].calls[i].want != 0; i++) {
			struct seccomp_data d = { .nr = (int)table[t].calls[i].nr,
			    .arch = table[t].calls[i].audit };
			uint32_t want = table[t].calls[i].want == D ? table[t].deny :
			    table[t].calls[i].want;
			tap_ok(emu_run(f.insns, f.len, &d) == want, "%s: arch 0x%x nr 0x%x "
			    "-> 0x%x", table[t].set, d.arch, (unsigned)d.nr, want);
		}
		filter_free(&f);
		filter_set_free(&s);
	}
}

/* The longest path through PROG, in instructions executed. */
static size_t
longest_path(const struct filter *f)
{
	size_t *depth = calloc(f->len, sizeof *depth), best = 0;

	for (size_t pc = f->len; pc-- > 0;) {
		const struct sock_filter *i = &f->insns[pc];
		size_t next = 0;
		if (i->code == (BPF_JMP | BPF_JA))
			next = depth[pc + 1 + i->k];
		else if (BPF_CLASS(i->code) == BPF_JMP)
			next = depth[pc + 1 + i->jt] > depth[pc + 1 + i->jf] ?
			    depth[pc + 1 + i->jt] : depth[pc + 1 + i->jf];
		else if (BPF_CLASS(i->code) != BPF_RET)
			next = depth[pc + 1];
		depth[pc] = next + 1;
	}
	best = depth[0];
	free(depth);
	return best;
}

static size_t
count_code(const struct filter *f, uint16_t code)
{
	size_t n = 0;

	for (size_t i = 0; i < f->len; i++)
		n += f->insns[i].code == code;
	return n;
}

/* Build S, run the exhaustive check on it; return the program in *F. */
static void
build_and_check(const struct filter_set *s, uint32_t deny, struct filter *f,
	const char *what)
{
	struct check_result r;
	char why[128] = "";

	if (!tap_is_int(filter_build(s, deny, f), 0, what))
		return;
	tap_ok(emu_check(f->insns, f->len, why, sizeof why) == 0, "%s: valid %s", what, why);
	check_filter(f->insns, f->len, s, deny, &r);
	tap_ok(r.mismatches == 0 && r.cases > 3000, "%s: %zu cases, %zu mismatches",
	    what, r.cases, r.mismatches);
	for (size_t i = 0; i < r.mismatches && i < 3; i++)
		printf("#   arch 0x%x nr 0x%x: got 0x%x, want 0x%x\n", r.first[i].audit,
		    r.first[i].nr, r.first[i].got, r.first[i].want);
}

static void
test_random_sets(void)
{
	unsigned seed = 1;

	for (int round = 0; round < 40; round++) {
		struct filter_set s;
		struct filter f = { 0 };
		char what[64];
		filter_set_init(&s);
		for (unsigned a = 0; a < ARCH_COUNT; a++) {
			if (rand_r(&seed) % 4 == 0)
				continue;
			s.arches |= 1u << a;
			/* Every third round, a quarter of the numbers get ENOSYS. */
			for (int i = rand_r(&seed) % (round < 20 ? 40 : 400); i > 0; i--)
				filter_set_put(&s, a, (uint32_t)(rand_r(&seed) % 560),
				    round % 3 == 0 && rand_r(&seed) % 4 == 0 ? E : A);
		}
		snprintf(what, sizeof what, "random set %d (%zu/%zu/%zu)", round,
		    s.count[0], s.count[1], s.count[2]);
		build_and_check(&s, round % 2 ? SECCOMP_RET_ERRNO | 13 : SECCOMP_RET_KILL_PROCESS,
		    &f, what);
		filter_free(&f);
		filter_set_free(&s);
	}
}

static void
test_long_jumps(void)
{
	struct filter_set s;
	struct filter f = { 0 };
	size_t depth;

	/* 330 separate numbers per arch: no two adjacent, so no range merges. */
	filter_set_init(&s);
	for (uint32_t i = 0; i < 330; i++) {
		filter_set_add(&s, ARCH_X86_64, 2 * i);
		filter_set_add(&s, ARCH_I386, 2 * i + 1);
		filter_set_add(&s, ARCH_X32, 3 * i);
	}
	build_and_check(&s, SECCOMP_RET_ERRNO | 1, &f, "330 calls per arch");
	tap_ok(count_code(&f, BPF_JMP | BPF_JA) > 0, "far jumps go through BPF_JA "
	    "(%zu of %zu instructions)", count_code(&f, BPF_JMP | BPF_JA), f.len);
	depth = longest_path(&f);
	/* arch load, 2 arch tests, nr load, x32 split, ceil(log2(661)) = 10
	 * comparisons, a return, and at most one BPF_JA per level. */
	tap_ok(depth <= 6 + 2 * 10, "balanced: at most %zu instructions run per call", depth);
	tap_ok(f.len < 3 * 2 * 330 + 64, "returns are shared: %zu instructions", f.len);
	filter_free(&f);
	filter_set_free(&s);
}

static void
test_ranges_merge(void)
{
	struct filter_set s;
	struct filter f = { 0 };

	set_parse(&s, "x86_64:0-299");
	build_and_check(&s, SECCOMP_RET_KILL_PROCESS, &f, "one range of 300");
	tap_ok(f.len <= 8, "a range costs one comparison: %zu instructions", f.len);
	filter_free(&f);
	filter_set_free(&s);
}

static void
test_limit(void)
{
	struct filter_set s;
	struct filter f = { 0 };

	filter_set_init(&s);
	for (uint32_t i = 0; i < 3000; i++)
		filter_set_add(&s, ARCH_X86_64, 1000 * i);
	tap_is_int(filter_build(&s, SECCOMP_RET_KILL_PROCESS, &f), -E2BIG,
	    "3000 scattered calls: refused, over BPF_MAXINSNS");
	tap_ok(f.insns == NULL && f.len > BPF_MAXINSNS, "the size it would have had: %zu", f.len);
	filter_set_free(&s);
	for (uint32_t i = 0; i < 1900; i++)
		filter_set_add(&s, ARCH_X86_64, 1000 * i);
	build_and_check(&s, SECCOMP_RET_KILL_PROCESS, &f, "1900 scattered calls fit");
	tap_ok(f.len <= BPF_MAXINSNS, "%zu instructions", f.len);
	filter_free(&f);
	filter_set_free(&s);
}

/* A profile with the calls NAMES[0..N-1] of ARCH, recorded once each. */
static void
profile_with(struct profile *p, enum arch arch, const char *const *names, size_t n)
{
	profile_init(p);
	for (size_t i = 0; i < n; i++)
		profile_get(p, arch, (uint32_t)syscalls_number(arch, names[i]))->count = 1;
}

static uint32_t
action_of(const struct filter_set *s, enum arch arch, const char *name)
{
	return filter_set_action(s, arch, (uint32_t)syscalls_number(arch, name), D);
}

static void
test_from_profile(void)
{
	static const char *const names[] = { "read", "write", "clone", "exit_group",
	    "statx" };
	struct filter_set s;
	struct profile p;
	struct filter f = { 0 };

	profile_with(&p, ARCH_I386, names, 5);
	filter_set_init(&s);
	filter_set_from_profile(&s, &p, ARCH_MASK_ALL, 0);
	tap_is_int((int)s.arches, 1 << ARCH_I386, "only the recorded arch is admitted");
	tap_is_int((int)s.count[ARCH_I386], 6, "i386: the 5 calls and restart_syscall");
	tap_ok(action_of(&s, ARCH_I386, "restart_syscall") == A &&
	    syscalls_number(ARCH_I386, "restart_syscall") == 0,
	    "restart_syscall (i386 0) allowed though not recorded");
	tap_ok(action_of(&s, ARCH_I386, "clone3") == D, "clone3: not listed without flags");
	filter_set_free(&s);

	filter_set_from_profile(&s, &p, ARCH_MASK_ALL, FILTER_ERRNO_FALLBACK);
	tap_ok(action_of(&s, ARCH_I386, "clone3") == E, "--errno-fallback: clone3 gets ENOSYS");
	tap_ok(action_of(&s, ARCH_I386, "clock_getres_time64") == E &&
	    action_of(&s, ARCH_I386, "rseq") == E, "and clock_getres_time64, rseq");
	tap_ok(action_of(&s, ARCH_I386, "clock_gettime64") == D,
	    "clock_gettime64, whose ENOSYS glibc passes on: the deny action");
	tap_ok(action_of(&s, ARCH_I386, "statx") == A, "statx, recorded, stays allowed");
	tap_ok(action_of(&s, ARCH_I386, "getpid") == D && action_of(&s, ARCH_I386, "clone") == A,
	    "calls with no fallback are untouched");
	tap_ok(s.arches == 1u << ARCH_I386 && s.count[ARCH_X86_64] == 0,
	    "no other arch admitted for its fallbacks");
	build_and_check(&s, SECCOMP_RET_KILL_PROCESS, &f, "i386 with fallbacks");
	filter_free(&f);
	filter_set_free(&s);
	profile_free(&p);

	profile_with(&p, ARCH_X86_64, names, 2);
	filter_set_init(&s);
	filter_set_from_profile(&s, &p, 1u << ARCH_X32, FILTER_ERRNO_FALLBACK);
	tap_is_int((int)s.arches, 0, "an arch left out by the mask gets nothing, restart_syscall neither");
	filter_set_free(&s);
	profile_free(&p);
}

static void
test_redirect(void)
{
	struct filter_set s;
	struct filter f = { 0 };
	size_t n;

	set_parse(&s, "x86_64:0-3,7! i386:5");
	filter_build(&s, SECCOMP_RET_ERRNO | 13, &f);
	n = filter_redirect_refusals(&f, SECCOMP_RET_TRACE);
	tap_ok(n >= 2, "refusals redirected: %zu returns", n);
	verdict_is(&f, X64, 4, SECCOMP_RET_TRACE, "the deny action: now trace");
	verdict_is(&f, X64, 7, E, "ENOSYS of a fallback: kept");
	verdict_is(&f, X64, 2, A, "allowed: kept");
	verdict_is(&f, AUDIT_ARCH_AARCH64, 2, SECCOMP_RET_TRACE, "the arch kill: now trace");
	verdict_is(&f, X86, 5, A, "i386 allowed: kept");
	n = filter_redirect_all(&f, SECCOMP_RET_TRACE);
	tap_ok(n >= 1, "all but allow redirected: %zu more returns", n);
	verdict_is(&f, X64, 7, SECCOMP_RET_TRACE, "redirect_all: a fallback's ENOSYS traced too");
	verdict_is(&f, X64, 2, A, "redirect_all: allowed kept");
	filter_free(&f);
	filter_set_free(&s);
}

static void
test_filter_from_profile(void)
{
	static const char *const names[] = { "read", "write" };
	struct filter f = { 0 };
	struct profile p;

	profile_init(&p);
	tap_is_int(filter_from_profile(&p, 0, SECCOMP_RET_TRACE, &f, NULL), -ENOENT,
	    "an empty profile: -ENOENT");
	profile_free(&p);
	profile_with(&p, ARCH_X86_64, names, 2);
	tap_is_int(filter_from_profile(&p, 0, SECCOMP_RET_TRACE, &f, NULL), 0, "trace: built");
	verdict_is(&f, X86, 3, SECCOMP_RET_TRACE,
	    "trace: an i386 call of an x86_64 profile is traced, not killed");
	verdict_is(&f, X32(0), SECCOMP_RET_TRACE, "trace: and an x32 one");
	verdict_is(&f, X64, 1, A, "trace: write allowed");
	filter_free(&f);
	tap_is_int(filter_from_profile(&p, 0, SECCOMP_RET_ERRNO | 1, &f, NULL), 0, "errno: built");
	verdict_is(&f, X86, 3, K, "errno: an i386 call is killed, as gen's");
	filter_free(&f);
	profile_free(&p);
}

static void
test_prefix(void)
{
	static const uint32_t execs[] = { 59, 322 };
	struct filter_set s;
	struct filter f = { 0 };
	char why[128] = "";

	set_parse(&s, "x86_64:0-3,59 i386:11");
	filter_build(&s, SECCOMP_RET_KILL_PROCESS, &f);
	tap_is_int(filter_prefix_trace(&f, ARCH_X86_64, execs, 2), 0, "prefix: added");
	tap_ok(emu_check(f.insns, f.len, why, sizeof why) == 0, "prefix: valid %s", why);
	verdict_is(&f, X64, 59, SECCOMP_RET_TRACE, "execve: traced, though allowed");
	verdict_is(&f, X64, 322, SECCOMP_RET_TRACE, "execveat: traced");
	verdict_is(&f, X64, 2, A, "others: as before (allowed)");
	verdict_is(&f, X64, 4, K, "others: as before (killed)");
	verdict_is(&f, X32(59), K, "x32 execve: not matched");
	verdict_is(&f, X86, 11, A, "i386 execve: as before");
	filter_free(&f);
	filter_set_free(&s);
}

/* A profile with clone, clone3, fork, vfork and getpid on every arch: the
 * filter of a record --baseline that approved them. */
static void
clones_profile(struct profile *p)
{
	static const char *const names[] = { "clone", "clone3", "fork", "vfork", "getpid" };

	profile_init(p);
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			profile_get(p, a, (uint32_t)syscalls_number(a, names[i]))->count = 1;
}

/* Check what F returns for NAME on each arch. */
static void
verdicts_are(const struct filter *f, const char *name, uint32_t want, const char *what)
{
	static const uint32_t audit[ARCH_COUNT] = { X64, X86, X64 };

	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		uint32_t nr = (uint32_t)syscalls_number(a, name);
		char text[128];
		snprintf(text, sizeof text, "%s %s: %s", arch_name(a), name, what);
		verdict_is(f, audit[a], a == ARCH_X32 ? BIT30(nr) : nr, want, text);
	}
}

static void
test_trace_clones(void)
{
	struct filter f = { 0 }, t = { 0 };
	struct profile p;
	char why[128] = "";

	clones_profile(&p);
	tap_is_int(filter_from_profile(&p, 0, SECCOMP_RET_TRACE, &f, NULL), 0, "clones: built");
	tap_is_int(filter_trace_clones(&f, &t), 0, "clones: traced in front");
	tap_ok(emu_check(t.insns, t.len, why, sizeof why) == 0, "clones: valid %s", why);
	tap_is_int((long long)t.len, (long long)f.len + 33, "clones: 11 instructions per arch");
	verdicts_are(&t, "clone", SECCOMP_RET_TRACE, "traced, though approved");
	verdicts_are(&t, "clone3", SECCOMP_RET_TRACE, "traced, though approved");
	verdicts_are(&t, "seccomp", SECCOMP_RET_TRACE, "traced, to see a program's own filter");
	verdicts_are(&t, "prctl", SECCOMP_RET_TRACE, "traced, to see a program's own filter");
	verdicts_are(&t, "fork", A, "allowed: no flags, the child always attached");
	verdicts_are(&t, "vfork", A, "allowed: no flags, the child always attached");
	verdicts_are(&t, "getpid", A, "allowed, as before");
	verdicts_are(&t, "getppid", SECCOMP_RET_TRACE, "traced, as before");
	verdicts_are(&f, "clone", A, "the filter given is left as it was");
	verdict_is(&t, AUDIT_ARCH_AARCH64, 220, K, "another arch: killed, as before");
	filter_free(&t);
	filter_free(&f);
	profile_free(&p);

	/* The kernel's limit, the prefix included; the program grows with
	 * its length. */
	f.len = BPF_MAXINSNS - 33;
	f.insns = xcalloc(f.len + 1, sizeof *f.insns);
	for (size_t i = 0; i < f.len + 1; i++)
		f.insns[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, A);
	tap_is_int(filter_trace_clones(&f, &t), 0, "clones: fits in BPF_MAXINSNS exactly");
	tap_is_int((long long)t.len, BPF_MAXINSNS, "clones: BPF_MAXINSNS instructions");
	filter_free(&t);
	f.len++;
	tap_is_int(filter_trace_clones(&f, &t), -E2BIG, "clones: one more: -E2BIG");
	tap_ok(t.insns == NULL && t.len == BPF_MAXINSNS + 1, "the size it would have had: %zu", t.len);
	filter_free(&f);
}

static void
test_split(void)
{
	enum arch a;
	uint32_t nr;

	tap_ok(filter_split(AUDIT_ARCH_X86_64, 39, &a, &nr) == 0 && a == ARCH_X86_64 &&
	    nr == 39, "split: x86_64 39");
	tap_ok(filter_split(AUDIT_ARCH_X86_64, 0x3fffffff, &a, &nr) == 0 &&
	    a == ARCH_X86_64 && nr == 0x3fffffff, "split: just below the x32 bit is x86_64");
	tap_ok(filter_split(AUDIT_ARCH_X86_64, 0x40000027, &a, &nr) == 0 && a == ARCH_X32 &&
	    nr == 39, "split: the x32 bit gives x32 39");
	tap_ok(filter_split(AUDIT_ARCH_X86_64, 0xffffffff, &a, &nr) == 0 && a == ARCH_X32 &&
	    nr == 0xbfffffff, "split: -1 is on the x32 side, as the filter reads it");
	tap_ok(filter_split(AUDIT_ARCH_X86_64, 0x80000000, &a, &nr) == 0 && a == ARCH_X32 &&
	    nr == 0x40000000, "split: 0x80000000, bit 30 clear, is x32 too");
	tap_ok(filter_split(AUDIT_ARCH_I386, 0x40000014, &a, &nr) == 0 && a == ARCH_I386 &&
	    nr == 0x40000014, "split: bit 30 is no x32 bit on i386");
	tap_is_int(filter_split(AUDIT_ARCH_AARCH64, 1, &a, &nr), -EINVAL,
	    "split: a foreign arch is refused");
}

/* Argument checks: a value recorded is allowed, another denied; checks
 * that would take the program past BPF_MAXINSNS are dropped, the largest
 * first, until it fits, the call then allowed by name. */
static void
test_args(void)
{
	struct profile p;
	struct filter_set s;
	struct filter f = { 0 };
	struct seccomp_data d = { .nr = 16, .arch = AUDIT_ARCH_X86_64 };
	struct check_result r;
	struct profile_call *c;

	profile_init(&p);
	c = profile_get(&p, ARCH_X86_64, 16); /* ioctl */
	c->count = 1;
	profile_arg_add(profile_call_arg(c, 1), 0x5401, 1);
	filter_set_init(&s);
	filter_set_from_profile(&s, &p, ARCH_MASK_ALL, FILTER_ARGS);
	tap_is_int(filter_build(&s, SECCOMP_RET_KILL_PROCESS, &f), 0, "ioctl(TCGETS): built");
	d.args[1] = 0x5401;
	tap_is_int(emu_run(f.insns, f.len, &d), SECCOMP_RET_ALLOW, "ioctl TCGETS allowed");
	d.args[1] = 0xffffffff00005401ULL;
	tap_is_int(emu_run(f.insns, f.len, &d), SECCOMP_RET_ALLOW,
	    "an int argument: the upper half, which the kernel ignores, too");
	d.args[1] = 0x5412;
	tap_is_int(emu_run(f.insns, f.len, &d), SECCOMP_RET_KILL_PROCESS, "TIOCSTI denied");
	tap_is_int((long long)check_filter(f.insns, f.len, &s, SECCOMP_RET_KILL_PROCESS, &r),
	    0, "check_filter sweeps it");
	filter_free(&f);
	filter_set_free(&s);
	/* 32 values of every argument of the table, on every arch (the upper
	 * halves differing where they count), among 500 numbers per arch, no
	 * two adjacent: past 4096 instructions. */
	for (size_t i = 0; i < argtable_count(); i++) {
		const struct argrule *ar = argtable_get(i);
		for (unsigned a = 0; a < ARCH_COUNT; a++) {
			int nr = syscalls_number(a, ar->call);
			if (nr < 0 || argtable_rule(a, (uint32_t)nr, ar->index) != ar)
				continue;
			c = profile_get(&p, a, (uint32_t)nr);
			c->count = 1;
			for (uint64_t v = 0; v < 32; v++)
				profile_arg_add(profile_call_arg(c, ar->index),
				    argtable_read(ar, a, v << 32 | v * 5), 1);
		}
	}
	for (uint32_t nr = 0; nr < 1000; nr += 2) {
		for (unsigned a = 0; a < ARCH_COUNT; a++)
			profile_get(&p, a, nr)->count = 1;
	}
	filter_set_init(&s);
	filter_set_from_profile(&s, &p, ARCH_MASK_ALL, FILTER_ARGS);
	tap_is_int(filter_build(&s, SECCOMP_RET_KILL_PROCESS, &f), -E2BIG,
	    "so many checks do not fit");
	filter_free(&f);
	tap_is_int(filter_build_fitting(&s, SECCOMP_RET_KILL_PROCESS, &f), 0,
	    "built once some are dropped (warnings above)");
	tap_ok(filter_set_has_rules(&s), "and not all");
	tap_ok(f.len <= BPF_MAXINSNS && check_filter(f.insns, f.len, &s,
	    SECCOMP_RET_KILL_PROCESS, &r) == 0, "within the limit (%zu), and right", f.len);
	filter_free(&f);
	filter_set_free(&s);
	profile_free(&p);
}

int
main(void)
{
	test_split();
	test_table();
	test_random_sets();
	test_long_jumps();
	test_ranges_merge();
	test_limit();
	test_from_profile();
	test_redirect();
	test_prefix();
	test_trace_clones();
	test_filter_from_profile();
	test_args();
	return tap_done();
}
