/* The recorder: the tracer client that turns calls into profile entries,
 * keeping only the processes whose executable matches the --exe globs. */
#ifndef SANDCAST_TRACER_RECORDER_H
#define SANDCAST_TRACER_RECORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/profile.h"
#include "tracer/judge.h"
#include "tracer/tracer.h"
#include "tracer/unwind.h"

struct recorder {
	struct profile *profile;
	char *const *globs; /* keep only these executables; none: keep all */
	size_t nglobs;
	const char *last_exe; /* the last executable matched, and the answer */
	bool last_keep;
	unsigned long calls; /* calls added to the profile */
	/* Adds each call's stack, keeping each process's state in the
	 * process's slot (struct tracer_event's user); NULL: no stacks. */
	struct unwind *unwind;
	/* record --baseline: the filter of the approved calls, whose stops
	 * (clone, clone3: gen/filter.c) are not recorded; NULL: none. */
	const struct judge *approved;
};

/* Set R up to record into P the calls of executables matching GLOBS[0..N-1]
 * (all when N is 0). */
void recorder_init(struct recorder *r, struct profile *p, char *const *globs, size_t n);

/* Return whether EXE matches one of the N GLOBS: the whole path for a glob
 * with a '/', else the base name (fnmatch(3)). */
bool recorder_exe_matches(char *const *globs, size_t n, const char *exe);

/* The tracer callback: add the call of EV to the profile; always returns 0. */
int recorder_call(const struct tracer_event *ev, void *ctx);

/* The tracer callback for an exec: the process's code is new. */
void recorder_exec(pid_t tgid, const char *exe, void **user, void *ctx);

/* The tracer callback for a thread's end: forget a process that is gone. */
void recorder_exit(pid_t tid, pid_t tgid, bool last, void **user, void *ctx);

#endif
