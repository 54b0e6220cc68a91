#include <inttypes.h>

#include "core/argtable.h"
#include "reporter/argvalues.h"
#include "reporter/diff.h"
#include "reporter/markdown.h"
#include "reporter/present.h"

static void
print_added_row(FILE *out, const struct diff *d, const struct profile_call *call,
	struct symbolizer *s)
{
	char buf[32], *fallback = diff_fallback_text(d, call);

	fprintf(out, "| %s | ", arch_name(call->key.arch));
	markdown_code(out, present_call_name(call, buf, sizeof buf));
	fprintf(out, " | %u | %" PRIu64 " | ", call->key.nr, call->count);
	markdown_first_frames(out, s, call);
	fputs(" | ", out);
	markdown_text(out, fallback != NULL ? fallback : "");
	fputs(" |\n", out);
	free(fallback);
}

static void
print_added(FILE *out, const struct diff *d, struct symbolizer *s)
{
	fputs("| Arch | Call | Nr | Count | First frame in your code | Known fallback |\n"
	    "| --- | --- | ---: | ---: | --- | --- |\n", out);
	for (size_t i = 0; i < d->nadded; i++)
		print_added_row(out, d, d->added[i], s);
}

static void
print_values(FILE *out, const struct diff *d, struct symbolizer *s)
{
	char buf[256];

	fputs("\n**New argument values** (a filter made from ", out);
	markdown_code(out, d->old_name);
	fputs(" refuses them):\n\n| Arch | Call | Argument | Value | Count | "
	    "First frame in your code |\n| --- | --- | --- | --- | ---: | --- |\n", out);
	for (size_t i = 0; i < d->nvalues; i++) {
		const struct diff_value *v = &d->values[i];
		struct profile_call as;
		profile_value_as_call(v->call, v->value, &as);
		fprintf(out, "| %s | ", arch_name(v->call->key.arch));
		markdown_code(out, present_call_name(v->call, buf, sizeof buf));
		fputs(" | ", out);
		markdown_code(out, argvalues_arg_name(v->call, v->arg, buf, sizeof buf));
		fputs(" | ", out);
		if (v->value != NULL)
			markdown_code(out, argtable_show(argtable_rule(v->call->key.arch,
			    v->call->key.nr, v->arg->index), v->value->value, buf, sizeof buf));
		else
			fputs("*any: more than 32 values*", out);
		fprintf(out, " | %" PRIu64 " | ", as.count);
		markdown_first_frames(out, s, &as);
		fputs(" |\n", out);
	}
}

static void
print_removed(FILE *out, const struct diff *d)
{
	char buf[32];

	fputs("\n**Gone** (in ", out);
	markdown_code(out, d->old_name);
	fputs(", not in ", out);
	markdown_code(out, d->new_name);
	fputs("):", out);
	for (size_t i = 0; i < d->nremoved; i++) {
		fprintf(out, "%s %s ", i > 0 ? "," : "", arch_name(d->removed[i]->key.arch));
		markdown_code(out, present_call_name(d->removed[i], buf, sizeof buf));
	}
	fputs(".\n", out);
}

static void
print_head(FILE *out, const struct diff *d, struct symbolizer *s)
{
	if (d->nadded > 0)
		fprintf(out, "### sandcast diff: %zu system call%s added", d->nadded,
		    present_plural(d->nadded));
	else
		fputs("### sandcast diff: no system call added", out);
	if (d->nvalues > 0)
		fprintf(out, ", %zu new argument value%s", d->nvalues,
		    present_plural(d->nvalues));
	fputs("\n\n", out);
	markdown_code(out, d->new_name);
	fputs(d->nadded > 0 ? " makes calls that " : " makes no call that ", out);
	markdown_code(out, d->old_name);
	fputs(d->nadded > 0 ? " lacks: a filter made from it would stop them.\n\n" :
	    " lacks.\n", out);
	if (d->nadded > 0)
		print_added(out, d, s);
	if (d->nvalues > 0)
		print_values(out, d, s);
}

void
diff_markdown(FILE *out, const struct diff *d, struct symbolizer *s)
{
	struct markdown_part head, tail;

	markdown_part_begin(&head);
	print_head(head.f, d, s);
	markdown_part_end(&head);
	markdown_part_begin(&tail);
	if (d->nremoved > 0)
		print_removed(tail.f, d);
	diff_notes_print(tail.f, d, markdown_code, "\n*", "*\n");
	markdown_part_end(&tail);
	fputs(head.text, out);
	markdown_stacks(out, s, d->added, d->nadded, "Stacks of the added calls",
	    head.size + tail.size);
	fputs(tail.text, out);
	free(head.text);
	free(tail.text);
}
