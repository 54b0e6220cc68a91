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

/* Print P as a table per arch: name, number, count, executables. */
void report_text(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s);

/* Print P as markdown for a pull request, with the first frame in your code. */
void report_markdown(FILE *out, const struct profile *p,
	const struct report_options *o, struct symbolizer *s);

/* Print P as a JSON document of format "sandcast-report". */
void report_json(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s);

/* Print P as folded stacks, "ARCH;EXE;OUTERMOST;...;INNERMOST;CALL COUNT". */
void report_folded(FILE *out, const struct profile *p,
	const struct report_options *o, struct symbolizer *s);

#endif
