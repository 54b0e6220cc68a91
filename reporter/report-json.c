#include "reporter/present.h"
#include "reporter/report.h"

void
report_json(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s)
{
	size_t n;
	struct profile_call **v = present_calls_by_name(p, o->arches, &n);
	json_t *doc = json_object(), *calls = json_array();

	json_object_set_new(doc, "format", json_string("sandcast-report"));
	json_object_set_new(doc, "version", json_integer(1));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(calls, present_call_json(s, v[i], o->stacks));
	json_object_set_new(doc, "syscalls", calls);
	present_json_print(out, doc);
	free(v);
}
