#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/argtable.h"
#include "core/jstring.h"
#include "core/modtab.h"
#include "core/profile-json.h"
#include "core/strpool.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"

/* The suffix of a frame whose address is the instruction itself. */
#define FRAME_EXACT " exact"

/* A frame with a build-id and no module (only ever read, from a frame
 * object): as such an object, which the text form cannot say. */
static json_t *
frame_object_encode(const struct profile_frame *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "build_id", json_string(f->build_id));
	json_object_set_new(o, "offset", json_sprintf("0x%" PRIx64, f->offset));
	if (f->exact)
		json_object_set_new(o, "exact", json_true());
	return o;
}

/* A frame as text: "NAME+0xOFFSET", or "0xADDRESS" when no module maps it. */
static json_t *
frame_encode(const struct modtab *t, const struct profile_frame *f)
{
	const char *exact = f->exact ? FRAME_EXACT : "";

	if (f->module == NULL && f->build_id != NULL)
		return frame_object_encode(f);
	if (f->module == NULL)
		return json_sprintf("0x%" PRIx64 "%s", f->offset, exact);
	return json_sprintf("%s+0x%" PRIx64 "%s",
	    modtab_name(t, f->module, f->build_id), f->offset, exact);
}

/* A count; never past what a JSON integer holds (counts saturate there). */
static json_t *
count_encode(uint64_t count)
{
	return json_integer(count > PROFILE_COUNT_MAX ? (json_int_t)PROFILE_COUNT_MAX :
	    (json_int_t)count);
}

/* The stacks V[0..N-1], in that order. */
static json_t *
stacks_encode(const struct modtab *t, struct profile_stack **v, unsigned n)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < n; i++) {
		json_t *o = json_object(), *frames = json_array();
		json_object_set_new(o, "count", count_encode(v[i]->count));
		if (v[i]->truncated)
			json_object_set_new(o, "truncated", json_true());
		for (uint32_t j = 0; j < v[i]->nframes; j++)
			json_array_append_new(frames, frame_encode(t, &v[i]->frames[j]));
		json_object_set_new(o, "frames", frames);
		json_array_append_new(a, o);
	}
	free(v);
	return a;
}

static json_t *
value_encode(const struct modtab *t, const struct argrule *r,
	const struct profile_value *v)
{
	json_t *o = json_object();
	char buf[256];
	const char *name = r != NULL ? argtable_name(r, v->value, buf, sizeof buf) : NULL;

	json_object_set_new(o, "value", json_sprintf("0x%" PRIx64, v->value));
	if (name != NULL)
		json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "count", count_encode(v->count));
	if (v->nstacks > 0)
		json_object_set_new(o, "stacks", stacks_encode(t,
		    profile_value_sorted_stacks(v), v->nstacks));
	return o;
}

/* The arguments of CALL, by index: their values by value, or "open". */
static json_t *
args_encode(const struct modtab *t, const struct profile_call *call)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < call->nargs; i++) {
		const struct profile_arg *arg = &call->args[i];
		const struct argrule *r = argtable_rule(call->key.arch, call->key.nr,
		    arg->index);
		json_t *o = json_object(), *values = json_array();
		struct profile_value **v = profile_arg_sorted_values(arg);
		json_object_set_new(o, "index", json_integer(arg->index));
		if (r != NULL)
			json_object_set_new(o, "name", json_string(r->name));
		if (arg->open)
			json_object_set_new(o, "open", json_true());
		for (unsigned j = 0; j < arg->nvalues; j++)
			json_array_append_new(values, value_encode(t, r, v[j]));
		free(v);
		json_object_set_new(o, "values", values);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
modules_encode(const struct modtab *t)
{
	json_t *a = json_array();

	for (size_t i = 0; i < modtab_count(t); i++) {
		const struct modtab_module *m = modtab_get(t, i);
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(m->name));
		json_object_set_new(o, "path", jstring_encode(m->path));
		if (m->build_id != NULL)
			json_object_set_new(o, "build_id", json_string(m->build_id));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
call_encode(const struct modtab *t, const struct profile_call *call)
{
	const char *name = syscalls_name(call->key.arch, call->key.nr);
	json_t *o = json_object(), *exes = json_array();
	size_t n;
	const char **paths = profile_call_sorted_exes(call, &n);

	json_object_set_new(o, "arch", json_string(arch_name(call->key.arch)));
	json_object_set_new(o, "nr", json_integer(call->key.nr));
	if (name != NULL)
		json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "count", count_encode(call->count));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(exes, jstring_encode(paths[i]));
	free(paths);
	json_object_set_new(o, "exes", exes);
	if (call->nstacks > 0)
		json_object_set_new(o, "stacks", stacks_encode(t,
		    profile_call_sorted_stacks(call), call->nstacks));
	if (call->nargs > 0)
		json_object_set_new(o, "args", args_encode(t, call));
	return o;
}

/* The actions "errno:77,trap" as a JSON array of their names. */
static json_t *
actions_encode(const char *actions)
{
	json_t *a = json_array();

	for (const char *c = actions; *c != '\0'; ) {
		size_t n = strcspn(c, ",");
		json_array_append_new(a, json_stringn(c, n));
		c += n + (c[n] == ',');
	}
	return a;
}

static int
json_text_cmp(const void *a, const void *b)
{
	char *ta = json_dumps(*(json_t *const *)a, JSON_COMPACT);
	char *tb = json_dumps(*(json_t *const *)b, JSON_COMPACT);
	int c = ta != NULL && tb != NULL ? strcmp(ta, tb) : 0;

	free(ta);
	free(tb);
	return c;
}

/* The command's own filters, in the order of their compact JSON text. */
static json_t *
owns_encode(const struct profile_run *run)
{
	json_t **v = xcalloc(run->nown, sizeof *v), *a = json_array();

	for (size_t i = 0; i < run->nown; i++) {
		v[i] = json_object();
		if (run->own[i].exe != NULL)
			json_object_set_new(v[i], "exe", jstring_encode(run->own[i].exe));
		json_object_set_new(v[i], "actions", actions_encode(run->own[i].actions));
		json_object_set_new(v[i], "hidden", json_boolean(run->own[i].hidden));
	}
	qsort(v, run->nown, sizeof *v, json_text_cmp);
	for (size_t i = 0; i < run->nown; i++)
		json_array_append_new(a, v[i]);
	free(v);
	return a;
}

static json_t *
run_encode(const struct profile_run *run)
{
	json_t *o = json_object(), *argv = json_array();

	for (char **a = run->argv; *a != NULL; a++)
		json_array_append_new(argv, jstring_encode(*a));
	json_object_set_new(o, "argv", argv);
	json_object_set_new(o, "exit", json_integer(run->exit_status));
	json_object_set_new(o, "backend", json_string(run->backend));
	if (run->baseline != NULL)
		json_object_set_new(o, "baseline", jstring_encode(run->baseline));
	if (run->launch != NULL)
		json_object_set_new(o, "launch", json_string(run->launch));
	if (run->nown > 0)
		json_object_set_new(o, "own_filters", owns_encode(run));
	return o;
}

struct run_text {
	char *text;
	json_t *json;
};

static int
run_text_cmp(const void *a, const void *b)
{
	return strcmp(((const struct run_text *)a)->text,
	    ((const struct run_text *)b)->text);
}

/* Runs in the order of their compact JSON text, so that merges commute. */
static json_t *
runs_encode(const struct profile *p)
{
	struct run_text *v = xcalloc(p->nruns, sizeof *v);
	json_t *a = json_array();

	for (size_t i = 0; i < p->nruns; i++) {
		v[i].json = run_encode(&p->runs[i]);
		v[i].text = json_dumps(v[i].json, JSON_COMPACT);
		if (v[i].text == NULL)
			msg_fatal("out of memory");
	}
	qsort(v, p->nruns, sizeof *v, run_text_cmp);
	for (size_t i = 0; i < p->nruns; i++) {
		json_array_append_new(a, v[i].json);
		free(v[i].text);
	}
	free(v);
	return a;
}

json_t *
profile_json_encode(const struct profile *p)
{
	json_t *doc = json_object(), *calls = json_array();
	struct modtab *t = modtab_from_profile(p);
	size_t n;
	struct profile_call **v = profile_sorted_calls(p, &n);

	json_object_set_new(doc, "format", json_string(PROFILE_JSON_FORMAT));
	json_object_set_new(doc, "version", json_integer(PROFILE_JSON_VERSION));
	json_object_set_new(doc, "stack_limit", json_integer(p->stack_limit));
	json_object_set_new(doc, "runs", runs_encode(p));
	json_object_set_new(doc, "modules", modules_encode(t));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(calls, call_encode(t, v[i]));
	free(v);
	modtab_free(t);
	json_object_set_new(doc, "syscalls", calls);
	return doc;
}

/* Decoding: each helper gets WHERE, a path such as "syscalls[3].stacks[0]". */

/* Set ERR to what was wrong at WHERE (a JSON path; "" for the document),
 * at its member KEY when that is the value at fault, and return -EINVAL. */
static int
bad(struct profile_json_error *err, const char *where, const char *key,
	const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	err->what = xasprintf("%s: %s", *where != '\0' ? where : "top level", what);
	if (key == NULL)
		err->path = xstrdup(where);
	else
		err->path = xasprintf("%s%s%s", where, *where != '\0' ? "." : "", key);
	free(what);
	return -EINVAL;
}

static const char *
json_kind(const json_t *v)
{
	static const char *const kinds[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
		[JSON_STRING] = "a string", [JSON_INTEGER] = "an integer",
		[JSON_REAL] = "a number", [JSON_TRUE] = "true",
		[JSON_FALSE] = "false", [JSON_NULL] = "null",
	};
	return v == NULL ? "nothing" : kinds[json_typeof(v)];
}

/* Fetch member KEY of OBJ, which must have type TYPE (or be absent if OPTIONAL). */
static int
member(const json_t *obj, const char *where, const char *key, json_type type,
	bool optional, json_t **out, struct profile_json_error *err)
{
	static const char *const wanted[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
		[JSON_STRING] = "a string", [JSON_INTEGER] = "an integer",
		[JSON_TRUE] = "true or false",
	};
	json_t *v = json_object_get(obj, key);

	*out = v;
	if (v == NULL && optional)
		return 0;
	if (v != NULL && (json_typeof(v) == type ||
	    (type == JSON_TRUE && json_is_boolean(v))))
		return 0;
	return bad(err, where, v != NULL ? key : NULL, "\"%s\" should be %s, "
	    "found %s", key, wanted[type], json_kind(v));
}

static int
count_member(const json_t *obj, const char *where, uint64_t *count,
	struct profile_json_error *err)
{
	json_t *v;
	int rc = member(obj, where, "count", JSON_INTEGER, false, &v, err);

	if (rc != 0)
		return rc;
	if (json_integer_value(v) < 0)
		return bad(err, where, "count", "\"count\" should be 0 or more, found %"
		    JSON_INTEGER_FORMAT, json_integer_value(v));
	*count = (uint64_t)json_integer_value(v);
	return 0;
}

/* What the decoders share: the profile being filled, and the file's module
 * table (empty in version 1, which had none). */
struct decoding {
	struct profile *p;
	struct modtab *modules;
	unsigned flags; /* PROFILE_JSON_CALLS_ONLY */
};

/* Parse TEXT, a hex number with "0x", into *V. */
static bool
hex_decode(const char *text, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(text, &end, 16);
	return strncmp(text, "0x", 2) == 0 && text[2] != '\0' && *end == '\0' &&
	    errno == 0 && strspn(text + 2, "0123456789abcdefABCDEF") == strlen(text + 2);
}

/* Fetch member KEY of OBJ as text of any bytes (core/jstring) into *OUT
 * (free() it; NULL when absent and OPTIONAL). */
static int
text_member(const json_t *obj, const char *where, const char *key, bool optional,
	char **out, struct profile_json_error *err)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL && optional)
		return 0;
	if (v != NULL && (*out = jstring_decode(v)) != NULL)
		return 0;
	return bad(err, where, v != NULL ? key : NULL, "\"%s\" should be a string, or "
	    "{\"bytes\": \"...\"} percent-encoded, found %s", key, json_kind(v));
}

/* A frame as an object, as version 1 wrote it: {"module", "build_id",
 * "offset"}, and "exact" when true. */
static int
frame_object_decode(const json_t *o, const char *where, struct profile_frame *f,
	struct profile_json_error *err)
{
	json_t *build_id, *offset, *exact;
	char *module;
	int rc;

	if ((rc = member(o, where, "build_id", JSON_STRING, true, &build_id, err)) ||
	    (rc = member(o, where, "offset", JSON_STRING, false, &offset, err)) ||
	    (rc = member(o, where, "exact", JSON_TRUE, true, &exact, err)) ||
	    (rc = text_member(o, where, "module", true, &module, err)))
		return rc;
	f->module = strpool_intern(module);
	free(module);
	if (!hex_decode(json_string_value(offset), &f->offset))
		return bad(err, where, "offset", "\"offset\" should be a hex number like "
		    "\"0x1f2\", found \"%s\"", json_string_value(offset));
	f->build_id = strpool_intern(json_string_value(build_id));
	f->exact = json_is_true(exact);
	return 0;
}

/* Parse the frame TEXT (changed in place): "[NAME+]0xHEX[ exact]". */
static int
frame_text_parse(const struct modtab *t, char *text, const char *where,
	struct profile_frame *f, struct profile_json_error *err)
{
	size_t len = strlen(text), sfx = strlen(FRAME_EXACT);
	char *plus, *hex = text;
	const struct modtab_module *m;

	if (len > sfx && strcmp(text + len - sfx, FRAME_EXACT) == 0) {
		text[len - sfx] = '\0';
		f->exact = 1;
	}
	plus = strrchr(text, '+');
	if (plus != NULL) {
		*plus = '\0';
		hex = plus + 1;
	}
	if (!hex_decode(hex, &f->offset))
		return bad(err, where, NULL, "the offset should be a hex number like "
		    "\"0x1f2\", found \"%s\"", hex);
	if (plus == NULL)
		return 0;
	m = modtab_find(t, strpool_intern(text));
	if (m == NULL)
		return bad(err, where, NULL, "no module named \"%s\" in \"modules\"", text);
	f->module = m->path;
	f->build_id = m->build_id;
	return 0;
}

/* A frame as text, "NAME+0xOFFSET" or "0xADDRESS" with " exact" after an
 * exact address, or as an object (version 1, still read). */
static int
frame_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_frame *f, struct profile_json_error *err)
{
	char *text;
	int rc;

	if (json_is_object(o))
		return frame_object_decode(o, where, f, err);
	if (!json_is_string(o))
		return bad(err, where, NULL, "a frame should be a string like "
		    "\"libc.so.6+0x1f2\", found %s", json_kind(o));
	text = xstrdup(json_string_value(o));
	rc = frame_text_parse(d->modules, text, where, f, err);
	free(text);
	return rc;
}

/* A stack, added to VALUE, or to CALL when VALUE is NULL. */
static int
stack_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_call *call, struct profile_value *value,
	struct profile_json_error *err)
{
	json_t *frames, *truncated;
	struct profile_frame *f;
	uint64_t count;
	size_t n;
	int rc;

	if (!json_is_object(o))
		return bad(err, where, NULL, "a stack should be an object, found %s",
		    json_kind(o));
	if ((rc = count_member(o, where, &count, err)) ||
	    (rc = member(o, where, "truncated", JSON_TRUE, true, &truncated, err)) ||
	    (rc = member(o, where, "frames", JSON_ARRAY, false, &frames, err)))
		return rc;
	n = json_array_size(frames);
	f = xcalloc(n, sizeof *f);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *at = xasprintf("%s.frames[%zu]", where, i);
		rc = frame_decode(d, json_array_get(frames, i), at, &f[i], err);
		free(at);
	}
	if (rc == 0 && value != NULL)
		profile_value_add_stack(value, f, (uint32_t)n, json_is_true(truncated),
		    count, UINT32_MAX);
	else if (rc == 0)
		profile_call_add_stack(call, f, (uint32_t)n, json_is_true(truncated),
		    count, UINT32_MAX);
	free(f);
	return rc;
}

static int
call_key_decode(const json_t *o, const char *where, enum arch *arch,
	uint32_t *nr, struct profile_json_error *err)
{
	json_t *a, *n, *name;
	const char *known;
	int rc;

	if ((rc = member(o, where, "arch", JSON_STRING, false, &a, err)) ||
	    (rc = member(o, where, "nr", JSON_INTEGER, false, &n, err)) ||
	    (rc = member(o, where, "name", JSON_STRING, true, &name, err)))
		return rc;
	if (arch_from_name(json_string_value(a), arch) != 0)
		return bad(err, where, "arch", "\"arch\" should be x86_64, i386 or x32, "
		    "found \"%s\"", json_string_value(a));
	if (json_integer_value(n) < 0 || json_integer_value(n) >= ARCH_X32_SYSCALL_BIT)
		return bad(err, where, "nr", "\"nr\" should be from 0 to %u, found %"
		    JSON_INTEGER_FORMAT, ARCH_X32_SYSCALL_BIT - 1,
		    json_integer_value(n));
	*nr = (uint32_t)json_integer_value(n);
	known = syscalls_name(*arch, *nr);
	if (name != NULL && known != NULL && strcmp(known, json_string_value(name)))
		return bad(err, where, "name", "\"name\" \"%s\" does not match %s call %u, "
		    "which is %s", json_string_value(name), arch_name(*arch), *nr,
		    known);
	return 0;
}

/* The stacks STACKS (an array, or NULL) of VALUE, or of CALL when VALUE is
 * NULL, at WHERE. */
static int
stacks_decode(const struct decoding *d, const json_t *stacks, const char *where,
	struct profile_call *call, struct profile_value *value,
	struct profile_json_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < json_array_size(stacks) && rc == 0; i++) {
		char *at = xasprintf("%s.stacks[%zu]", where, i);
		rc = stack_decode(d, json_array_get(stacks, i), at, call, value, err);
		free(at);
	}
	return rc;
}

/* One value of an argument: {"value": "0x…", "count", "stacks"}. */
static int
value_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_call *call, struct profile_arg *arg,
	struct profile_json_error *err)
{
	json_t *value, *stacks;
	struct profile_value *v;
	uint64_t x, count;
	int rc;

	if (!json_is_object(o))
		return bad(err, where, NULL, "a value should be an object, found %s",
		    json_kind(o));
	if ((rc = member(o, where, "value", JSON_STRING, false, &value, err)) ||
	    (rc = count_member(o, where, &count, err)) ||
	    (rc = member(o, where, "stacks", JSON_ARRAY, true, &stacks, err)))
		return rc;
	if (!hex_decode(json_string_value(value), &x))
		return bad(err, where, "value", "\"value\" should be a hex number like "
		    "\"0x5401\", found \"%s\"", json_string_value(value));
	v = profile_arg_add(arg, x, count);
	if (v == NULL || (d->flags & PROFILE_JSON_CALLS_ONLY))
		return 0;
	return stacks_decode(d, stacks, where, call, v, err);
}

/* One argument: {"index", "open", "values"}. */
static int
arg_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_call *call, struct profile_json_error *err)
{
	json_t *index, *open, *values;
	struct profile_arg *arg;
	int rc;

	if (!json_is_object(o))
		return bad(err, where, NULL, "an argument should be an object, found %s",
		    json_kind(o));
	if ((rc = member(o, where, "index", JSON_INTEGER, false, &index, err)) ||
	    (rc = member(o, where, "open", JSON_TRUE, true, &open, err)) ||
	    (rc = member(o, where, "values", JSON_ARRAY, true, &values, err)))
		return rc;
	if (json_integer_value(index) < 0 || json_integer_value(index) > 5)
		return bad(err, where, "index", "\"index\" should be from 0 to 5, found %"
		    JSON_INTEGER_FORMAT, json_integer_value(index));
	arg = profile_call_arg(call, (unsigned)json_integer_value(index));
	if (json_is_true(open))
		profile_arg_open(arg);
	for (size_t i = 0; i < json_array_size(values) && rc == 0; i++) {
		char *at = xasprintf("%s.values[%zu]", where, i);
		rc = value_decode(d, json_array_get(values, i), at, call, arg, err);
		free(at);
	}
	return rc;
}

static int
args_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_call *call, struct profile_json_error *err)
{
	json_t *args;
	int rc = member(o, where, "args", JSON_ARRAY, true, &args, err);

	for (size_t i = 0; i < json_array_size(args) && rc == 0; i++) {
		char *at = xasprintf("%s.args[%zu]", where, i);
		rc = arg_decode(d, json_array_get(args, i), at, call, err);
		free(at);
	}
	return rc;
}

/* Decode ARRAY, member KEY of the entry at WHERE, a list of texts of any
 * bytes, into *OUT (NULL-terminated; free() each and it). */
static int
texts_decode(const json_t *array, const char *where, const char *key, char ***out,
	struct profile_json_error *err)
{
	size_t n = json_array_size(array);
	char **v = xcalloc(n + 1, sizeof *v);

	*out = v;
	for (size_t i = 0; i < n; i++) {
		char at[48];

		if ((v[i] = jstring_decode(json_array_get(array, i))) != NULL)
			continue;
		snprintf(at, sizeof at, "%s[%zu]", key, i);
		return bad(err, where, at, "\"%s\" should hold strings (or {\"bytes\": "
		    "\"...\"} percent-encoded), found %s", key,
		    json_kind(json_array_get(array, i)));
	}
	return 0;
}

static void
texts_free(char **v)
{
	for (char **t = v; t != NULL && *t != NULL; t++)
		free(*t);
	free(v);
}

static int
call_exes_decode(const json_t *exes, const char *where, struct profile_call *call,
	struct profile_json_error *err)
{
	char **v;
	int rc = texts_decode(exes, where, "exes", &v, err);

	for (char **t = v; rc == 0 && *t != NULL; t++)
		profile_call_add_exe(call, strpool_intern(*t));
	texts_free(v);
	return rc;
}

static int
call_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_json_error *err)
{
	json_t *exes, *stacks;
	struct profile_call *call;
	uint64_t count;
	enum arch arch = ARCH_X86_64;
	uint32_t nr = 0;
	int rc;

	if (!json_is_object(o))
		return bad(err, where, NULL, "a syscall entry should be an object, "
		    "found %s", json_kind(o));
	if ((rc = call_key_decode(o, where, &arch, &nr, err)) ||
	    (rc = count_member(o, where, &count, err)) ||
	    (rc = member(o, where, "exes", JSON_ARRAY, true, &exes, err)) ||
	    (rc = member(o, where, "stacks", JSON_ARRAY, true, &stacks, err)))
		return rc;
	call = profile_get(d->p, arch, nr);
	call->count = profile_count_add(call->count, count);
	if ((rc = args_decode(d, o, where, call, err)) != 0 ||
	    (d->flags & PROFILE_JSON_CALLS_ONLY))
		return rc;
	if ((rc = call_exes_decode(exes, where, call, err)) != 0)
		return rc;
	return stacks_decode(d, stacks, where, call, NULL, err);
}

/* The "actions" of an own filter, names like "errno:77" (a string each,
 * neither empty nor holding a ','), joined by ',' into *JOINED. */
static int
actions_decode(const json_t *actions, const char *where, char **joined,
	struct profile_json_error *err)
{
	*joined = xstrdup("");
	for (size_t i = 0; i < json_array_size(actions); i++) {
		const char *name = json_string_value(json_array_get(actions, i));
		char at[48], *more;
		if (name == NULL || *name == '\0' || strchr(name, ',') != NULL) {
			snprintf(at, sizeof at, "actions[%zu]", i);
			return bad(err, where, at, "an action should be a name like "
			    "\"errno:77\" (no ','), found %s", name != NULL ? "another string" :
			    json_kind(json_array_get(actions, i)));
		}
		more = xasprintf("%s%s%s", *joined, **joined ? "," : "", name);
		free(*joined);
		*joined = more;
	}
	return 0;
}

/* One entry of a run's "own_filters": {"exe", "actions", "hidden"}. */
static int
own_decode(const json_t *o, const char *where, struct profile_run *run,
	struct profile_json_error *err)
{
	json_t *actions, *hidden;
	char *exe = NULL, *joined = NULL;
	int rc;

	if (!json_is_object(o))
		return bad(err, where, NULL, "an own filter should be an object, found %s",
		    json_kind(o));
	if ((rc = member(o, where, "actions", JSON_ARRAY, false, &actions, err)) == 0 &&
	    (rc = member(o, where, "hidden", JSON_TRUE, false, &hidden, err)) == 0 &&
	    (rc = text_member(o, where, "exe", true, &exe, err)) == 0 &&
	    (rc = actions_decode(actions, where, &joined, err)) == 0)
		profile_run_add_own(run, exe, joined, json_is_true(hidden));
	free(joined);
	free(exe);
	return rc;
}

static int
owns_decode(const json_t *o, const char *where, struct profile_run *run,
	struct profile_json_error *err)
{
	json_t *owns;
	int rc = member(o, where, "own_filters", JSON_ARRAY, true, &owns, err);

	for (size_t i = 0; i < json_array_size(owns) && rc == 0; i++) {
		char *at = xasprintf("%s.own_filters[%zu]", where, i);
		rc = own_decode(json_array_get(owns, i), at, run, err);
		free(at);
	}
	return rc;
}

/* A run's "launch": the name of an x86_64 call, or absent. */
static int
launch_decode(const json_t *o, const char *where, struct profile_run *run,
	struct profile_json_error *err)
{
	json_t *v;
	int rc = member(o, where, "launch", JSON_STRING, true, &v, err);

	if (rc != 0 || v == NULL)
		return rc;
	if (syscalls_number(ARCH_X86_64, json_string_value(v)) < 0)
		return bad(err, where, "launch", "\"launch\" should name an x86_64 system "
		    "call, found \"%s\"", json_string_value(v));
	profile_run_set_launch(run, json_string_value(v));
	return 0;
}

static int
run_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_json_error *err)
{
	json_t *argv, *status, *backend;
	char **v = NULL, *baseline = NULL;
	struct profile_run *run;
	int rc;

	(void)d;
	if (!json_is_object(o))
		return bad(err, where, NULL, "a run should be an object, found %s",
		    json_kind(o));
	if ((rc = member(o, where, "argv", JSON_ARRAY, false, &argv, err)) ||
	    (rc = member(o, where, "exit", JSON_INTEGER, false, &status, err)) ||
	    (rc = member(o, where, "backend", JSON_STRING, false, &backend, err)) ||
	    (rc = text_member(o, where, "baseline", true, &baseline, err)) ||
	    (rc = texts_decode(argv, where, "argv", &v, err)))
		goto out;
	run = profile_add_run(d->p, v, (int)json_integer_value(status),
	    json_string_value(backend), baseline);
	if ((rc = launch_decode(o, where, run, err)) == 0)
		rc = owns_decode(o, where, run, err);
out:
	texts_free(v);
	free(baseline);
	return rc;
}

/* The most stacks any call of DOC has: the limit of a file written without one. */
static unsigned
doc_max_stacks(const json_t *doc)
{
	json_t *calls = json_object_get(doc, "syscalls");
	size_t most = 0;

	for (size_t i = 0; i < json_array_size(calls); i++) {
		size_t n = json_array_size(json_object_get(json_array_get(calls, i),
		    "stacks"));
		most = n > most ? n : most;
	}
	return most > PROFILE_MAX_STACKS ? PROFILE_MAX_STACKS : (unsigned)most;
}

/* Check the top level of DOC; a stack limit raises P's. */
static int
header_decode(const json_t *doc, struct profile *p,
	struct profile_json_error *err)
{
	json_t *format, *v, *limit;
	unsigned most;
	int rc;

	if (!json_is_object(doc) ||
	    !json_is_string(format = json_object_get(doc, "format")) ||
	    strcmp(json_string_value(format), PROFILE_JSON_FORMAT) != 0)
		return bad(err, "", json_object_get(doc, "format") != NULL ? "format" :
		    NULL, "not a sandcast profile (expected an "
		    "object with \"format\": \"%s\")", PROFILE_JSON_FORMAT);
	if ((rc = member(doc, "", "version", JSON_INTEGER, false,
	    &v, err)) != 0)
		return rc;
	if (json_integer_value(v) > PROFILE_JSON_VERSION ||
	    json_integer_value(v) < 1)
		return bad(err, "", "version", "profile version %" JSON_INTEGER_FORMAT
		    " is not one this sandcast reads (1 to %d); upgrade sandcast",
		    json_integer_value(v), PROFILE_JSON_VERSION);
	if ((rc = member(doc, "", "stack_limit", JSON_INTEGER, true,
	    &limit, err)) != 0)
		return rc;
	if (limit != NULL && (json_integer_value(limit) < 0 ||
	    json_integer_value(limit) > PROFILE_MAX_STACKS))
		return bad(err, "", "stack_limit", "\"stack_limit\" should be from 0 to %d, "
		    "found %" JSON_INTEGER_FORMAT, PROFILE_MAX_STACKS, json_integer_value(limit));
	most = limit != NULL ? (unsigned)json_integer_value(limit) : doc_max_stacks(doc);
	p->stack_limit = profile_limit_combine(p->stack_limit, most);
	return 0;
}

/* One entry of "modules": {"name", "path", "build_id"}. */
static int
module_decode(const struct decoding *d, const json_t *o, const char *where,
	struct profile_json_error *err)
{
	json_t *name, *build_id;
	char *path;
	int rc;

	if (!json_is_object(o))
		return bad(err, where, NULL, "a module should be an object, found %s",
		    json_kind(o));
	if ((rc = member(o, where, "name", JSON_STRING, false, &name, err)) ||
	    (rc = member(o, where, "build_id", JSON_STRING, true, &build_id, err)) ||
	    (rc = text_member(o, where, "path", false, &path, err)))
		return rc;
	rc = modtab_add(d->modules, strpool_intern(json_string_value(name)),
	    strpool_intern(path), strpool_intern(json_string_value(build_id)));
	free(path);
	if (rc != 0)
		return bad(err, where, "name", "module name \"%s\" is given twice",
		    json_string_value(name));
	return 0;
}

typedef int (*entry_decoder)(const struct decoding *, const json_t *,
	const char *, struct profile_json_error *);

static int
array_decode(const json_t *doc, const char *key, entry_decoder decode,
	const struct decoding *d, struct profile_json_error *err)
{
	json_t *a;
	int rc = member(doc, "", key, JSON_ARRAY, true, &a, err);

	for (size_t i = 0; i < json_array_size(a) && rc == 0; i++) {
		char *at = xasprintf("%s[%zu]", key, i);
		rc = decode(d, json_array_get(a, i), at, err);
		free(at);
	}
	return rc;
}

int
profile_json_decode(const json_t *doc, struct profile *p, unsigned flags,
	struct profile_json_error *err)
{
	struct decoding d = { p, modtab_new(), flags };
	int rc;

	err->path = err->what = NULL;
	if ((rc = header_decode(doc, p, err)) == 0 &&
	    ((flags & PROFILE_JSON_CALLS_ONLY) ||
	    (rc = array_decode(doc, "modules", module_decode, &d, err)) == 0) &&
	    (rc = array_decode(doc, "runs", run_decode, &d, err)) == 0)
		rc = array_decode(doc, "syscalls", call_decode, &d, err);
	modtab_free(d.modules);
	return rc;
}
