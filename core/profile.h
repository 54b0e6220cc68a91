/* The profile: every system call recorded, per (arch, nr), with counts,
 * executables and call stacks; merged by union. */
#ifndef SANDCAST_CORE_PROFILE_H
#define SANDCAST_CORE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"
#include "core/hash.h"

/* Stacks kept per call unless asked otherwise (record --stacks N). */
#define PROFILE_DEFAULT_STACKS 8

/* The most stacks a call may keep (the format's stack_limit is 16 bits). */
#define PROFILE_MAX_STACKS UINT16_MAX

/* The largest count: counts saturate there, the largest JSON integer. */
#define PROFILE_COUNT_MAX ((uint64_t)INT64_MAX)

/* One frame of a stack, as recorded: resolved to names only at report time. */
struct profile_frame {
	const char *module;   /* interned path, or NULL when no module maps the pc */
	const char *build_id; /* interned lower-case hex, or NULL when unknown */
	uint64_t offset;      /* offset into the module, or the address itself */
	/* 1 when OFFSET is the instruction itself (a signal trampoline, or
	 * the frame a signal interrupted), 0 when the call is just before it
	 * (a return address, or in frames[0] the address after the system
	 * call instruction); a whole word, as frames are hashed as bytes. */
	uint64_t exact;
};

/* One distinct stack of a call; the frames array is the hash key. */
struct profile_stack {
	uint64_t count;
	uint64_t hash; /* profile_stack_hash() of the frames */
	uint32_t nframes;
	bool truncated; /* the unwinder stopped before the outermost frame */
	struct profile_frame *frames;
	UT_hash_handle hh;
};

/* A member of a call's set of executables (interned path as key). */
struct profile_exe {
	const char *path;
	UT_hash_handle hh;
};

/* One distinct value of an argument (core/argtable.h reads it). */
struct profile_value {
	uint64_t value;
	uint64_t count;
	struct profile_stack *stacks; /* the stacks of the calls with it */
	unsigned nstacks;
	UT_hash_handle hh;
};

/* The values seen of argument INDEX of a call; past ARGTABLE_MAX_VALUES
 * distinct values it is open, and keeps none. */
struct profile_arg {
	unsigned index;
	bool open;
	struct profile_value *values;
	unsigned nvalues;
};

/* The (arch, nr) key of a call; no padding, so it can be hashed as bytes. */
struct profile_key {
	uint32_t arch;
	uint32_t nr;
};

/* Everything recorded about one (arch, nr). */
struct profile_call {
	struct profile_key key;
	uint64_t count;
	struct profile_exe *exes;
	const char *last_exe; /* the exe most recently added, to skip the lookup */
	struct profile_stack *stacks;
	unsigned nstacks;
	struct profile_arg *args; /* by index */
	unsigned nargs;
	UT_hash_handle hh;
};

/* A seccomp filter a run's command installed whose actions answer calls
 * before sandcast's filter can (gen/ownfilter.h). */
struct profile_own {
	char *exe;     /* the executable of the process that installed it, or NULL */
	char *actions; /* those actions, comma-separated: "errno:77,trap" */
	bool hidden;   /* the calls they answered may be missing from the profile */
};

/* One run of a command that contributed to the profile. */
struct profile_run {
	char **argv;     /* NULL-terminated */
	int exit_status; /* what record returned: the status, or 128+signal */
	char *backend;   /* "ptrace" or "notify" */
	char *baseline;  /* the baseline profile of a --baseline run, or NULL */
	char *launch;    /* the x86_64 call that started the command ("execve"),
	                  * or NULL where the profile does not say (before
	                  * format 3) */
	struct profile_own *own; /* the command's own filters */
	size_t nown;
};

struct profile {
	struct profile_call *calls;
	struct profile_run *runs;
	size_t nruns;
	unsigned stack_limit; /* stacks kept per call; 0 when recorded without */
};

/* Make P an empty profile. */
void profile_init(struct profile *p);

/* Free everything P holds and leave it empty. */
void profile_free(struct profile *p);

/* Return the call (ARCH, NR) of P, or NULL when P has none. */
struct profile_call *profile_find(const struct profile *p, enum arch arch, uint32_t nr);

/* Return the call (ARCH, NR) of P, adding it with a zero count if missing. */
struct profile_call *profile_get(struct profile *p, enum arch arch, uint32_t nr);

/* Add the interned executable EXE to the set of CALL. */
void profile_call_add_exe(struct profile_call *call, const char *exe);

/* Find the stack of CALL with these frames (interned strings), or NULL. */
struct profile_stack *profile_call_find_stack(const struct profile_call *call,
	const struct profile_frame *frames, uint32_t nframes);

/* Add COUNT to the stack FRAMES of CALL; a new stack is kept only while CALL
 * has fewer than CAP stacks. Return the stack, or NULL when it was not kept. */
struct profile_stack *profile_call_add_stack(struct profile_call *call,
	const struct profile_frame *frames, uint32_t nframes, bool truncated,
	uint64_t count, unsigned cap);

/* Return argument INDEX of CALL, adding it (with no values) if missing;
 * valid until another argument is added to CALL. */
struct profile_arg *profile_call_arg(struct profile_call *call, unsigned index);

/* Return argument INDEX of CALL, or NULL when CALL has none. */
const struct profile_arg *profile_call_find_arg(const struct profile_call *call,
	unsigned index);

/* Add COUNT calls with VALUE to ARG, unless it is open; it opens past
 * ARGTABLE_MAX_VALUES values. Return the value, or NULL when ARG is open. */
struct profile_value *profile_arg_add(struct profile_arg *arg, uint64_t value,
	uint64_t count);

/* Return the value VALUE of ARG, or NULL when ARG has none such. */
struct profile_value *profile_arg_find(const struct profile_arg *arg, uint64_t value);

/* Open ARG: it keeps no values, any value being allowed. */
void profile_arg_open(struct profile_arg *arg);

/* Add COUNT to the stack FRAMES of V, as profile_call_add_stack() does. */
struct profile_stack *profile_value_add_stack(struct profile_value *v,
	const struct profile_frame *frames, uint32_t nframes, bool truncated,
	uint64_t count, unsigned cap);

/* Make in *OUT a call of the key of CALL made of the calls with value V
 * (its count and stacks, no executables), for what shows calls (valid
 * while V is); V NULL: with CALL's count and no stacks. */
void profile_value_as_call(const struct profile_call *call, const struct profile_value *v,
	struct profile_call *out);

/* Return the values of ARG sorted by value; free() it. */
struct profile_value **profile_arg_sorted_values(const struct profile_arg *arg);

/* Return the stacks of V, most frequent first, ties by frames; free() it. */
struct profile_stack **profile_value_sorted_stacks(const struct profile_value *v);

/* Return A + B, or PROFILE_COUNT_MAX when that is more. */
uint64_t profile_count_add(uint64_t a, uint64_t b);

/* Return the stack limit of the merge of profiles with limits A and B: the
 * smaller one, a limit of 0 (no stacks recorded) saying nothing. */
unsigned profile_limit_combine(unsigned a, unsigned b);

/* Return the hash of the stack FRAMES[0..N-1] that profile_cap_stacks()
 * keeps the smallest of: of the frames' bytes, the same on every machine. */
uint64_t profile_stack_hash(const struct profile_frame *frames, uint32_t n);

/* Append a run and return it; ARGV is copied, BASELINE may be NULL. */
struct profile_run *profile_add_run(struct profile *p, char *const *argv,
	int exit_status, const char *backend, const char *baseline);

/* Note CALL (an x86_64 call's name) as what started RUN's command. */
void profile_run_set_launch(struct profile_run *run, const char *call);

/* Add to RUN the filter its command installed (strings copied, EXE may be
 * NULL), unless RUN has the same one. */
void profile_run_add_own(struct profile_run *run, const char *exe, const char *actions,
	bool hidden);

/* Add everything of SRC to DST: counts add, sets and stacks unite, runs
 * append, the stack limits combine (profile_limit_combine(); apply the
 * limit with profile_cap_stacks() once all inputs are in). */
void profile_merge(struct profile *dst, const struct profile *src);

/* Compare the modules (PATH_A, ID_A) and (PATH_B, ID_B) by path, then by
 * build-id, NULL first: <0, 0 or >0. */
int profile_module_cmp(const char *path_a, const char *id_a, const char *path_b,
	const char *id_b);

/* Keep at most CAP stacks per call: those with the smallest hash
 * (profile_stack_hash(), ties by frames), so that capping the merge of
 * any grouping of profiles keeps the same stacks with exact counts. */
void profile_cap_stacks(struct profile *p, unsigned cap);

/* Return the calls sorted by arch then number; *N gets their count; free() it. */
struct profile_call **profile_sorted_calls(const struct profile *p, size_t *n);

/* Return the stacks of CALL, most frequent first, ties by frames; free() it. */
struct profile_stack **profile_call_sorted_stacks(const struct profile_call *call);

/* Return the executables of CALL sorted by path; *N gets their count; free() it. */
const char **profile_call_sorted_exes(const struct profile_call *call, size_t *n);

/* Count the calls of P per architecture into COUNTS[ARCH_COUNT]. */
void profile_count_per_arch(const struct profile *p, size_t counts[ARCH_COUNT]);

#endif
