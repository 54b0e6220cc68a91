#include <inttypes.h>
#include <stdlib.h>

#include "reporter/markdown.h"
#include "reporter/present.h"
#include "reporter/report.h"

static void
print_arch(FILE *out, struct profile_call *const *v, size_t n,
	const struct report_options *o, struct symbolizer *s)
{
	uint64_t total = 0;
	char buf[32];

	(void)o; /* the stacks come after the last table */

	for (size_t i = 0; i < n; i++)
		total += v[i]->count;
	fprintf(out, "### %s: %zu system call%s, %" PRIu64 " call%s in all\n\n",
	    arch_name(v[0]->key.arch), n, present_plural(n), total,
	    present_plural(total));
	fputs("| Call | Nr | Count | Executables | First frame in your code |\n"
	    "| --- | ---: | ---: | --- | --- |\n", out);
	for (size_t i = 0; i < n; i++) {
		fputs("| ", out);
		markdown_code(out, present_call_name(v[i], buf, sizeof buf));
		markdown_args(out, v[i]);
		fprintf(out, " | %u | %" PRIu64 " | ", v[i]->key.nr, v[i]->count);
		present_exes_print_as(out, v[i], "<br>", markdown_code);
		fputs(" | ", out);
		markdown_first_frames(out, s, v[i]);
		fputs(" |\n", out);
	}
}

void
report_markdown(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s)
{
	struct markdown_part tables;
	struct profile_call **v;
	size_t n;

	markdown_part_begin(&tables);
	report_by_arch(tables.f, p, o, s, "No system calls recorded.", print_arch);
	markdown_part_end(&tables);
	fputs(tables.text, out);
	if (o->stacks) {
		v = present_calls_by_name(p, o->arches, &n);
		markdown_stacks(out, s, v, n, "Stacks", tables.size);
		free(v);
	}
	free(tables.text);
}
