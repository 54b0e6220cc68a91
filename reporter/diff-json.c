#include "core/fallbacks.h"
#include "core/jstring.h"
#include "core/syscalls.h"
#include "reporter/diff.h"
#include "reporter/present.h"

/* The fallback of CALL: {"older": NAME or null, "older_nr", "falls_back",
 * "note"}, or NULL. */
static json_t *
fallback_json(const struct profile_call *call)
{
	const struct fallback *fb = fallbacks_find(call->key.arch, call->key.nr);
	json_t *o;
	int older;

	if (fb == NULL)
		return NULL;
	o = json_object();
	older = fallbacks_older(fb, call->key.arch);
	json_object_set_new(o, "older", older < 0 ? json_null() :
	    json_string(syscalls_name(call->key.arch, (uint32_t)older)));
	if (older >= 0)
		json_object_set_new(o, "older_nr", json_integer(older));
	json_object_set_new(o, "falls_back", json_boolean(!fb->no_fallback));
	json_object_set_new(o, "note", json_string(fb->note));
	return o;
}

static json_t *
added_json(const struct diff *d, struct symbolizer *s)
{
	json_t *a = json_array();

	for (size_t i = 0; i < d->nadded; i++) {
		json_t *o = present_call_json(s, d->added[i], true);
		json_t *fb = fallback_json(d->added[i]);
		if (fb != NULL)
			json_object_set_new(o, "fallback", fb);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
removed_json(const struct diff *d, struct symbolizer *s)
{
	json_t *a = json_array();

	for (size_t i = 0; i < d->nremoved; i++)
		json_array_append_new(a, present_call_json(s, d->removed[i], false));
	return a;
}

/* The names of the arches of MASK, as a JSON array. */
static json_t *
arches_json(arch_mask mask)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < ARCH_COUNT; i++) {
		if (mask & (1u << i))
			json_array_append_new(a, json_string(arch_name(i)));
	}
	return a;
}

void
diff_json(FILE *out, const struct diff *d, struct symbolizer *s)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "format", json_string("sandcast-diff"));
	json_object_set_new(doc, "version", json_integer(1));
	json_object_set_new(doc, "old", jstring_encode(d->old_name));
	json_object_set_new(doc, "new", jstring_encode(d->new_name));
	json_object_set_new(doc, "old_baseline", d->old_baseline != NULL ?
	    jstring_encode(d->old_baseline) : json_null());
	json_object_set_new(doc, "new_baseline", d->new_baseline != NULL ?
	    jstring_encode(d->new_baseline) : json_null());
	json_object_set_new(doc, "old_arches", arches_json(d->old_arches));
	json_object_set_new(doc, "new_arches", arches_json(d->new_arches));
	json_object_set_new(doc, "added", added_json(d, s));
	json_object_set_new(doc, "removed", d->removed_known ? removed_json(d, s) :
	    json_null());
	present_json_print(out, doc);
}
