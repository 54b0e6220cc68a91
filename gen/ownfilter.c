#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/emu.h"
#include "gen/ownfilter.h"

/* The offsets of the two halves of seccomp_data.instruction_pointer. */
#define OWNFILTER_IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define OWNFILTER_IP_HI (OWNFILTER_IP_LO + 4)

/* The most distinct returns a rewritten program dispatches on: the jump
 * over the dispatch is 8 bits (two instructions each, and the A = 0). */
#define OWNFILTER_RETS_MAX 126

/* One filter a program installed, as it gave it. */
struct ownfilter_node {
	struct sock_filter *prog;
	size_t len;
	int under;      /* the filter installed before it, -1 for none */
	uint32_t *rets; /* its returns rewritten, RET[i] for OWNFILTER_IP_BASE + first + i */
	uint32_t first, nrets;
};

struct ownfilter {
	struct ownfilter_node *nodes;
	size_t n;
	uint32_t next_ip; /* the next OWNFILTER_IP_BASE + i free */
	struct profile notes; /* one run, whose own filters are the notes */
};

struct ownfilter *
ownfilter_new(void)
{
	struct ownfilter *o = xcalloc(1, sizeof *o);
	char *none[] = { NULL };

	o->next_ip = OWNFILTER_IP_BASE;
	profile_init(&o->notes);
	profile_add_run(&o->notes, none, 0, "", NULL);
	return o;
}

void
ownfilter_free(struct ownfilter *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->nodes[i].prog);
		free(o->nodes[i].rets);
	}
	profile_free(&o->notes);
	free(o->nodes);
	free(o);
}

/* The rank of a return among the filters of a chain: lower answers first
 * (the kernel's ACTION_ONLY(), a signed compare). */
static int32_t
ownfilter_rank(uint32_t ret)
{
	return (int32_t)(ret & SECCOMP_RET_ACTION_FULL);
}

/* Whether the kernel does anything but let a call returned RET run: all
 * but SECCOMP_RET_ALLOW and SECCOMP_RET_LOG (an unknown action kills). */
static bool
ownfilter_answers(uint32_t ret)
{
	uint32_t action = ret & SECCOMP_RET_ACTION_FULL;

	return action != SECCOMP_RET_ALLOW && action != SECCOMP_RET_LOG;
}

/* Whether instruction I may end the program with a value the rewrite cannot
 * see: a computed return, or a division by X, which ends a classic BPF
 * program with 0 (SECCOMP_RET_KILL_THREAD) when X is 0. */
static bool
ownfilter_computed(const struct sock_filter *i)
{
	return i->code == (BPF_RET | BPF_A) || i->code == (BPF_ALU | BPF_DIV | BPF_X);
}

/* Collect the distinct returns of PROG that ownfilter_answers() into
 * *RETS; -ENOTSUP when it returns a computed value, -E2BIG for too many. */
static int
ownfilter_collect(const struct sock_filter *prog, size_t len, uint32_t **rets,
	uint32_t *n)
{
	*rets = xcalloc(OWNFILTER_RETS_MAX, sizeof **rets);
	*n = 0;
	for (size_t pc = 0; pc < len; pc++) {
		uint32_t k = prog[pc].k, i;
		if (ownfilter_computed(&prog[pc]))
			return -ENOTSUP;
		if (prog[pc].code != (BPF_RET | BPF_K) || !ownfilter_answers(k))
			continue;
		for (i = 0; i < *n && (*rets)[i] != k; i++)
			continue;
		if (i < *n)
			continue;
		if (*n == OWNFILTER_RETS_MAX)
			return -E2BIG;
		(*rets)[(*n)++] = k;
	}
	return 0;
}

/* The node of O with this program on top of UNDER, or -1. */
static int
ownfilter_find(const struct ownfilter *o, const struct sock_filter *prog, size_t len,
	int under)
{
	for (size_t i = 0; i < o->n; i++) {
		const struct ownfilter_node *n = &o->nodes[i];
		if (n->under == under && n->len == len &&
		    memcmp(n->prog, prog, len * sizeof *prog) == 0)
			return (int)i;
	}
	return -1;
}

/* Add the node of PROG on top of UNDER with its returns RETS[0..N-1]. */
static int
ownfilter_add(struct ownfilter *o, const struct sock_filter *prog, size_t len,
	int under, uint32_t *rets, uint32_t n)
{
	struct ownfilter_node *node;

	if (o->n + 1 >= SECCOMP_RET_DATA || o->next_ip + n > OWNFILTER_IP_END)
		return -ENOSPC;
	o->nodes = xreallocarray(o->nodes, o->n + 1, sizeof *o->nodes);
	node = &o->nodes[o->n];
	node->prog = xcalloc(len, sizeof *prog);
	memcpy(node->prog, prog, len * sizeof *prog);
	node->len = len;
	node->under = under;
	node->rets = rets;
	node->first = o->next_ip - OWNFILTER_IP_BASE;
	node->nrets = n;
	o->next_ip += n;
	return (int)o->n++;
}

/* Write the rewritten program of node NUMBER into OUT. */
static int
ownfilter_build(const struct ownfilter *o, int number, struct filter *out)
{
	const struct ownfilter_node *node = &o->nodes[number];
	size_t skip = 2 * node->nrets + 1, at = 0;

	out->len = 3 + skip + node->len;
	if (out->len > BPF_MAXINSNS)
		return -E2BIG;
	out->insns = xcalloc(out->len, sizeof *out->insns);
	out->insns[at++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    OWNFILTER_IP_HI);
	out->insns[at++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0,
	    (uint8_t)skip);
	out->insns[at++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    OWNFILTER_IP_LO);
	for (uint32_t i = 0; i < node->nrets; i++) {
		out->insns[at++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    OWNFILTER_IP_BASE + node->first + i, 0, 1);
		out->insns[at++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    node->rets[i]);
	}
	/* The program finds A as the kernel leaves it: 0. */
	out->insns[at++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, 0);
	for (size_t pc = 0; pc < node->len; pc++, at++) {
		out->insns[at] = node->prog[pc];
		if (out->insns[at].code == (BPF_RET | BPF_K) &&
		    ownfilter_answers(out->insns[at].k))
			out->insns[at].k = SECCOMP_RET_TRACE | (uint32_t)(number + 1);
	}
	return 0;
}

int
ownfilter_rewrite(struct ownfilter *o, const struct sock_filter *prog, size_t len,
	int under, struct filter *out)
{
	char why[160];
	uint32_t *rets, n;
	int number, rc;

	out->insns = NULL;
	out->len = 0;
	if (emu_check(prog, len, why, sizeof why) != 0)
		return -EINVAL;
	if (under >= (int)o->n)
		under = -1;
	number = ownfilter_find(o, prog, len, under);
	if (number < 0) {
		rc = ownfilter_collect(prog, len, &rets, &n);
		number = rc == 0 ? ownfilter_add(o, prog, len, under, rets, n) : rc;
		if (number < 0)
			free(rets);
	}
	if (number < 0)
		return number;
	rc = ownfilter_build(o, number, out);
	return rc == 0 ? number : rc;
}

uint64_t
ownfilter_resolve(const struct ownfilter *o, int number, const struct seccomp_data *d,
	uint32_t *ret)
{
	int best = -1;

	*ret = SECCOMP_RET_ALLOW;
	/* NOTE: the kernel runs a thread's filters newest first and keeps
	 * the return of the lowest action (ACTION_ONLY, signed), a tie kept
	 * by the newer filter, whose data it passes on (seccomp_run_filters(),
	 * Linux 6.18): so does this, over the programs as the program gave them. */
	for (int i = number; i >= 0 && i < (int)o->n; i = o->nodes[i].under) {
		uint32_t r = emu_run(o->nodes[i].prog, o->nodes[i].len, d);
		if (ownfilter_rank(r) < ownfilter_rank(*ret)) {
			*ret = r;
			best = i;
		}
	}
	if (best < 0 || !ownfilter_answers(*ret) ||
	    (*ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE)
		return 0;
	for (uint32_t i = 0; i < o->nodes[best].nrets; i++) {
		if (o->nodes[best].rets[i] == *ret)
			return OWNFILTER_IP_BASE + o->nodes[best].first + i;
	}
	return 0;
}

bool
ownfilter_outranks(const struct sock_filter *prog, size_t len, uint32_t action,
	char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t pc = 0; pc < len; pc++) {
		char name[32];
		const char *word = name;
		if (ownfilter_computed(&prog[pc]))
			word = "a computed value";
		else if (prog[pc].code != (BPF_RET | BPF_K) ||
		    ownfilter_rank(prog[pc].k) >= ownfilter_rank(action))
			continue;
		else
			action_name(prog[pc].k, name, sizeof name);
		if (strstr(buf, word) != NULL || at + strlen(word) + 2 >= size)
			continue;
		at += (size_t)snprintf(buf + at, size - at, "%s%s", at > 0 ? "," : "", word);
	}
	return at > 0;
}

void
ownfilter_note(struct ownfilter *o, const char *exe, const char *actions, bool hidden)
{
	profile_run_add_own(&o->notes.runs[0], exe, actions, hidden);
}

const struct profile_run *
ownfilter_notes(const struct ownfilter *o)
{
	return &o->notes.runs[0];
}
