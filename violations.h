/* The tracer client of sandcast run. The installed filter traces the calls
 * it refuses under --action trace, and under any action x86_64 execve and
 * execveat (so that sandcast can start the command whatever the filter
 * says: the tracer lets calls before the command's first execve run) and
 * clone and clone3 of every arch (so that the tracer keeps every child
 * traced, gen/filter.c). Each stop gets what the filter as the command
 * meets it (without those tests in front) returns: a refusal under --action
 * trace is reported with the executable and the stack that made it and
 * fails with EPERM, so that the run goes on. */
#ifndef SANDCAST_VIOLATIONS_H
#define SANDCAST_VIOLATIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/profile.h"
#include "gen/filter.h"
#include "reporter/symbolize.h"
#include "tracer/judge.h"
#include "tracer/tracer.h"
#include "tracer/unwind.h"

/* The errno a refused call fails with. */
#define VIOLATIONS_ERRNO EPERM

struct violations {
	struct judge filter; /* the filter the command meets */
	const struct filter_set *set; /* what it was built from (empty for a
	                               * filter file), to name argument refusals */
	struct profile refused; /* every refused call, with its distinct stacks */
	struct unwind *unwind;  /* NULL when stacks are off */
	struct symbolizer *sym;
	FILE *out;              /* where each new stack is reported */
	uint64_t count;         /* refused calls */
};

/* Set V up to judge each stop by FILTER, built from SET (empty for a filter
 * file), and to report on OUT, with at most STACKS distinct stacks per call
 * (0: none, the instruction pointer alone). */
void violations_init(struct violations *v, const struct filter *filter,
	const struct filter_set *set, FILE *out, unsigned stacks);

/* Free what V holds. */
void violations_free(struct violations *v);

/* The hooks that send the tracer's events to V. */
struct tracer_hooks violations_hooks(struct violations *v);

/* Print the refused calls of V, per architecture and call, with counts and
 * executables, and the refused values of their arguments; nothing when
 * there were none. */
void violations_summary(const struct violations *v, FILE *out);

#endif
