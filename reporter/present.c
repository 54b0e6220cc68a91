#include <inttypes.h>
#include <string.h>

#include "core/jstring.h"
#include "core/message.h"
#include "core/path.h"
#include "core/syscalls.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "reporter/ownframe.h"
#include "reporter/present.h"

void
present_frame_words(const struct profile_frame *f,
	const struct symbolize_frame *sf, struct present_frame *out)
{
	const char *status = symbolize_status_text(sf->status);

	memset(out, 0, sizeof *out);
	if (sf->function != NULL) {
		snprintf(out->name, sizeof out->name, "%s+0x%" PRIx64, sf->function,
		    sf->function_offset);
		if (f->module != NULL)
			snprintf(out->module, sizeof out->module, "%s", path_base_name(f->module));
	} else if (f->module != NULL) {
		snprintf(out->name, sizeof out->name, "%s+0x%" PRIx64,
		    path_base_name(f->module), f->offset);
	} else {
		snprintf(out->name, sizeof out->name, "0x%" PRIx64, f->offset);
	}
	if (sf->file != NULL)
		snprintf(out->where, sizeof out->where, "%s:%d", path_base_name(sf->file),
		    sf->line);
	snprintf(out->note, sizeof out->note, "%s%s%s", status,
	    status[0] != '\0' && sf->debuginfo != NULL ? "; " : "",
	    sf->debuginfo != NULL ? "named from its debuginfo" : "");
}

void
present_name_plain(FILE *out, const char *name)
{
	char *shown = utf8_escape(name);

	fputs(shown, out);
	free(shown);
}

const struct present_style present_text_style = {
	present_name_plain, " [", "]", "", "",
};

static void
words_print(FILE *out, const struct present_frame *w, const struct present_style *style)
{
	style->name(out, w->name);
	if (w->where[0] != '\0') {
		fputs(" at ", out);
		style->name(out, w->where);
	}
	if (w->module[0] != '\0') {
		fputs(" in ", out);
		style->name(out, w->module);
	}
	if (w->note[0] != '\0')
		fprintf(out, "%s%s%s", style->note_open, w->note, style->note_close);
}

/* Print frame F in one line: "f3+0x31 at callchain.c:163 in callchain". */
static void
present_frame_print(FILE *out, struct symbolizer *s, const struct profile_frame *f)
{
	struct symbolize_frame sf;
	struct present_frame w;

	symbolize_frame(s, f, &sf);
	present_frame_words(f, &sf, &w);
	words_print(out, &w, &present_text_style);
}

static void
set_hex(json_t *o, const char *key, uint64_t v)
{
	char text[32];

	snprintf(text, sizeof text, "0x%" PRIx64, v);
	json_object_set_new(o, key, json_string(text));
}

static void
set_string(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, jstring_encode(v));
}

/* Return frame F, resolved as SF, as a JSON object: the recorded fields
 * (exact only when true), then function, function_offset, file, line,
 * module_status and debuginfo. */
static json_t *
present_frame_json(const struct profile_frame *f, const struct symbolize_frame *sf)
{
	json_t *o = json_object();

	set_string(o, "module", f->module);
	set_string(o, "build_id", f->build_id);
	set_hex(o, "offset", f->offset);
	if (f->exact)
		json_object_set_new(o, "exact", json_true());
	set_string(o, "function", sf->function);
	if (sf->function != NULL)
		set_hex(o, "function_offset", sf->function_offset);
	set_string(o, "file", sf->file);
	if (sf->file != NULL)
		json_object_set_new(o, "line", json_integer(sf->line));
	json_object_set_new(o, "module_status",
	    json_string(symbolize_status_name(sf->status)));
	set_string(o, "debuginfo", sf->debuginfo);
	return o;
}

uint64_t
present_unattributed(const struct profile_call *call)
{
	struct profile_stack *st, *tmp;
	uint64_t covered = 0;

	HASH_ITER(hh, call->stacks, st, tmp)
		covered += st->count;
	return covered < call->count ? call->count - covered : 0;
}

const char *
present_plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

void
present_exes_print_as(FILE *out, const struct profile_call *call, const char *sep,
	present_name_fn name)
{
	size_t n;
	const char **exes = profile_call_sorted_exes(call, &n);

	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputs(sep, out);
		name(out, exes[i]);
	}
	free(exes);
}

void
present_exes_print(FILE *out, const struct profile_call *call, const char *sep)
{
	present_exes_print_as(out, call, sep, present_name_plain);
}

void
present_stack_print(FILE *out, struct symbolizer *s, const struct profile_stack *stack,
	int indent)
{
	for (uint32_t j = 0; j < stack->nframes; j++) {
		const struct profile_frame *f = &stack->frames[j];
		fprintf(out, "%*s#%-2u ", indent, "", j);
		present_frame_print(out, s, f);
		/* Exact frames come in pairs: the trampoline, then the frame the
		 * signal interrupted. */
		if (f->exact)
			fputs(j + 1 < stack->nframes && f[1].exact ?
			    " (signal trampoline)" : " (interrupted by a signal)", out);
		fputc('\n', out);
	}
	if (stack->truncated)
		fprintf(out, "%*s... truncated: the unwinder stopped here\n", indent, "");
}

void
present_stacks_print(FILE *out, struct symbolizer *s,
	const struct profile_call *call, int indent)
{
	struct profile_stack **v = profile_call_sorted_stacks(call);
	uint64_t rest = present_unattributed(call);

	for (unsigned i = 0; i < call->nstacks; i++) {
		fprintf(out, "%*sstack %u of %u, %" PRIu64 " call%s:\n", indent, "",
		    i + 1, call->nstacks, v[i]->count, present_plural(v[i]->count));
		present_stack_print(out, s, v[i], indent + 2);
	}
	if (call->nstacks == 0)
		fprintf(out, "%*sno stack recorded\n", indent, "");
	else if (rest > 0)
		fprintf(out, "%*s%" PRIu64 " more call%s, stacks not kept\n", indent,
		    "", rest, present_plural(rest));
	free(v);
}

/* Return the stacks of CALL as a JSON array of {count, truncated, frames}. */
static json_t *
present_stacks_json(struct symbolizer *s, const struct profile_call *call)
{
	struct profile_stack **v = profile_call_sorted_stacks(call);
	json_t *a = json_array();

	for (unsigned i = 0; i < call->nstacks; i++) {
		json_t *o = json_object(), *frames = json_array();
		json_object_set_new(o, "count", json_integer((json_int_t)v[i]->count));
		json_object_set_new(o, "truncated", json_boolean(v[i]->truncated));
		for (uint32_t j = 0; j < v[i]->nframes; j++) {
			struct symbolize_frame sf;
			symbolize_frame(s, &v[i]->frames[j], &sf);
			json_array_append_new(frames,
			    present_frame_json(&v[i]->frames[j], &sf));
		}
		json_object_set_new(o, "frames", frames);
		json_array_append_new(a, o);
	}
	free(v);
	return a;
}

static int
first_cmp(const void *pa, const void *pb)
{
	const struct present_first *a = pa, *b = pb;

	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((a->frame == NULL) != (b->frame == NULL))
		return a->frame == NULL ? 1 : -1;
	if (a->cut != b->cut)
		return a->cut ? 1 : -1;
	c = strcmp(a->words.name, b->words.name);
	return c != 0 ? c : strcmp(a->words.module, b->words.module);
}

/* Add COUNT calls through frame F (NULL: C runtime only, CUT when the stack
 * was cut short there) to the set V of N. */
static void
first_add(struct symbolizer *s, struct present_first *v, size_t *n,
	const struct profile_frame *f, bool cut, uint64_t count)
{
	struct present_first e = { .count = count, .frame = f, .cut = f == NULL && cut };

	if (f != NULL) {
		symbolize_frame(s, f, &e.sym);
		present_frame_words(f, &e.sym, &e.words);
	}
	for (size_t i = 0; i < *n; i++) {
		if ((v[i].frame == NULL) == (f == NULL) && v[i].cut == e.cut &&
		    strcmp(v[i].words.name, e.words.name) == 0 &&
		    strcmp(v[i].words.module, e.words.module) == 0) {
			v[i].count += count;
			return;
		}
	}
	v[(*n)++] = e;
}

struct present_first *
present_first_frames(struct symbolizer *s, const struct profile_call *call, size_t *n)
{
	struct present_first *v = xcalloc(call->nstacks + 1, sizeof *v);
	struct profile_stack *st, *tmp;

	*n = 0;
	HASH_ITER(hh, call->stacks, st, tmp) {
		int i = ownframe_find(st, s);
		first_add(s, v, n, i >= 0 ? &st->frames[i] : NULL, st->truncated, st->count);
	}
	qsort(v, *n, sizeof *v, first_cmp);
	return v;
}

void
present_first_print(FILE *out, const struct present_first *f,
	const struct present_style *style)
{
	if (f->frame != NULL)
		words_print(out, &f->words, style);
	else
		fprintf(out, "%s%s%s", style->em_open, f->cut ?
		    "unknown, the stack stops in the C runtime" : "C runtime only",
		    style->em_close);
}

void
present_first_frames_print(FILE *out, struct symbolizer *s,
	const struct profile_call *call, int indent)
{
	size_t n;
	struct present_first *v = present_first_frames(s, call, &n);

	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%*sfirst frame in your code: ", indent, "");
		present_first_print(out, &v[i], &present_text_style);
		if (n > 1)
			fprintf(out, " (%" PRIu64 " call%s)", v[i].count, present_plural(v[i].count));
		fputc('\n', out);
	}
	free(v);
}

/* Return the first frames of CALL as a JSON array of {count, frame}, the
 * frame null for stacks that hold the C runtime only, with "truncated" true
 * when the unwinder stopped there. */
static json_t *
present_first_frames_json(struct symbolizer *s, const struct profile_call *call)
{
	size_t n;
	struct present_first *v = present_first_frames(s, call, &n);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "count", json_integer((json_int_t)v[i].count));
		json_object_set_new(o, "frame", v[i].frame != NULL ?
		    present_frame_json(v[i].frame, &v[i].sym) : json_null());
		if (v[i].cut)
			json_object_set_new(o, "truncated", json_true());
		json_array_append_new(a, o);
	}
	free(v);
	return a;
}

json_t *
present_call_json(struct symbolizer *s, const struct profile_call *call, bool stacks)
{
	json_t *o = json_object(), *exes = json_array();
	size_t n;
	const char **paths = profile_call_sorted_exes(call, &n);
	char buf[32];

	json_object_set_new(o, "arch", json_string(arch_name(call->key.arch)));
	json_object_set_new(o, "name", json_string(present_call_name(call, buf, sizeof buf)));
	json_object_set_new(o, "nr", json_integer(call->key.nr));
	json_object_set_new(o, "count", json_integer((json_int_t)call->count));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(exes, jstring_encode(paths[i]));
	free(paths);
	json_object_set_new(o, "exes", exes);
	json_object_set_new(o, "first_frames", present_first_frames_json(s, call));
	if (stacks) {
		json_object_set_new(o, "stacks", present_stacks_json(s, call));
		json_object_set_new(o, "unattributed",
		    json_integer((json_int_t)present_unattributed(call)));
	}
	return o;
}

void
present_json_print(FILE *out, json_t *doc)
{
	if (json_dumpf(doc, out, JSON_INDENT(2)) != 0 || fputc('\n', out) == EOF)
		msg_fatal("cannot write to standard output");
	json_decref(doc);
}

size_t
present_arch_end(struct profile_call *const *v, size_t n, size_t start)
{
	size_t end = start;

	while (end < n && v[end]->key.arch == v[start]->key.arch)
		end++;
	return end;
}

const char *
present_call_name(const struct profile_call *call, char *buf, unsigned size)
{
	return syscalls_describe(call->key.arch, call->key.nr, buf, size);
}

static int
call_name_cmp(const void *pa, const void *pb)
{
	const struct profile_call *a = *(const struct profile_call *const *)pa;
	const struct profile_call *b = *(const struct profile_call *const *)pb;
	char abuf[32], bbuf[32];
	int c;

	if (a->key.arch != b->key.arch)
		return a->key.arch < b->key.arch ? -1 : 1;
	c = strcmp(present_call_name(a, abuf, sizeof abuf),
	    present_call_name(b, bbuf, sizeof bbuf));
	if (c != 0)
		return c;
	return (a->key.nr > b->key.nr) - (a->key.nr < b->key.nr);
}

struct profile_call **
present_calls_by_name(const struct profile *p, arch_mask mask, size_t *n)
{
	struct profile_call **v = profile_sorted_calls(p, n);
	size_t kept = 0;

	for (size_t i = 0; i < *n; i++) {
		if (mask & (1u << v[i]->key.arch))
			v[kept++] = v[i];
	}
	*n = kept;
	qsort(v, kept, sizeof *v, call_name_cmp);
	return v;
}
