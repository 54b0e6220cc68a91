#include <stdlib.h>

#include "reporter/present.h"
#include "reporter/report.h"

void
report_by_arch(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s, const char *empty, report_arch_fn *print_arch)
{
	size_t n;
	struct profile_call **v = present_calls_by_name(p, o->arches, &n);

	if (n == 0)
		fprintf(out, "%s\n", empty);
	for (size_t i = 0, end; i < n; i = end) {
		end = present_arch_end(v, n, i);
		if (i > 0)
			fputc('\n', out);
		print_arch(out, v + i, end - i, o, s);
	}
	free(v);
}
