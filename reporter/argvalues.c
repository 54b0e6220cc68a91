#include <inttypes.h>
#include <stdlib.h>

#include "core/argtable.h"
#include "reporter/argvalues.h"
#include "reporter/present.h"

const char *
argvalues_arg_name(const struct profile_call *call, const struct profile_arg *arg,
	char *buf, size_t size)
{
	const struct argrule *r = argtable_rule(call->key.arch, call->key.nr, arg->index);

	if (r != NULL)
		snprintf(buf, size, "%s", r->name);
	else
		snprintf(buf, size, "arg%u", arg->index);
	return buf;
}

const char *
argvalues_describe(const struct profile_call *call, const struct profile_arg *arg,
	uint64_t value, char *buf, size_t size)
{
	const struct argrule *r = argtable_rule(call->key.arch, call->key.nr, arg->index);

	if (r != NULL)
		return argtable_describe(r, value, buf, size);
	snprintf(buf, size, "0x%" PRIx64, value);
	return buf;
}

/* Print the values of ARG, each with its stacks, a line each. */
static void
argvalues_print_stacks(FILE *out, struct symbolizer *s,
	const struct profile_call *call, const struct profile_arg *arg, int indent)
{
	struct profile_value **v = profile_arg_sorted_values(arg);
	char buf[256];

	for (unsigned i = 0; i < arg->nvalues; i++) {
		struct profile_stack **st = profile_value_sorted_stacks(v[i]);
		fprintf(out, "%*s%s: %" PRIu64 " call%s\n", indent, "",
		    argvalues_describe(call, arg, v[i]->value, buf, sizeof buf),
		    v[i]->count, present_plural(v[i]->count));
		for (unsigned j = 0; j < v[i]->nstacks; j++) {
			fprintf(out, "%*sstack %u of %u, %" PRIu64 " call%s:\n", indent + 2, "",
			    j + 1, v[i]->nstacks, st[j]->count, present_plural(st[j]->count));
			present_stack_print(out, s, st[j], indent + 4);
		}
		free(st);
	}
	free(v);
}

/* Print the values of ARG on one line, with their counts. */
static void
argvalues_print_line(FILE *out, const struct profile_call *call,
	const struct profile_arg *arg)
{
	struct profile_value **v = profile_arg_sorted_values(arg);
	char buf[256];

	for (unsigned i = 0; i < arg->nvalues; i++) {
		fprintf(out, "%s%s (%" PRIu64 ")", i > 0 ? ", " : "",
		    argvalues_describe(call, arg, v[i]->value, buf, sizeof buf),
		    v[i]->count);
	}
	fputc('\n', out);
	free(v);
}

void
argvalues_print(FILE *out, struct symbolizer *s, const struct profile_call *call,
	int indent, bool stacks)
{
	char name[64];

	for (unsigned i = 0; i < call->nargs; i++) {
		const struct profile_arg *arg = &call->args[i];
		fprintf(out, "%*s%s:", indent, "",
		    argvalues_arg_name(call, arg, name, sizeof name));
		if (arg->open) {
			fprintf(out, " any (more than %d values)\n", ARGTABLE_MAX_VALUES);
		} else if (stacks) {
			fputc('\n', out);
			argvalues_print_stacks(out, s, call, arg, indent + 2);
		} else {
			fputc(' ', out);
			argvalues_print_line(out, call, arg);
		}
	}
}

static json_t *
argvalues_values_json(const struct profile_call *call, const struct profile_arg *arg)
{
	struct profile_value **v = profile_arg_sorted_values(arg);
	json_t *a = json_array();
	char buf[256];

	for (unsigned i = 0; i < arg->nvalues; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "value", json_sprintf("0x%" PRIx64, v[i]->value));
		json_object_set_new(o, "name", json_string(argvalues_describe(call, arg,
		    v[i]->value, buf, sizeof buf)));
		json_object_set_new(o, "count", json_integer((json_int_t)v[i]->count));
		json_array_append_new(a, o);
	}
	free(v);
	return a;
}

json_t *
argvalues_json(const struct profile_call *call)
{
	json_t *a = json_array();
	char name[64];

	for (unsigned i = 0; i < call->nargs; i++) {
		const struct profile_arg *arg = &call->args[i];
		json_t *o = json_object();
		json_object_set_new(o, "index", json_integer(arg->index));
		json_object_set_new(o, "name", json_string(argvalues_arg_name(call, arg,
		    name, sizeof name)));
		json_object_set_new(o, "open", json_boolean(arg->open));
		json_object_set_new(o, "values", argvalues_values_json(call, arg));
		json_array_append_new(a, o);
	}
	return a;
}
