/* A traced program's own seccomp filters. Each return of a filter the
 * program installs that would answer a call before sandcast's filter could
 * (an action that outranks SECCOMP_RET_TRACE: kill, trap, errno,
 * user-notif) is rewritten into SECCOMP_RET_TRACE with the filter's number
 * as data, so that the call stops in the tracer and is seen; the tracer
 * then has the kernel answer it as the program's filters would, by running
 * it again with an instruction pointer that the rewritten filter, in a test
 * put in front of the program, answers with the original return:
 *
 *	A = ip >> 32; if (A == 0) { A = ip;
 *		if (A == OWNFILTER_IP_BASE + i) return RET[i]; ... }
 *	A = 0; PROGRAM, each RET[i] a "return SECCOMP_RET_TRACE | number + 1"
 *
 * The filters are also noted (executable, actions) for the profile. */
#ifndef SANDCAST_GEN_OWNFILTER_H
#define SANDCAST_GEN_OWNFILTER_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/profile.h"
#include "gen/filter.h"

/* The instruction pointers that mean "answer as RET[i]".
 * NOTE: no code runs below vm.mmap_min_addr (65536 by default, and at
 * least 4096 where it is not 0; Linux 6.18), so no real call comes from
 * there; the recheck after a trace stop reads the registers again, the
 * instruction pointer too (__seccomp_filter(), since Linux 4.8). A call the
 * program's own filter answers with SECCOMP_RET_TRACE runs, as under any
 * tracer (without one it would fail with ENOSYS). */
#define OWNFILTER_IP_BASE 0x1000u
#define OWNFILTER_IP_END 0x10000u

struct ownfilter;

/* Make an empty set of filters. */
struct ownfilter *ownfilter_new(void);

/* Free O. */
void ownfilter_free(struct ownfilter *o);

/* Rewrite PROG[0..LEN-1], installed on top of filter UNDER (-1: none), into
 * *OUT as above; return its number (0 or more), or -errno when it is left
 * as it is: -EINVAL for a program the kernel refuses, -ENOTSUP for one that
 * may return a computed value (BPF_RET | BPF_A, or 0 from a division by X),
 * -E2BIG or -ENOSPC when it or the numbers would not fit. */
int ownfilter_rewrite(struct ownfilter *o, const struct sock_filter *prog, size_t len,
	int under, struct filter *out);

/* Return the instruction pointer to run the call D again with so that the
 * kernel answers it as the program's filters from NUMBER down would, or 0
 * when they let it run (or NUMBER is not one of O's); *RET gets their
 * answer. */
uint64_t ownfilter_resolve(const struct ownfilter *o, int number,
	const struct seccomp_data *d, uint32_t *ret);

/* Return whether PROG[0..LEN-1] may answer a call before a filter that
 * returns ACTION does, and write its actions that would, comma-separated
 * ("errno:77,trap"; "a computed value" for BPF_RET | BPF_A), into BUF. */
bool ownfilter_outranks(const struct sock_filter *prog, size_t len, uint32_t action,
	char *buf, size_t size);

/* Note that EXE installed a filter answering calls with ACTIONS before
 * sandcast could; HIDDEN when the calls it answered were not seen. */
void ownfilter_note(struct ownfilter *o, const char *exe, const char *actions,
	bool hidden);

/* Return the notes of O, as a run's own filters. */
const struct profile_run *ownfilter_notes(const struct ownfilter *o);

#endif
