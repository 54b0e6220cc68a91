/* Unit tests of gen/learn: the calls the handler runs its own way, and the
 * learn program through the emulator, its trampoline written in as the
 * installer of the C output does: what it traps and with which data, what
 * it lets through, which fields a call allowed outright reads (the
 * kernel's cache needs arch and nr only), and the BPF_MAXINSNS limit. */
#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/syscalls.h"
#include "gen/emu.h"
#include "gen/learn.h"
#include "tests/unit/tap.h"

#define X64 AUDIT_ARCH_X86_64
#define X86 AUDIT_ARCH_I386
#define BIT30(nr) ((nr) | 0x40000000u)
#define A SECCOMP_RET_ALLOW
#define LOG (SECCOMP_RET_TRAP | LEARN_DATA_LOG)
#define RUN (SECCOMP_RET_TRAP | LEARN_DATA_RUN)
#define E FILTER_RET_FALLBACK

/* Where the tests put the trampoline: its high half, start and end. */
#define HIGH 0x7f12u
#define START 0x34567800u
#define END (START + 0x90)

static void
test_calls(void)
{
	size_t n, found = 0;
	struct learn_call *calls = learn_calls(&n);
	static const struct learn_call want[] = {
		{ ARCH_X86_64, 14, LEARN_MASK, LEARN_ARG1_SET, 8 },
		{ ARCH_X86_64, 58, LEARN_VFORK, LEARN_NEVER, 56 },
		{ ARCH_I386, 126, LEARN_MASK, LEARN_ARG1_SET, 4 },
		{ ARCH_I386, 48, LEARN_SIGNAL, LEARN_ARG0_SIGSYS, 0 },
		{ ARCH_I386, 119, LEARN_SIGRETURN, LEARN_NEVER, 0 },
		{ ARCH_X32, BIT30(512), LEARN_ACTION, LEARN_ARG1_SET, 0 },
		{ ARCH_X32, BIT30(58), LEARN_VFORK, LEARN_NEVER, BIT30(56) },
		{ ARCH_X32, BIT30(435), LEARN_CLONE3, LEARN_NEVER, 0 },
	};

	for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
		for (size_t i = 0; i < n; i++)
			found += memcmp(&calls[i], &want[w], sizeof want[w]) == 0;
	}
	tap_is_int((long long)found, sizeof want / sizeof *want,
	    "learn_calls: the rows of each arch, x32 numbers with the bit");
	tap_is_int((long long)n, 6 + 10 + 6, "learn_calls: 6 x86_64, 10 i386, 6 x32 rows");
	tap_is_str(learn_kind_name(LEARN_SIGRETURN), "SIGRETURN", "learn_kind_name");
	free(calls);
}

/* Write the trampoline in as the installer does: the jump after a load of
 * the high half gets HIGH, the two after a load of the low half END and START. */
static void
patch(struct filter *f)
{
	for (size_t i = 0; i + 2 < f->len; i++) {
		if (f->insns[i].code != (BPF_LD | BPF_W | BPF_ABS))
			continue;
		if (f->insns[i].k == LEARN_IP_HIGH)
			f->insns[i + 1].k = HIGH;
		if (f->insns[i].k == LEARN_IP_LOW) {
			f->insns[i + 1].k = END;
			f->insns[i + 2].k = START;
		}
	}
}

/* The learn program of the allow-list of S (freed); 0, or -errno; *MAIN_LEN
 * gets the size of the allow-list alone. */
static int
learn_of_set(struct filter_set *s, struct filter *learn, size_t *main_len)
{
	struct filter f;
	int rc = filter_build(s, SECCOMP_RET_KILL_PROCESS, &f);

	*main_len = f.len;
	if (rc == 0)
		rc = learn_filter(&f, learn);
	filter_free(&f);
	filter_set_free(s);
	return rc;
}

/* The learn program of the allow-list of SET ("x86_64:0,14,60! i386:4", a
 * "!" giving the number ENOSYS); 0, or -errno. */
static int
learn_of(const char *set, struct filter *learn)
{
	struct filter_set s;
	char *copy = strdup(set), *save = NULL;
	size_t len;

	filter_set_init(&s);
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		enum arch arch;
		char *colon = strchr(tok, ':'), *nsave = NULL;
		*colon = '\0';
		if (arch_from_name(tok, &arch) != 0)
			abort();
		s.arches |= 1u << arch;
		for (char *r = strtok_r(colon + 1, ",", &nsave); r; r = strtok_r(NULL, ",", &nsave)) {
			uint32_t nr = (uint32_t)strtoul(r, &r, 0);
			filter_set_put(&s, arch, nr, *r == '!' ? E : A);
		}
	}
	free(copy);
	return learn_of_set(&s, learn, &len);
}

/* One call: arch, nr, args[0], args[1], the instruction pointer, and
 * what the learn program must return. */
static const struct {
	uint32_t audit, nr;
	uint64_t a0, a1, ip;
	uint32_t want;
	const char *what;
} cases[] = {
	{ X64, 0, 0, 0, 0x401000, A, "allowed" },
	{ X64, 1, 0, 0, 0x401000, LOG, "refused: logged" },
	{ X64, 1, 0, 0, (uint64_t)HIGH << 32 | (START + 0x10), A, "refused, from the trampoline" },
	{ X64, 1, 0, 0, (uint64_t)HIGH << 32 | END, LOG, "refused, just past the trampoline" },
	{ X64, 1, 0, 0, (uint64_t)HIGH << 32 | (START - 1), LOG, "refused, just before it" },
	{ X64, 1, 0, 0, (uint64_t)(HIGH + 1) << 32 | (START + 0x10), LOG,
	  "refused, the trampoline's low half under another high half" },
	{ X64, 14, 0, 0, 0x401000, A, "rt_sigprocmask(, NULL): allowed" },
	{ X64, 14, 0, 0x7ffd0000, 0x401000, RUN, "rt_sigprocmask(, set): the handler's way" },
	{ X64, 14, 0, 1ull << 32, 0x401000, RUN, "rt_sigprocmask(, set above 4 GiB): too" },
	{ X64, 14, 0, 0x7ffd0000, (uint64_t)HIGH << 32 | START, A,
	  "rt_sigprocmask(, set) from the trampoline: allowed" },
	{ X64, 13, SIGSYS, 0x7ffd0000, 0x401000, LOG, "rt_sigaction, not allowed: logged" },
	{ X64, 60, 0, 0, 0x401000, E, "the ENOSYS of --errno-fallback stays" },
	{ X64, BIT30(14), 0, 0x1000, 0x401000, RUN, "x32 rt_sigprocmask(, set)" },
	{ X64, BIT30(1), 0, 0, 0x401000, LOG, "x32 refused" },
	{ X86, 48, SIGSYS, 0, 0x8049000, RUN, "i386 signal(SIGSYS): the handler's way" },
	{ X86, 48, SIGUSR1, 0x8049100, 0x8049000, A, "i386 signal(SIGUSR1): allowed" },
	{ X86, 175, 0, 0, 0x8049000, LOG, "i386 rt_sigprocmask, not allowed: logged" },
	{ X86, 4, 0, 0, 0x8049000, A, "i386 allowed" },
	{ AUDIT_ARCH_AARCH64, 0, 0, 0, 0x401000, LOG, "an arch the filter kills: logged" },
};

/* The words of seccomp_data that F reads for D, a bit each. */
static uint32_t
fields_read(const struct filter *f, const struct seccomp_data *d)
{
	uint32_t read = 0, acc = 0;
	const uint32_t *words = (const uint32_t *)d;

	for (size_t pc = 0; pc < f->len; pc++) {
		const struct sock_filter *i = &f->insns[pc];
		if (i->code == (BPF_LD | BPF_W | BPF_ABS)) {
			read |= 1u << (i->k / 4);
			acc = words[i->k / 4];
		} else if (i->code == (BPF_JMP | BPF_JA)) {
			pc += i->k;
		} else if (BPF_CLASS(i->code) == BPF_JMP) {
			int t = BPF_OP(i->code) == BPF_JEQ ? acc == i->k : acc >= i->k;
			pc += t ? i->jt : i->jf;
		} else {
			break;
		}
	}
	return read;
}

static void
test_program(void)
{
	const char *set = "x86_64:0,14,48,60! x32:0,14 i386:4,48";
	struct filter f;
	char why[128];

	if (!tap_is_int(learn_of(set, &f), 0, "learn_filter builds"))
		return;
	tap_ok(emu_check(f.insns, f.len, why, sizeof why) == 0, "the kernel's checks pass: %s",
	    why);
	patch(&f);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct seccomp_data d = { .nr = (int)cases[i].nr, .arch = cases[i].audit,
		    .instruction_pointer = cases[i].ip, .args = { cases[i].a0, cases[i].a1 } };
		uint32_t got = emu_run(f.insns, f.len, &d);
		if (!tap_ok(got == cases[i].want, "%s", cases[i].what))
			printf("#   got 0x%x, want 0x%x\n", got, cases[i].want);
	}
	/* Words of seccomp_data: 0 nr, 1 arch, 2-3 instruction_pointer, 4.. args. */
	static const struct { uint32_t nr, words; const char *what; } reads[] = {
		{ 0, 1u << 0 | 1u << 1, "allowed outright: arch and nr only, as the kernel's "
		  "cache of always allowed numbers needs" },
		{ 48, 1u << 0 | 1u << 1, "allowed outright, a number i386's signal has: "
		  "arch and nr only" },
		{ 14, 1u << 0 | 1u << 1 | 1u << 6 | 1u << 7, "rt_sigprocmask: args[1] too" },
		{ 1, 1u << 0 | 1u << 1 | 1u << 3, "refused: the instruction pointer too" },
	};
	for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) {
		struct seccomp_data d = { .nr = (int)reads[i].nr, .arch = X64 };
		tap_is_int(fields_read(&f, &d), reads[i].words, reads[i].what);
	}
	filter_free(&f);
}

/* The learn program of N isolated x86_64 numbers (0, 2, 4...). */
static int
learn_of_isolated(unsigned n, struct filter *learn, size_t *main_len)
{
	struct filter_set s;

	filter_set_init(&s);
	for (unsigned i = 0; i < n; i++)
		filter_set_add(&s, ARCH_X86_64, 2 * i);
	return learn_of_set(&s, learn, main_len);
}

static void
test_limit(void)
{
	struct filter f = { NULL, 0 };
	size_t main_len = 0;
	unsigned n = 1000;
	int rc;

	/* The most numbers whose allow-list fits, and then one more each time. */
	while ((rc = learn_of_isolated(n, &f, &main_len)) == 0) {
		filter_free(&f);
		n++;
	}
	tap_ok(rc == -E2BIG && main_len <= BPF_MAXINSNS, "an allow-list of %zu instructions "
	    "leaves no room for the learn checks: -E2BIG (got %d)", main_len, rc);
	tap_ok(f.insns == NULL && f.len > BPF_MAXINSNS, "and the size it would have (%zu)",
	    f.len);
}

int
main(void)
{
	test_calls();
	test_program();
	test_limit();
	return tap_done();
}
