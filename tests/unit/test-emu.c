/* Unit tests of gen/emu: the kernel's checks, compared with the real kernel's
 * verdict on each program, and the interpreter on every kind of instruction. */
#include <errno.h>
#include <linux/audit.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gen/emu.h"
#include "tests/unit/tap.h"

#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET_ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* Whether the running kernel installs PROG: tried in a child, which then dies. */
static int
kernel_accepts(const struct sock_filter *prog, size_t len)
{
	struct sock_fprog fprog = { (unsigned short)len, (struct sock_filter *)prog };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0)
			_exit(errno == EINVAL ? 1 : 2);
		_exit(0); /* may be killed by the filter itself: accepted too */
	}
	waitpid(pid, &status, 0);
	return !(WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

static const struct {
	const char *what;
	struct sock_filter prog[4];
	size_t len;
} bad[] = {
	{ "no instruction", { RET_ALLOW }, 0 },
	{ "half-word load (not in seccomp)",
	  { BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_ALLOW }, 2 },
	{ "unknown opcode", { BPF_STMT(0xffff, 0), RET_ALLOW }, 2 },
	{ "modulo (not in seccomp)", { BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET_ALLOW }, 2 },
	{ "load past seccomp_data", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), RET_ALLOW }, 2 },
	{ "misaligned load", { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), RET_ALLOW }, 2 },
	{ "conditional jump past the end",
	  { LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), RET_ALLOW }, 3 },
	{ "jump always past the end", { BPF_STMT(BPF_JMP | BPF_JA, 1), RET_ALLOW }, 2 },
	{ "no final return", { RET_ALLOW, LD_NR }, 2 },
	{ "division by constant 0", { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET_ALLOW }, 2 },
	{ "shift by 32", { BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), RET_ALLOW }, 2 },
	{ "scratch cell 16", { BPF_STMT(BPF_ST, 16), RET_ALLOW }, 2 },
	{ "scratch cell read before written",
	  { BPF_STMT(BPF_LD | BPF_MEM, 3), RET_ALLOW }, 2 },
	{ "scratch cell written on one path only",
	  { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), BPF_STMT(BPF_ST, 1),
	    BPF_STMT(BPF_LDX | BPF_MEM, 1), RET_ALLOW }, 4 },
};

static void
test_rejects(void)
{
	char why[128];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		tap_ok(emu_check(bad[i].prog, bad[i].len, why, sizeof why) == -EINVAL,
		    "rejected: %s (%s)", bad[i].what, why);
		tap_ok(!kernel_accepts(bad[i].prog, bad[i].len),
		    "the kernel rejects it too: %s", bad[i].what);
	}
}

/* A program with every kind of instruction the subset has. */
static const struct sock_filter every[] = {
	LD_NR,                                            /* A = nr */
	BPF_STMT(BPF_ST, 0),                              /* M[0] = nr */
	BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),           /* X = 64 */
	BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),           /* A = nr + 64 */
	BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 3),
	BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 2),
	BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 2),           /* A = (3 nr + 190) / 2 */
	BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 4),
	BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 2),
	BPF_STMT(BPF_ALU | BPF_XOR | BPF_K, 1),
	BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 0x100000),
	BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffff),     /* drops the OR again */
	BPF_STMT(BPF_MISC | BPF_TAX, 0),
	BPF_STMT(BPF_LD | BPF_MEM, 0),                    /* A = nr */
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x40000000, 3, 0),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 9, 0, 1),
	BPF_STMT(BPF_MISC | BPF_TXA, 0),                  /* nr > 9: the arithmetic */
	BPF_STMT(BPF_RET | BPF_A, 0),
	BPF_STMT(BPF_ALU | BPF_NEG, 0),
	BPF_STMT(BPF_RET | BPF_A, 0),                     /* x32 bit: -nr */
};

static uint32_t
run(const struct sock_filter *prog, size_t len, uint32_t nr)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = AUDIT_ARCH_X86_64 };
	return emu_run(prog, len, &d);
}

static void
test_run(void)
{
	size_t n = sizeof every / sizeof *every;
	char why[128] = "";
	static const struct sock_filter divx[] = {
		BPF_STMT(BPF_LDX | BPF_IMM, 0), LD_NR,
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0), RET_ALLOW,
	};

	tap_ok(emu_check(every, n, why, sizeof why) == 0, "every kind accepted %s", why);
	tap_ok(kernel_accepts(every, n), "and the kernel accepts it");
	tap_is_int(run(every, n, 5), 5, "nr 5: taken as is");
	tap_is_int(run(every, n, 10), ((((3 * 74 - 2) / 2) << 4) >> 2) ^ 1, "nr 10: arithmetic");
	tap_is_int(run(every, n, 0x40000007), (uint32_t)-0x40000007, "x32 bit: negated");
	tap_is_int(run(divx, 4, 1), 0, "division by X == 0 returns 0, as in the kernel");
}

int
main(void)
{
	test_rejects();
	test_run();
	return tap_done();
}
