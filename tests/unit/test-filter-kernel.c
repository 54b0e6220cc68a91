/* gen/filter checked against the kernel itself, independently of gen/emu:
 * random sets of (arch, nr) over x86_64, i386 and x32 are built into
 * programs, each program is installed in a child with every return rewritten
 * to a distinct errno, and the child makes every call of the three ABIs
 * (x86_64 through syscall, x32 through syscall with the x32 bit, i386
 * through int $0x80), plus numbers past the tables, bit 30 under i386 and
 * negative numbers. The errno that comes back says which return the
 * kernel's run of the program reached; it must be the one the set asks for
 * (and the one the emulator gives).
 *
 * Why this is sound: a return's constant takes no part in the control flow,
 * so the rewritten program takes the same path as the generated one, in the
 * kernel's own classic-BPF translation and JIT; and since every return is
 * SECCOMP_RET_ERRNO, no call is ever executed, whatever its number and
 * arguments. A guard in front lets every call through untouched unless its
 * first two arguments carry a magic pair, so the child can still report.
 *
 * Argument checks (gen --args) are tried the same way, with the magic in
 * args[4] instead (no rule of the argument table reads it): profiles with
 * random values of the table's arguments give the rules, and each call is
 * made with each checked argument at its values and around them
 * (check_around()), under x86_64, x32 and i386 (whose int $0x80 hands the
 * kernel 32-bit registers: the low halves, zero-extended). */
#include <errno.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/argtable.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/check.h"
#include "gen/emu.h"
#include "gen/filter.h"
#include "tests/unit/tap.h"

/* The first two arguments of the calls the rewritten program judges. */
#define MAGIC0 0x5eccd474u
#define MAGIC1 0x0b5e55edu

/* The errno of the I-th distinct return of a program. */
#define ERRNO_BASE 1000

/* One call to make: seccomp_data.arch and .nr; what came back. */
struct kcase {
	uint32_t audit, nr;
	long got; /* the raw return: -errno */
};

/* The distinct returns of a program, in order of first appearance. */
struct rets {
	uint32_t k[16];
	size_t n;
};

/* A call through the x86-64 syscall instruction (x32 with the x32 bit). */
static long
raw_syscall64(uint32_t nr)
{
	long ret;

	__asm__ volatile("syscall"
	    : "=a"(ret)
	    : "a"((unsigned long)nr), "D"((unsigned long)MAGIC0), "S"((unsigned long)MAGIC1)
	    : "rcx", "r11", "memory");
	return ret;
}

/* A call through int $0x80, which the kernel takes as an i386 call. */
static long
raw_int80(uint32_t nr)
{
	long ret;

	__asm__ volatile("int $0x80"
	    : "=a"(ret)
	    : "a"((unsigned long)nr), "b"((unsigned long)MAGIC0), "c"((unsigned long)MAGIC1)
	    : "r8", "r9", "r10", "r11", "memory");
	return (int)ret;
}

/* The guard of the number cases: a call without MAGIC0 and MAGIC1 in its
 * first two arguments runs untouched. */
static const struct sock_filter guard_numbers[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MAGIC0, 0, 2),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MAGIC1, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

/* F with GUARD[0..G-1] in front and every return K rewritten to
 * SECCOMP_RET_ERRNO | (ERRNO_BASE + its index in R). */
static struct sock_filter *
rewrite(const struct filter *f, const struct sock_filter *guard, size_t g,
	struct rets *r, size_t *len)
{
	struct sock_filter *v = xcalloc(f->len + g, sizeof *v);

	memcpy(v, guard, g * sizeof *v);
	memcpy(v + g, f->insns, f->len * sizeof *v);
	r->n = 0;
	for (size_t i = g; i < f->len + g; i++) {
		size_t k = 0;
		if (v[i].code != (BPF_RET | BPF_K))
			continue;
		while (k < r->n && r->k[k] != v[i].k)
			k++;
		if (k == r->n)
			r->k[r->n++] = v[i].k;
		v[i].k = SECCOMP_RET_ERRNO | (uint32_t)(ERRNO_BASE + k);
	}
	*len = f->len + g;
	return v;
}

/* Install PROG in a child and have MAKE make there each of the N calls of
 * C, of SIZE bytes each (results in shared memory); return whether the
 * child got that far. */
static bool
kernel_run_with(const struct sock_filter *prog, size_t len, void *c, size_t size,
	size_t n, void (*make)(void *))
{
	struct sock_fprog fprog = { (unsigned short)len, (struct sock_filter *)prog };
	char *shared = mmap(NULL, n * size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status = -1;
	pid_t pid;

	if (shared == MAP_FAILED)
		return false;
	memcpy(shared, c, n * size);
	if ((pid = fork()) == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
			_exit(2);
		for (size_t i = 0; i < n; i++)
			make(shared + i * size);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	memcpy(c, shared, n * size);
	munmap(shared, n * size);
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void
kcase_make(void *p)
{
	struct kcase *c = p;

	c->got = c->audit == AUDIT_ARCH_I386 ? raw_int80(c->nr) : raw_syscall64(c->nr);
}

static bool
kernel_run(const struct sock_filter *prog, size_t len, struct kcase *c, size_t n)
{
	return kernel_run_with(prog, len, c, sizeof *c, n, kcase_make);
}

/* What the kernel and the emulator got wrong of a program F's calls. */
struct tally {
	size_t bad_kernel, bad_emu;
};

/* Count the call D, whose raw return in the kernel was RAW (a return of R),
 * against WANT; return what the kernel's run returned when it is wrong, or
 * WANT. */
static uint32_t
tally_one(struct tally *t, const struct filter *f, const struct rets *r, long raw,
	const struct seccomp_data *d, uint32_t want)
{
	long k = -raw - ERRNO_BASE;
	uint32_t got = k >= 0 && (size_t)k < r->n ? r->k[k] : 0xdeadbeef;

	t->bad_kernel += got != want;
	t->bad_emu += emu_run(f->insns, f->len, d) != want;
	return got;
}

static void
tally_report(const struct tally *t, const char *what, const char *whose)
{
	tap_ok(t->bad_kernel == 0, "%s: the kernel's verdicts are the %s (%zu wrong)",
	    what, whose, t->bad_kernel);
	tap_ok(t->bad_emu == 0, "%s: and the emulator's (%zu wrong)", what, t->bad_emu);
}

/* What the generated program must return for (AUDIT, NR), from the rules of
 * issue 4 alone: arch first, the x32 bit (and everything above it) on the
 * x32 side under x86_64, kill for an arch the set does not admit. */
static uint32_t
expect(const struct filter_set *s, uint32_t deny, uint32_t audit, uint32_t nr)
{
	enum arch arch = ARCH_I386;

	if (audit == AUDIT_ARCH_X86_64)
		arch = nr >= ARCH_X32_SYSCALL_BIT ? ARCH_X32 : ARCH_X86_64;
	if (!(s->arches & (1u << arch)))
		return SECCOMP_RET_KILL_PROCESS;
	return filter_set_action(s, arch, arch == ARCH_X32 ? nr - ARCH_X32_SYSCALL_BIT : nr,
	    deny);
}

/* Whether int $0x80 works from this 64-bit process: without IA32
 * emulation (ia32_emulation=off, Linux 6.7) it raises SIGSEGV before any
 * filter runs, and the i386 cases cannot be made. */
static bool int80_ok;

/* NOTE: seccomp lets x86_64 uretprobe and uprobe through unfiltered (the
 * kernel's uprobe trampolines make them; seen on Linux 6.18, uretprobe since
 * 6.14): outside a trampoline the first raises SIGILL and the second fails
 * with ENXIO, whatever the filter says, so neither is tried. */
static void
add_case(struct kcase **c, size_t *n, size_t *cap, uint32_t audit, uint32_t nr)
{
	if (audit == AUDIT_ARCH_I386 && !int80_ok)
		return;
	if (audit == AUDIT_ARCH_X86_64 &&
	    (nr == (uint32_t)syscalls_number(ARCH_X86_64, "uretprobe") ||
	    nr == (uint32_t)syscalls_number(ARCH_X86_64, "uprobe")))
		return;
	if (*n == *cap)
		*c = xreallocarray(*c, *cap = *cap ? 2 * *cap : 1024, sizeof **c);
	(*c)[(*n)++] = (struct kcase){ audit, nr, 0 };
}

/* Every number of each ABI up to 64 past its table, each number of S and
 * its neighbours, bit 30 under i386, and the wild numbers under both arches. */
static struct kcase *
all_cases(const struct filter_set *s, size_t *n)
{
	static const uint32_t wild[] = { 0x3fffffff, 0x7fffffff, 0x80000000, 0xbfffffff,
	    0xc0000000, 0xfffffffe, 0xffffffff };
	static const struct { enum arch arch; uint32_t audit, bias; } abi[] = {
		{ ARCH_X86_64, AUDIT_ARCH_X86_64, 0 },
		{ ARCH_X32, AUDIT_ARCH_X86_64, ARCH_X32_SYSCALL_BIT },
		{ ARCH_I386, AUDIT_ARCH_I386, 0 },
		{ ARCH_I386, AUDIT_ARCH_I386, ARCH_X32_SYSCALL_BIT },
	};
	struct kcase *c = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t a = 0; a < sizeof abi / sizeof *abi; a++) {
		enum arch arch = abi[a].arch;
		for (uint32_t nr = 0; nr < syscalls_limit(arch) + 64; nr++)
			add_case(&c, n, &cap, abi[a].audit, nr | abi[a].bias);
		for (size_t i = 0; i < s->count[arch]; i++) {
			for (uint32_t d = 0; d < 3; d++) /* the number and both neighbours */
				add_case(&c, n, &cap, abi[a].audit,
				    (s->nrs[arch][i] + d - 1) | abi[a].bias);
		}
	}
	for (size_t i = 0; i < sizeof wild / sizeof *wild; i++) {
		add_case(&c, n, &cap, AUDIT_ARCH_X86_64, wild[i]);
		add_case(&c, n, &cap, AUDIT_ARCH_I386, wild[i]);
	}
	return c;
}

/* Build S with DENY, run every case in the kernel and the emulator, and
 * compare both with expect(). */
static void
kernel_agrees(const struct filter_set *s, uint32_t deny, const char *what)
{
	struct filter f = { 0 };
	struct rets r;
	size_t len, n;
	struct tally t = { 0, 0 };
	struct sock_filter *prog;
	struct kcase *c;

	if (!tap_is_int(filter_build(s, deny, &f), 0, what))
		return;
	prog = rewrite(&f, guard_numbers, sizeof guard_numbers / sizeof *guard_numbers,
	    &r, &len);
	c = all_cases(s, &n);
	if (tap_ok(kernel_run(prog, len, c, n), "%s: the kernel installs it (%zu "
	    "instructions) and the child makes %zu calls", what, len, n)) {
		for (size_t i = 0; i < n; i++) {
			struct seccomp_data d = { .nr = (int)c[i].nr, .arch = c[i].audit };
			uint32_t want = expect(s, deny, c[i].audit, c[i].nr);
			size_t before = t.bad_kernel;
			uint32_t got = tally_one(&t, &f, &r, c[i].got, &d, want);
			if (t.bad_kernel > before && before < 3)
				printf("#   kernel: arch 0x%x nr 0x%x: got 0x%x (ret %ld), "
				    "want 0x%x\n", c[i].audit, c[i].nr, got, c[i].got, want);
		}
		tally_report(&t, what, "set's");
	}
	free(c);
	free(prog);
	filter_free(&f);
}

static void
test_random(void)
{
	static const uint32_t denies[] = { SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ERRNO | 13,
	    SECCOMP_RET_TRAP, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_KILL_THREAD };
	unsigned seed = 4;

	for (int round = 0; round < 36; round++) {
		struct filter_set s;
		char what[80];
		filter_set_init(&s);
		for (unsigned a = 0; a < ARCH_COUNT; a++) {
			/* A quarter of the arches left out, and some admitted empty. */
			if (rand_r(&seed) % 4 == 0)
				continue;
			s.arches |= 1u << a;
			for (int i = rand_r(&seed) % (round < 18 ? 60 : 500); i > 0; i--) {
				uint32_t nr = (uint32_t)(rand_r(&seed) % (syscalls_limit(a) + 20));
				filter_set_put(&s, a, nr, rand_r(&seed) % 5 == 0 ?
				    FILTER_RET_FALLBACK : SECCOMP_RET_ALLOW);
			}
		}
		snprintf(what, sizeof what, "random set %d (x86_64 %zu, i386 %zu, x32 %zu, "
		    "arches 0x%x)", round, s.count[ARCH_X86_64], s.count[ARCH_I386],
		    s.count[ARCH_X32], s.arches);
		kernel_agrees(&s, denies[round % (sizeof denies / sizeof *denies)], what);
		filter_set_free(&s);
	}
}

/* The shapes the random sets rarely hit: long jumps, a size near the limit,
 * numbers at the x32 bit and past the tables. */
static void
test_shapes(void)
{
	struct filter_set s;

	filter_set_init(&s);
	for (uint32_t i = 0; i < 330; i++) {
		filter_set_add(&s, ARCH_X86_64, 2 * i);
		filter_set_add(&s, ARCH_I386, 2 * i + 1);
		filter_set_add(&s, ARCH_X32, 3 * i);
	}
	kernel_agrees(&s, SECCOMP_RET_ERRNO | 1, "330 separate calls per arch (long jumps)");
	filter_set_free(&s);

	for (uint32_t i = 0; i < 1300; i++)
		filter_set_add(&s, i % 2 ? ARCH_I386 : ARCH_X86_64, 2 * (i / 2) * 2 + i % 3);
	kernel_agrees(&s, SECCOMP_RET_KILL_PROCESS, "1300 calls, some adjacent");
	filter_set_free(&s);

	filter_set_add(&s, ARCH_X86_64, 0x3fffffff);
	filter_set_add(&s, ARCH_X32, 0);
	filter_set_add(&s, ARCH_X32, 0x3fffffff);
	filter_set_add(&s, ARCH_I386, 0xffffffff);
	kernel_agrees(&s, SECCOMP_RET_TRAP, "the edges of the 32-bit line");
	filter_set_free(&s);
}

/* The magic of args[4] of the argument cases. */
#define MAGIC4 0x4a5e1e55u

/* One call with arguments: seccomp_data.arch, .nr and args[0..3]. */
struct acase {
	uint32_t audit, nr;
	uint64_t args[4];
	long got;
};

static long
raw_syscall64_args(uint32_t nr, const uint64_t *a)
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = MAGIC4;
	long ret;

	__asm__ volatile("syscall"
	    : "=a"(ret)
	    : "a"((unsigned long)nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8)
	    : "rcx", "r11", "memory");
	return ret;
}

static long
raw_int80_args(uint32_t nr, const uint64_t *a)
{
	long ret;

	__asm__ volatile("int $0x80"
	    : "=a"(ret)
	    : "a"((unsigned long)nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]),
	      "D"((unsigned long)MAGIC4)
	    : "r8", "r9", "r10", "r11", "memory");
	return (int)ret;
}

/* The guard of the argument cases: a call without MAGIC4 in args[4] runs
 * untouched. */
static const struct sock_filter guard_args[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[4])),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MAGIC4, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

static void
acase_make(void *p)
{
	struct acase *c = p;

	c->got = c->audit == AUDIT_ARCH_I386 ? raw_int80_args(c->nr, c->args) :
	    raw_syscall64_args(c->nr, c->args);
}

/* Add the cases of rule R of NR on ARCH (x32 bit in NR): each checked
 * argument at each value and around it, the others at their first value,
 * under the arch's audit value and under the other x86 one. */
static void
add_rule_cases(struct acase **c, size_t *n, size_t *cap, enum arch arch, uint32_t nr,
	const struct filter_rule *r)
{
	const uint32_t audits[] = { arch_audit(arch), arch == ARCH_I386 ?
	    AUDIT_ARCH_X86_64 : AUDIT_ARCH_I386 };
	uint64_t around[CHECK_AROUND], base[4] = { 0 };

	for (size_t i = 0; i < r->n; i++)
		base[r->checks[i].index] = r->checks[i].values[0];
	for (size_t a = 0; a < 2; a++) {
		if (audits[a] == AUDIT_ARCH_I386 && !int80_ok)
			continue;
		for (size_t i = 0; i < r->n; i++) {
			for (size_t j = 0; j < r->checks[i].n; j++) {
				check_around(r->checks[i].values[j], r->checks[i].mask, around);
				for (size_t k = 0; k < CHECK_AROUND; k++) {
					if (*n == *cap)
						*c = xreallocarray(*c, *cap = *cap ? 2 * *cap : 1024,
						    sizeof **c);
					(*c)[*n] = (struct acase){ audits[a], nr, { 0 }, 0 };
					memcpy((*c)[*n].args, base, sizeof base);
					(*c)[(*n)++].args[r->checks[i].index] = around[k];
				}
			}
		}
	}
}

/* What the kernel gets as seccomp_data for case C. */
static struct seccomp_data
acase_data(const struct acase *c)
{
	struct seccomp_data d = { .nr = (int)c->nr, .arch = c->audit };

	for (int i = 0; i < 4; i++)
		d.args[i] = c->audit == AUDIT_ARCH_I386 ? (uint32_t)c->args[i] : c->args[i];
	d.args[4] = MAGIC4;
	return d;
}

/* Build the rules of S with DENY, make every case of every rule in the
 * kernel and the emulator, and compare both with filter_set_judge(). */
static void
kernel_agrees_args(const struct filter_set *s, uint32_t deny, const char *what)
{
	struct filter f = { 0 };
	struct acase *c = NULL;
	size_t len, n = 0, cap = 0;
	struct tally t = { 0, 0 };
	struct sock_filter *prog;
	struct rets r;

	if (!tap_is_int(filter_build(s, deny, &f), 0, what))
		return;
	prog = rewrite(&f, guard_args, sizeof guard_args / sizeof *guard_args, &r, &len);
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < s->count[a]; i++) {
			if (s->rules[a][i] != NULL)
				add_rule_cases(&c, &n, &cap, a, s->nrs[a][i] |
				    (a == ARCH_X32 ? ARCH_X32_SYSCALL_BIT : 0), s->rules[a][i]);
		}
	}
	if (tap_ok(kernel_run_with(prog, len, c, sizeof *c, n, acase_make), "%s: the kernel installs it (%zu "
	    "instructions) and the child makes %zu calls", what, len, n)) {
		for (size_t i = 0; i < n; i++) {
			struct seccomp_data d = acase_data(&c[i]);
			uint32_t want = filter_set_judge(s, &d, deny);
			size_t before = t.bad_kernel;
			uint32_t got = tally_one(&t, &f, &r, c[i].got, &d, want);
			if (t.bad_kernel > before && before < 3)
				printf("#   kernel: arch 0x%x nr 0x%x args 0x%llx 0x%llx 0x%llx: "
				    "got 0x%x, want 0x%x\n", c[i].audit, c[i].nr,
				    (unsigned long long)d.args[0], (unsigned long long)d.args[1],
				    (unsigned long long)d.args[2], got, want);
		}
		tally_report(&t, what, "rules'");
	}
	free(c);
	free(prog);
	filter_free(&f);
}

/* A random value of an argument read by R: small, a name-like constant,
 * or (for a 64-bit argument) with bits in the upper half. */
static uint64_t
random_value(const struct argrule *r, unsigned *seed)
{
	uint64_t v = (uint64_t)rand_r(seed) % 40;

	if (rand_r(seed) % 3 == 0)
		v = 0x5400 + (uint64_t)rand_r(seed) % 0x60;
	if (!r->is_int && rand_r(seed) % 3 == 0)
		v |= (uint64_t)(rand_r(seed) % 4) << 32 | (rand_r(seed) % 2 ? 1ULL << 63 : 0);
	if (rand_r(seed) % 5 == 0)
		v = (uint64_t)(int64_t)-(rand_r(seed) % 3 + 1);
	return v;
}

/* Profiles with random values of every rule of the table, on every arch
 * that has the call, built into sets with argument checks. */
static void
test_args(void)
{
	unsigned seed = 10;

	for (int round = 0; round < 8; round++) {
		struct profile p;
		struct filter_set s;
		char what[80];
		profile_init(&p);
		for (size_t i = 0; i < argtable_count(); i++) {
			const struct argrule *r = argtable_get(i);
			for (unsigned a = 0; a < ARCH_COUNT; a++) {
				int nr = syscalls_number(a, r->call);
				struct profile_call *call;
				if (nr < 0 || argtable_rule(a, (uint32_t)nr, r->index) != r)
					continue;
				call = profile_get(&p, a, (uint32_t)nr);
				call->count = 1;
				for (int k = 1 + rand_r(&seed) % (round < 4 ? 4 : 20); k > 0; k--)
					profile_arg_add(profile_call_arg(call, r->index),
					    argtable_read(r, a, random_value(r, &seed)), 1);
			}
		}
		filter_set_init(&s);
		filter_set_from_profile(&s, &p, ARCH_MASK_ALL, FILTER_ARGS);
		snprintf(what, sizeof what, "argument checks, round %d", round);
		kernel_agrees_args(&s, round % 2 ? SECCOMP_RET_KILL_PROCESS :
		    SECCOMP_RET_ERRNO | 1, what);
		filter_set_free(&s);
		profile_free(&p);
	}
}

int
main(void)
{
	char *why = tap_cannot("int80");

	int80_ok = why == NULL;
	if (why != NULL)
		tap_skip("i386 calls in the kernel (the emulator still checks them)", why);
	free(why);
	test_random();
	test_shapes();
	test_args();
	return tap_done();
}
