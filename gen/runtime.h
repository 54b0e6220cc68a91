/* Where a filter is installed decides what it must allow beyond the
 * program's calls: a runtime or launcher that installs it before the exec
 * makes calls of its own up to the program's first instruction (the exec
 * itself among them). The calls of each runtime are data
 * (data/runtimes/NAME.tsv, derived by scripts/derive-runtime-set.sh). */
#ifndef SANDCAST_GEN_RUNTIME_H
#define SANDCAST_GEN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/arch.h"
#include "core/profile.h"
#include "gen/filter.h"

/* One call a runtime makes after installing the filter, and why. */
struct runtime_call {
	const char *name;
	const char *reason;
};

/* The calls of one runtime, ended by a zeroed entry. */
struct runtime_set {
	const char *name;    /* the file's name: "runc" */
	const char *version; /* what it was derived from: "runc 1.1.5 (Debian 12)" */
	const struct runtime_call *calls;
};

/* Every data/runtimes file (gen/runtime-sets.c), ended by a zeroed entry. */
extern const struct runtime_set runtime_sets[];

/* The names gen --runtime takes, NULL-terminated: none, oci (crun and
 * runc), crun, runc, docker, podman, systemd, minijail-static. */
extern const char *const runtime_names[];

/* The most data files a name of runtime_names[] stands for. */
#define RUNTIME_MAX_FILES 2

/* A call a filter installed before the exec allows beyond the recorded ones. */
struct runtime_addition {
	const char *name; /* an x86_64 call: the runtime's own architecture */
	uint32_t nr;
	const char *why;  /* one phrase */
	const char *who[RUNTIME_MAX_FILES]; /* the runtimes that need it ("crun 1.8.1
	                                     * (Debian 12)"), NULL after the last;
	                                     * none: every launcher */
};

/* The most distinct launch calls runtime_launches() gives. */
#define RUNTIME_MAX_LAUNCHES 4

/* Put in NAMES (at most MAX) the distinct calls the runs of P recorded as
 * their launch (profile_run.launch), in run order; return how many. */
size_t runtime_launches(const struct profile *p, const char **names, size_t max);

/* The calls that RUNTIME (an entry of runtime_names) and the exec that starts
 * the program need in a filter installed before that exec, for the runs of
 * P (the exec is what they recorded as their launch, execve when they say
 * nothing), each once, those S allows already (with any arguments) left
 * out; set *N; free() the array. */
struct runtime_addition *runtime_additions(const char *runtime, const struct profile *p,
	const struct filter_set *s, size_t *n);

/* Allow in S each of the N calls of ADD (x86_64, the runtime's architecture),
 * with any arguments. */
void runtime_allow(struct filter_set *s, const struct runtime_addition *add, size_t n);

#endif
