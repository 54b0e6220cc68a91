/* How the values of a call's arguments are shown, shared by report and
 * diff: decoded by the argument table ("TCGETS", "PROT_READ|PROT_WRITE"),
 * hex where no name is known. */
#ifndef SANDCAST_REPORTER_ARGVALUES_H
#define SANDCAST_REPORTER_ARGVALUES_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "core/profile.h"
#include "reporter/symbolize.h"

/* Format the name of argument ARG of CALL into BUF ("cmd", or "arg1" when
 * the table lacks it); return BUF. */
const char *argvalues_arg_name(const struct profile_call *call,
	const struct profile_arg *arg, char *buf, size_t size);

/* Format VALUE of argument ARG of CALL into BUF: its name, or hex. */
const char *argvalues_describe(const struct profile_call *call,
	const struct profile_arg *arg, uint64_t value, char *buf, size_t size);

/* Print the arguments of CALL, a line each, INDENT spaces in: "cmd: TCGETS
 * (101), TIOCGWINSZ (4)", "domain: any (more than 32 values)"; with STACKS,
 * each value on a line of its own with its stacks. */
void argvalues_print(FILE *out, struct symbolizer *s, const struct profile_call *call,
	int indent, bool stacks);

/* Return the arguments of CALL as a JSON array of {index, name, open,
 * values: [{value, name, count}]}. */
json_t *argvalues_json(const struct profile_call *call);

#endif
