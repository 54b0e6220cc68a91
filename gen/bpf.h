/* A classic-BPF program builder that emits back to front, so that every jump
 * target already exists when the jump is written and far targets can be
 * reached through BPF_JA without a second pass. */
#ifndef SANDCAST_GEN_BPF_H
#define SANDCAST_GEN_BPF_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#define BPF_STRING_(x) #x
#define BPF_STRING(x) BPF_STRING_(x)

/* How every message says that a program is longer than the kernel takes
 * (linux/bpf_common.h's BPF_MAXINSNS). */
#define BPF_TOO_LONG "more than the kernel's limit of " BPF_STRING(BPF_MAXINSNS) \
	" instructions (BPF_MAXINSNS)"

/* The farthest a conditional jump reaches: jt and jf are 8 bits. */
#define BPF_JUMP_MAX 255

/* A program under construction; a label is the position of an instruction
 * counted from the end (0 is the last one), stable while more is prepended. */
struct bpf_prog {
	struct sock_filter *insns; /* insns[0] is the last instruction */
	size_t len, cap;
};

/* Make P an empty program. */
void bpf_init(struct bpf_prog *p);

/* Prepend "return K", or reuse an identical return within reach; return its label. */
uint32_t bpf_ret(struct bpf_prog *p, uint32_t k);

/* Prepend "A = the 32-bit word at OFFSET of seccomp_data" before NEXT; return its label. */
uint32_t bpf_load(struct bpf_prog *p, uint32_t offset, uint32_t next);

/* Prepend "A &= K" before NEXT; return its label. */
uint32_t bpf_and(struct bpf_prog *p, uint32_t k, uint32_t next);

/* Prepend "if (A OP K) goto JT; else goto JF" (OP one of BPF_JEQ, BPF_JGE,
 * BPF_JGT, BPF_JSET), reaching far labels through BPF_JA; return its label. */
uint32_t bpf_jump(struct bpf_prog *p, uint16_t op, uint32_t k, uint32_t jt, uint32_t jf);

/* Hand the program, entered at label ENTRY (the one prepended last), over as
 * a front-to-back array in *OUT (free() it) of *LEN instructions; -E2BIG when
 * it is longer than BPF_MAXINSNS. P is left empty either way. */
int bpf_finish(struct bpf_prog *p, uint32_t entry, struct sock_filter **out, size_t *len);

#endif
