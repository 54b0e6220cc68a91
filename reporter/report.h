/* sandcast report: a profile for people, as text, markdown, JSON or folded
 * stacks. Every format shows the calls per arch, sorted by name. */
#ifndef SANDCAST_REPORTER_REPORT_H
#define SANDCAST_REPORTER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/arch.h"
#include "core/profile.h"
#include "reporter/symbolize.h"

struct report_options {
	arch_mask arches; /* the architectures to show */
	bool stacks;      /* show the symbolised stacks under each call */
};

/* Prints the calls of one arch, V[0..N-1], for report_by_arch(). */
typedef void report_arch_fn(FILE *out, struct profile_call *const *v, size_t n,
	const struct report_options *o, struct symbolizer *s);

/* Print the calls of P on O->arches through PRINT_ARCH, one arch at a time
 * with a blank line between two, or the line EMPTY when there is none. */
void report_by_arch(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s, const char *empty, report_arch_fn *print_arch);

/* Print P as a table per arch: name, number, count, executables. */
void report_text(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s);

/* Print P as markdown for a pull request, with the first frame in your code:
 * a table per arch, then with O->stacks the stacks of every arch in one
 * <details> block, cut to keep the whole within a GitHub comment. */
void report_markdown(FILE *out, const struct profile *p,
	const struct report_options *o, struct symbolizer *s);

/* Print P as a JSON document of format "sandcast-report". */
void report_json(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s);

/* Print P as folded stacks, "ARCH;EXE;OUTERMOST;...;INNERMOST;CALL COUNT". */
void report_folded(FILE *out, const struct profile *p,
	const struct report_options *o, struct symbolizer *s);

#endif
