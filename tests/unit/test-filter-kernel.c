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
 * first two arguments carry a magic pair, so the child can still report. */
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

#include "core/syscalls.h"
#include "core/xmalloc.h"
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

/* F with a guard in front and every return K rewritten to
 * SECCOMP_RET_ERRNO | (ERRNO_BASE + its index in R). */
static struct sock_filter *
rewrite(const struct filter *f, struct rets *r, size_t *len)
{
	const struct sock_filter guard[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MAGIC0, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MAGIC1, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	size_t g = sizeof guard / sizeof *guard;
	struct sock_filter *v = xcalloc(f->len + g, sizeof *v);

	memcpy(v, guard, sizeof guard);
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

/* Install PROG in a child, make the N calls of C there (results in shared
 * memory); return whether the child got that far. */
static bool
kernel_run(const struct sock_filter *prog, size_t len, struct kcase *c, size_t n)
{
	struct sock_fprog fprog = { (unsigned short)len, (struct sock_filter *)prog };
	struct kcase *shared = mmap(NULL, n * sizeof *c, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status = -1;
	pid_t pid;

	if (shared == MAP_FAILED)
		return false;
	memcpy(shared, c, n * sizeof *c);
	if ((pid = fork()) == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
			_exit(2);
		for (size_t i = 0; i < n; i++) {
			shared[i].got = shared[i].audit == AUDIT_ARCH_I386 ?
			    raw_int80(shared[i].nr) : raw_syscall64(shared[i].nr);
		}
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	memcpy(c, shared, n * sizeof *c);
	munmap(shared, n * sizeof *c);
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
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
	size_t len, n, bad_kernel = 0, bad_emu = 0;
	struct sock_filter *prog;
	struct kcase *c;

	if (!tap_is_int(filter_build(s, deny, &f), 0, what))
		return;
	prog = rewrite(&f, &r, &len);
	c = all_cases(s, &n);
	if (tap_ok(kernel_run(prog, len, c, n), "%s: the kernel installs it (%zu "
	    "instructions) and the child makes %zu calls", what, len, n)) {
		for (size_t i = 0; i < n; i++) {
			struct seccomp_data d = { .nr = (int)c[i].nr, .arch = c[i].audit };
			uint32_t want = expect(s, deny, c[i].audit, c[i].nr);
			long k = -c[i].got - ERRNO_BASE;
			uint32_t got = k >= 0 && (size_t)k < r.n ? r.k[k] : 0xdeadbeef;
			if (got != want && bad_kernel++ < 3)
				printf("#   kernel: arch 0x%x nr 0x%x: got 0x%x (ret %ld), "
				    "want 0x%x\n", c[i].audit, c[i].nr, got, c[i].got, want);
			bad_emu += emu_run(f.insns, f.len, &d) != want;
		}
		tap_ok(bad_kernel == 0, "%s: the kernel's verdicts are the set's "
		    "(%zu wrong)", what, bad_kernel);
		tap_ok(bad_emu == 0, "%s: and the emulator's (%zu wrong)", what, bad_emu);
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
	return tap_done();
}
