/* Unit tests of gen/ownfilter: a program's own filter rewritten so that the
 * calls it answers stop, answered at the instruction pointer resolve gives
 * as the program would, stacked filters ranked as the kernel ranks them,
 * programs that cannot be rewritten left as they are, and the notes. */
#include <errno.h>
#include <linux/audit.h>
#include <stddef.h>
#include <string.h>

#include "gen/emu.h"
#include "gen/ownfilter.h"
#include "tests/unit/tap.h"

#define ERRNO77 (SECCOMP_RET_ERRNO | 77)
#define TRAP42 (SECCOMP_RET_TRAP | 42)

/* "nr == A ? RA : nr == B ? RB : allow", in PROG. */
static size_t
two_calls(struct sock_filter *prog, uint32_t a, uint32_t ra, uint32_t b, uint32_t rb)
{
	const struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, a, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, b, 2, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, ra),
		BPF_STMT(BPF_RET | BPF_K, rb),
	};

	memcpy(prog, p, sizeof p);
	return sizeof p / sizeof *p;
}

static struct seccomp_data
call(int nr, uint64_t ip)
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64,
	    .instruction_pointer = ip };
	return d;
}

static void
test_rewrite(void)
{
	struct ownfilter *o = ownfilter_new();
	struct sock_filter prog[8];
	size_t len = two_calls(prog, 39, ERRNO77, 110, TRAP42);
	struct filter out;
	struct seccomp_data d = call(39, 0x401000);
	char why[128] = "";
	uint32_t ret;
	uint64_t ip;
	int n = ownfilter_rewrite(o, prog, len, -1, &out);

	tap_is_int(n, 0, "the first filter is number 0");
	tap_ok(emu_check(out.insns, out.len, why, sizeof why) == 0,
	    "the rewrite passes the kernel's checks %s", why);
	tap_is_int(emu_run(out.insns, out.len, &d), SECCOMP_RET_TRACE | 1,
	    "a call it answers stops, with its number + 1");
	d = call(1, 0x401000);
	tap_is_int(emu_run(out.insns, out.len, &d), SECCOMP_RET_ALLOW,
	    "a call it allows is allowed");
	d = call(110, 0x401000);
	ip = ownfilter_resolve(o, n, &d, &ret);
	tap_is_int(ret, TRAP42, "resolve: the program's answer");
	tap_ok(ip >= OWNFILTER_IP_BASE && ip < OWNFILTER_IP_END,
	    "an instruction pointer where no code runs: 0x%llx", (unsigned long long)ip);
	d.instruction_pointer = ip;
	tap_is_int(emu_run(out.insns, out.len, &d), TRAP42,
	    "there, the rewrite answers as the program did");
	filter_free(&out);
	tap_is_int(ownfilter_rewrite(o, prog, len, -1, &out), 0,
	    "the same program on the same filters: the same number");
	filter_free(&out);
	ownfilter_free(o);
}

/* As the kernel: the lowest action of the chain, a tie kept by the newer. */
static void
test_stacked(void)
{
	struct ownfilter *o = ownfilter_new();
	struct sock_filter older[8], newer[8];
	size_t lo = two_calls(older, 39, SECCOMP_RET_KILL_PROCESS, 110, ERRNO77);
	size_t ln = two_calls(newer, 39, ERRNO77, 110, SECCOMP_RET_ERRNO | 5);
	struct filter a, b;
	struct seccomp_data d = call(39, 0x401000);
	int na = ownfilter_rewrite(o, older, lo, -1, &a);
	int nb = ownfilter_rewrite(o, newer, ln, na, &b);
	uint32_t ret;

	ownfilter_resolve(o, nb, &d, &ret);
	tap_is_int(ret, SECCOMP_RET_KILL_PROCESS, "the older filter's kill outranks the "
	    "newer's errno");
	d = call(110, 0x401000);
	ownfilter_resolve(o, nb, &d, &ret);
	tap_is_int(ret, SECCOMP_RET_ERRNO | 5, "of two errnos, the newer filter's");
	ownfilter_resolve(o, na, &d, &ret);
	tap_is_int(ret, ERRNO77, "from the older filter down, its own");
	filter_free(&a);
	filter_free(&b);
	ownfilter_free(o);
}

static void
test_left_as_is(void)
{
	struct ownfilter *o = ownfilter_new();
	struct sock_filter prog[8];
	size_t len = two_calls(prog, 39, ERRNO77, 110, TRAP42);
	struct filter out;
	char text[64];

	prog[len - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_A, 0);
	tap_is_int(ownfilter_rewrite(o, prog, len, -1, &out), -ENOTSUP,
	    "a computed return: left as it is");
	tap_ok(ownfilter_outranks(prog, len, SECCOMP_RET_TRACE, text, sizeof text) &&
	    strcmp(text, "errno:77,a computed value") == 0, "its actions: %s", text);
	len = two_calls(prog, 39, ERRNO77, 110, TRAP42);
	prog[3] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0);
	tap_is_int(ownfilter_rewrite(o, prog, len, -1, &out), -ENOTSUP,
	    "a division by X (0 ends the program with kill-thread): left as it is");
	prog[len - 1] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0);
	tap_is_int(ownfilter_rewrite(o, prog, len, -1, &out), -EINVAL,
	    "a program the kernel refuses: left as it is");
	len = two_calls(prog, 39, SECCOMP_RET_LOG, 110, SECCOMP_RET_ALLOW);
	tap_ok(!ownfilter_outranks(prog, len, SECCOMP_RET_TRACE, text, sizeof text),
	    "one that only allows and logs outranks nothing");
	len = two_calls(prog, 39, SECCOMP_RET_USER_NOTIF, 110, ERRNO77);
	tap_ok(ownfilter_outranks(prog, len, SECCOMP_RET_USER_NOTIF, text, sizeof text) &&
	    strcmp(text, "errno:77") == 0, "under notify, user-notif does not outrank");
	ownfilter_free(o);
}

static void
test_notes(void)
{
	struct ownfilter *o = ownfilter_new();
	const struct profile_run *notes;

	ownfilter_note(o, "/bin/app", "errno:77", false);
	ownfilter_note(o, "/bin/app", "errno:77", false);
	ownfilter_note(o, NULL, "trap", true);
	notes = ownfilter_notes(o);
	tap_is_int((long long)notes->nown, 2, "a filter noted twice is one note");
	tap_ok(notes->nown == 2 && notes->own[1].exe == NULL && notes->own[1].hidden,
	    "an unknown executable, calls hidden");
	ownfilter_free(o);
}

int
main(void)
{
	test_rewrite();
	test_stacked();
	test_left_as_is();
	test_notes();
	return tap_done();
}
