/* sandcast diff: the calls a new profile makes that an approved one lacks,
 * and the calls that disappeared, per arch. */
#ifndef SANDCAST_REPORTER_DIFF_H
#define SANDCAST_REPORTER_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "core/profile.h"
#include "reporter/present.h"
#include "reporter/symbolize.h"

/* A value of an argument that NEW makes and OLD, which constrains that
 * argument of the same call, lacks. */
struct diff_value {
	const struct profile_call *call;
	const struct profile_arg *arg;
	const struct profile_value *value; /* NULL: the argument became open */
};

struct diff {
	const struct profile *old, *new;
	const char *old_name, *new_name; /* the files, for the output */
	struct profile_call **added;     /* calls of NEW that OLD lacks */
	size_t nadded;
	struct profile_call **removed;   /* calls of OLD that NEW lacks */
	size_t nremoved;
	struct diff_value *values;       /* new values of calls both make, by
	                                  * arch, name, argument, value */
	size_t nvalues;
	bool removed_known; /* false when NEW comes from a --baseline run, which
	                     * does not record the calls it allowed (unless OLD
	                     * comes from one against the same baseline) */
	const char *old_baseline, *new_baseline; /* the baseline of a profile made
	                     * of --baseline runs alone (it holds only the calls
	                     * that baseline lacks), else NULL */
	arch_mask old_arches, new_arches; /* the arches each has calls of */
};

/* Compare the calls of OLD and NEW (kept by reference) into *D, each list
 * sorted by arch, then name. */
void diff_compute(const struct profile *old, const struct profile *new, struct diff *d);

/* Return whether D has a change that a filter made from OLD would stop:
 * a call added or a new value of an argument. */
bool diff_changed(const struct diff *d);

/* Free the lists of D. */
void diff_free(struct diff *d);

/* Whether OLD is a --baseline run's profile whose baseline NEW is not
 * compared against: NEW's calls that the baseline allows count as added. */
bool diff_old_partial(const struct diff *d);

/* Print the notes on D (a --baseline run on either side, an arch one side
 * has no call of), each between BEFORE and AFTER, file names through NAME. */
void diff_notes_print(FILE *out, const struct diff *d, present_name_fn name,
	const char *before, const char *after);

/* Return what is known of added CALL as an older call's newer twin or as a
 * probe callers do without ("newer twin of clone (56): ..."), or NULL; free() it. */
char *diff_fallback_text(const struct diff *d, const struct profile_call *call);

/* Print D as text: per arch, each added call with its fallback, first frames
 * in your code and stacks, then the calls gone. */
void diff_text(FILE *out, const struct diff *d, struct symbolizer *s);

/* Print D as markdown for a pull request: the added calls, their stacks cut
 * to keep the whole within a GitHub comment, the calls gone, the notes. */
void diff_markdown(FILE *out, const struct diff *d, struct symbolizer *s);

/* Print D as a JSON document of format "sandcast-diff". */
void diff_json(FILE *out, const struct diff *d, struct symbolizer *s);

#endif
