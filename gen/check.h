/* Runs a filter, through the emulator, on every call a profile allows and on
 * every number and architecture around them. */
#ifndef SANDCAST_GEN_CHECK_H
#define SANDCAST_GEN_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "gen/filter.h"

/* For check_filter(): accept any one deny action, as long as it is the same
 * for every call that is not allowed. */
#define CHECK_ANY_DENY UINT32_MAX

/* One call on which the filter did not return what the set asks for. */
struct check_mismatch {
	uint32_t audit, nr; /* seccomp_data.arch and .nr */
	uint64_t args[6];   /* seccomp_data.args */
	uint32_t got, want;
};

/* What a check found. */
struct check_result {
	size_t cases;      /* calls tried */
	size_t mismatches; /* calls that got the wrong action */
	size_t impossible; /* numbers no call has (-1, from 2^31 on) that got a
	                    * deny action other than the one expected: no
	                    * mismatch, since the kernel runs no such call */
	uint32_t deny;     /* the deny action seen (or asked for) */
	struct check_mismatch first[8];
};

/* How many values check_around() gives. */
#define CHECK_AROUND 18

/* Put in OUT the values of a 64-bit argument around V under MASK: V, its
 * neighbours, each half's edges (0, 0xffffffff, 1 << 32), V sign-extended
 * from 32 bits, V with its upper half set or garbage, V with every bit
 * outside MASK, and the edges of a sign-extended negative; return how many. */
size_t check_around(uint64_t v, uint64_t mask, uint64_t out[CHECK_AROUND]);

/* Run PROG (checked by emu_check()) on every call of S (each must get its
 * action: SECCOMP_RET_ALLOW, or another the set gives it); on every other
 * number of each admitted arch up to past its table, on the x32 range, on
 * i386 numbers with bit 30, and on large and negative numbers (each must
 * get DENY, or one same action with CHECK_ANY_DENY); and on every arch S
 * does not admit, foreign ones included (each must get
 * SECCOMP_RET_KILL_PROCESS); and for each number with an argument rule,
 * on each argument at its values, their neighbours, each half's edge cases
 * and sign-extended negatives, the other arguments allowed, under its arch
 * and the other x86 arch's view (each must get what filter_set_judge()
 * says). A number from 2^31 on (-1 among them) may get any action but
 * SECCOMP_RET_ALLOW (libseccomp gives -1 its default action): counted in
 * r->impossible. Return the mismatch count. */
size_t check_filter(const struct sock_filter *prog, size_t len,
	const struct filter_set *s, uint32_t deny, struct check_result *r);

#endif
