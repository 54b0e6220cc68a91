/* Markdown pieces shared by report and diff: code spans fit for a table
 * cell, the first-frame cell, stacks folded under <details>. */
#ifndef SANDCAST_REPORTER_MARKDOWN_H
#define SANDCAST_REPORTER_MARKDOWN_H

#include <stdio.h>

#include "core/profile.h"
#include "reporter/symbolize.h"

/* Print TEXT as a code span that is safe in a table cell. */
void markdown_code(FILE *out, const char *text);

/* Print the executables of CALL as code spans, one a line of the cell. */
void markdown_exes(FILE *out, const struct profile_call *call);

/* Print the first frames in your code of CALL as one table cell's text. */
void markdown_first_frames(FILE *out, struct symbolizer *s, const struct profile_call *call);

/* Print the stacks of the calls V[0..N-1] in a <details> block titled TITLE,
 * leaving out the calls without a stack (the block too when none has one)
 * and, saying how many, those past 48,000 characters of stacks. */
void markdown_stacks(FILE *out, struct symbolizer *s, struct profile_call *const *v,
	size_t n, const char *title);

#endif
