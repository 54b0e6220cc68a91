/* The allow-list filter: a set of (arch, nr) in, a seccomp BPF program out. */
#ifndef SANDCAST_GEN_FILTER_H
#define SANDCAST_GEN_FILTER_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"
#include "core/profile.h"

/* What a filter allows: the architectures it admits and, for each, the
 * numbers (x32 ones without the x32 bit), sorted and without repeats. */
struct filter_set {
	arch_mask arches;          /* others are killed outright */
	uint32_t *nrs[ARCH_COUNT];
	size_t count[ARCH_COUNT];
};

/* A built program. */
struct filter {
	struct sock_filter *insns;
	size_t len;
};

/* Make S empty: no architecture, no call. */
void filter_set_init(struct filter_set *s);

/* Free what S holds and leave it empty. */
void filter_set_free(struct filter_set *s);

/* Add NR of ARCH to S (its arch included); keep S sorted and without repeats. */
void filter_set_add(struct filter_set *s, enum arch arch, uint32_t nr);

/* Return whether S allows NR of ARCH. */
int filter_set_has(const struct filter_set *s, enum arch arch, uint32_t nr);

/* Fill S with every call of P whose arch is in MASK; only the arches with a
 * call are admitted. */
void filter_set_from_profile(struct filter_set *s, const struct profile *p, arch_mask mask);

/* Build the program that allows S, returns DENY for every other number of an
 * admitted arch and SECCOMP_RET_KILL_PROCESS for every other arch; 0, or
 * -E2BIG when it would exceed the kernel's 4096 instructions (*F is then
 * empty, f->len the size it would have had). */
int filter_build(const struct filter_set *s, uint32_t deny, struct filter *f);

/* Free what F holds. */
void filter_free(struct filter *f);

#endif
