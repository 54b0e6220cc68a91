#include <inttypes.h>
#include <string.h>

#include "reporter/argvalues.h"
#include "reporter/present.h"
#include "reporter/report.h"

struct widths {
	int name, nr, count;
};

static int
digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void
widths_of(struct profile_call *const *v, size_t n, struct widths *w)
{
	char buf[32];

	*w = (struct widths){ (int)strlen("NAME"), (int)strlen("NR"), (int)strlen("COUNT") };
	for (size_t i = 0; i < n; i++) {
		int len = (int)strlen(present_call_name(v[i], buf, sizeof buf));
		w->name = len > w->name ? len : w->name;
		w->nr = digits(v[i]->key.nr) > w->nr ? digits(v[i]->key.nr) : w->nr;
		w->count = digits(v[i]->count) > w->count ? digits(v[i]->count) : w->count;
	}
}

static void
print_arch(FILE *out, struct profile_call *const *v, size_t n,
	const struct report_options *o, struct symbolizer *s)
{
	struct widths w;
	uint64_t total = 0;
	char buf[32];

	for (size_t i = 0; i < n; i++)
		total += v[i]->count;
	widths_of(v, n, &w);
	fprintf(out, "%s: %zu system call%s, %" PRIu64 " call%s in all\n",
	    arch_name(v[0]->key.arch), n, present_plural(n), total,
	    present_plural(total));
	fprintf(out, "  %-*s  %*s  %*s  EXECUTABLES\n", w.name, "NAME", w.nr, "NR",
	    w.count, "COUNT");
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "  %-*s  %*u  %*" PRIu64 "  ", w.name,
		    present_call_name(v[i], buf, sizeof buf), w.nr, v[i]->key.nr,
		    w.count, v[i]->count);
		if (v[i]->exes == NULL)
			fputc('-', out);
		present_exes_print(out, v[i], ", ");
		fputc('\n', out);
		argvalues_print(out, s, v[i], 4, o->stacks);
		if (o->stacks)
			present_stacks_print(out, s, v[i], 4);
	}
}

void
report_text(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s)
{
	report_by_arch(out, p, o, s, "no system calls recorded", print_arch);
}
