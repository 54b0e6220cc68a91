#include <errno.h>
#include <stdlib.h>

#include "core/xmalloc.h"
#include "gen/bpf.h"

void
bpf_init(struct bpf_prog *p)
{
	p->insns = NULL;
	p->len = p->cap = 0;
}

/* Free what P holds. */
static void
bpf_free(struct bpf_prog *p)
{
	free(p->insns);
	bpf_init(p);
}

static uint32_t
bpf_prepend(struct bpf_prog *p, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (p->len == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->insns = xreallocarray(p->insns, p->cap, sizeof *p->insns);
	}
	p->insns[p->len] = (struct sock_filter){ code, jt, jf, k };
	return (uint32_t)p->len++;
}

/* The offset a jump prepended after SKIP more instructions would need to reach LABEL. */
static size_t
bpf_distance(const struct bpf_prog *p, uint32_t label, size_t skip)
{
	return p->len + skip - label - 1;
}

/* Return a label from which LABEL is reached, for a jump that will be
 * prepended after SKIP more instructions: LABEL itself when near, else a copy
 * of it (a return) or a BPF_JA to it, prepended now. */
static uint32_t
bpf_reach(struct bpf_prog *p, uint32_t label, size_t skip)
{
	const struct sock_filter *t = &p->insns[label];

	if (bpf_distance(p, label, skip) <= BPF_JUMP_MAX)
		return label;
	if (t->code == (BPF_RET | BPF_K))
		return bpf_prepend(p, t->code, 0, 0, t->k);
	return bpf_prepend(p, BPF_JMP | BPF_JA, 0, 0,
	    (uint32_t)bpf_distance(p, label, 0));
}

uint32_t
bpf_ret(struct bpf_prog *p, uint32_t k)
{
	for (size_t i = p->len; i > 0 && bpf_distance(p, i - 1, 1) <= BPF_JUMP_MAX; i--) {
		if (p->insns[i - 1].code == (BPF_RET | BPF_K) && p->insns[i - 1].k == k)
			return (uint32_t)(i - 1);
	}
	return bpf_prepend(p, BPF_RET | BPF_K, 0, 0, k);
}

/* Prepend the statement CODE K, which goes on to NEXT. */
static uint32_t
bpf_stmt(struct bpf_prog *p, uint16_t code, uint32_t k, uint32_t next)
{
	if (next + 1 != p->len)
		bpf_prepend(p, BPF_JMP | BPF_JA, 0, 0, (uint32_t)bpf_distance(p, next, 0));
	return bpf_prepend(p, code, 0, 0, k);
}

uint32_t
bpf_load(struct bpf_prog *p, uint32_t offset, uint32_t next)
{
	return bpf_stmt(p, BPF_LD | BPF_W | BPF_ABS, offset, next);
}

uint32_t
bpf_and(struct bpf_prog *p, uint32_t k, uint32_t next)
{
	return bpf_stmt(p, BPF_ALU | BPF_AND | BPF_K, k, next);
}

uint32_t
bpf_jump(struct bpf_prog *p, uint16_t op, uint32_t k, uint32_t jt, uint32_t jf)
{
	/* The false target first: the true one's trampoline may come between. */
	jf = bpf_reach(p, jf, 1);
	jt = bpf_reach(p, jt, 0);
	return bpf_prepend(p, BPF_JMP | op | BPF_K, (uint8_t)bpf_distance(p, jt, 0),
	    (uint8_t)bpf_distance(p, jf, 0), k);
}

int
bpf_finish(struct bpf_prog *p, uint32_t entry, struct sock_filter **out, size_t *len)
{
	size_t n = p->len;

	*out = NULL;
	*len = n;
	if (entry + 1 != n || n > BPF_MAXINSNS) {
		bpf_free(p);
		return n > BPF_MAXINSNS ? -E2BIG : -EINVAL;
	}
	for (size_t i = 0; i < n / 2; i++) {
		struct sock_filter t = p->insns[i];
		p->insns[i] = p->insns[n - 1 - i];
		p->insns[n - 1 - i] = t;
	}
	*out = p->insns;
	bpf_init(p);
	return 0;
}
