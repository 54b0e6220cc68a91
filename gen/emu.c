#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gen/bpf.h"
#include "gen/emu.h"

static int
emu_fault(char *why, size_t size, size_t pc, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, size, "instruction %zu: ", pc);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < size)
		vsnprintf(why + n, size - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Whether seccomp takes CODE at all (kernel/seccomp.c seccomp_check_filter). */
static bool
emu_code_allowed(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

static bool
emu_is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* The per-instruction checks of bpf_check_classic and seccomp_check_filter. */
static int
emu_check_insn(const struct sock_filter *prog, size_t len, size_t pc, char *why,
	size_t size)
{
	const struct sock_filter *f = &prog[pc];

	if (!emu_code_allowed(f->code))
		return emu_fault(why, size, pc, "opcode 0x%04x is not allowed in a "
		    "seccomp filter", f->code);
	if (emu_is_cond_jump(f->code) &&
	    (pc + f->jt + 1 >= len || pc + f->jf + 1 >= len))
		return emu_fault(why, size, pc, "conditional jump (+%u, +%u) past "
		    "the end", f->jt, f->jf);
	switch (f->code) {
	case BPF_ALU | BPF_DIV | BPF_K:
		return f->k == 0 ? emu_fault(why, size, pc, "division by 0") : 0;
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_K:
		return f->k >= 32 ? emu_fault(why, size, pc, "shift by %u", f->k) : 0;
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM: case BPF_ST: case BPF_STX:
		return f->k >= BPF_MEMWORDS ? emu_fault(why, size, pc,
		    "scratch cell %u of %d", f->k, BPF_MEMWORDS) : 0;
	case BPF_JMP | BPF_JA:
		return f->k >= len - pc - 1 ? emu_fault(why, size, pc,
		    "jump +%u past the end", f->k) : 0;
	case BPF_LD | BPF_W | BPF_ABS:
		return f->k >= sizeof(struct seccomp_data) || (f->k & 3) ?
		    emu_fault(why, size, pc, "load at offset %u: not an aligned "
		    "word of seccomp_data", f->k) : 0;
	}
	return 0;
}

/* The kernel's check_load_and_stores: no scratch cell read before written. */
static int
emu_check_memory(const struct sock_filter *prog, size_t len, char *why, size_t size)
{
	uint16_t valid = 0, masks[BPF_MAXINSNS];

	memset(masks, 0xff, len * sizeof *masks);
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		valid &= masks[pc];
		if (f->code == BPF_ST || f->code == BPF_STX)
			valid |= (uint16_t)(1u << f->k);
		else if ((f->code == (BPF_LD | BPF_MEM) ||
		    f->code == (BPF_LDX | BPF_MEM)) && !(valid & (1u << f->k)))
			return emu_fault(why, size, pc, "scratch cell %u read before "
			    "it is written", f->k);
		else if (f->code == (BPF_JMP | BPF_JA)) {
			masks[pc + 1 + f->k] &= valid;
			valid = 0xffff;
		} else if (emu_is_cond_jump(f->code)) {
			masks[pc + 1 + f->jt] &= valid;
			masks[pc + 1 + f->jf] &= valid;
			valid = 0xffff;
		}
	}
	return 0;
}

int
emu_check(const struct sock_filter *prog, size_t len, char *why, size_t size)
{
	int rc;

	if (len == 0 || len > BPF_MAXINSNS) {
		snprintf(why, size, "%zu instructions: %s", len,
		    len == 0 ? "a filter has one at least" : BPF_TOO_LONG);
		return -EINVAL;
	}
	for (size_t pc = 0; pc < len; pc++) {
		if ((rc = emu_check_insn(prog, len, pc, why, size)) != 0)
			return rc;
	}
	if (BPF_CLASS(prog[len - 1].code) != BPF_RET)
		return emu_fault(why, size, len - 1, "the last instruction does not "
		    "return");
	return emu_check_memory(prog, len, why, size);
}

static uint32_t
emu_alu(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_ADD: return a + v;
	case BPF_SUB: return a - v;
	case BPF_MUL: return a * v;
	case BPF_DIV: return a / v;
	case BPF_AND: return a & v;
	case BPF_OR: return a | v;
	case BPF_XOR: return a ^ v;
	case BPF_LSH: return a << (v & 31);
	case BPF_RSH: return a >> (v & 31);
	}
	return -a; /* BPF_NEG */
}

static bool
emu_cond(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_JEQ: return a == v;
	case BPF_JGE: return a >= v;
	case BPF_JGT: return a > v;
	}
	return (a & v) != 0; /* BPF_JSET */
}

uint32_t
emu_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		uint32_t src = BPF_SRC(f->code) == BPF_X ? x : f->k;
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			if (BPF_MODE(f->code) == BPF_ABS)
				memcpy(&a, (const char *)data + f->k, sizeof a);
			else if (BPF_MODE(f->code) == BPF_MEM)
				a = mem[f->k];
			else
				a = BPF_MODE(f->code) == BPF_LEN ?
				    (uint32_t)sizeof *data : f->k;
			break;
		case BPF_LDX:
			if (BPF_MODE(f->code) == BPF_MEM)
				x = mem[f->k];
			else
				x = BPF_MODE(f->code) == BPF_LEN ?
				    (uint32_t)sizeof *data : f->k;
			break;
		case BPF_ST: mem[f->k] = a; break;
		case BPF_STX: mem[f->k] = x; break;
		case BPF_ALU:
			/* NOTE: a division by X == 0 ends the filter with 0 (kernel cBPF). */
			if (BPF_OP(f->code) == BPF_DIV && src == 0)
				return 0;
			a = emu_alu(BPF_OP(f->code), a, src);
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA)
				pc += f->k;
			else
				pc += emu_cond(BPF_OP(f->code), a, src) ? f->jt : f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : f->k;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	return 0; /* unreachable for a checked program: the last one returns */
}
