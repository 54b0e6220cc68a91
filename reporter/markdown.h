/* Markdown pieces shared by report and diff: code spans fit for a table
 * cell, the first-frame cell, stacks folded under <details>. */
#ifndef SANDCAST_REPORTER_MARKDOWN_H
#define SANDCAST_REPORTER_MARKDOWN_H

#include <stdio.h>

#include "core/profile.h"
#include "reporter/symbolize.h"

/* Print TEXT as a code span that is safe in a table cell. */
void markdown_code(FILE *out, const char *text);

/* Print TEXT as plain text that is safe in a table cell: a backslash before
 * each character that would end the cell or start markup ('_' is left, as
 * it does not inside a word, which is where names have it). */
void markdown_text(FILE *out, const char *text);

/* Print the arguments' values of CALL in a table cell, after its name:
 * "<br>cmd: `TCGETS`, `TIOCGWINSZ`" per argument. */
void markdown_args(FILE *out, const struct profile_call *call);

/* Print the first frames in your code of CALL as one table cell's text. */
void markdown_first_frames(FILE *out, struct symbolizer *s, const struct profile_call *call);

/* A part of a markdown document written to memory, to be measured before
 * it is printed. */
struct markdown_part {
	FILE *f;    /* where the part is written, until markdown_part_end() */
	char *text; /* then what was written; free() it */
	size_t size;
};

/* Start writing a part of a document to memory, through P->f. */
void markdown_part_begin(struct markdown_part *p);

/* End part P: P->text holds what was written, P->size its length; free() it. */
void markdown_part_end(struct markdown_part *p);

/* Print the stacks of the calls V[0..N-1] in a <details> block titled TITLE,
 * leaving out the calls without a stack (the block too when none has one)
 * and, saying how many, those past what a GitHub comment leaves when the
 * rest of the document takes USED characters. */
void markdown_stacks(FILE *out, struct symbolizer *s, struct profile_call *const *v,
	size_t n, const char *title, size_t used);

#endif
