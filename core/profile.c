#include <string.h>

#include "core/argtable.h"
#include "core/profile.h"
#include "core/xmalloc.h"

void
profile_init(struct profile *p)
{
	memset(p, 0, sizeof *p);
}

static void
stacks_free(struct profile_stack **head)
{
	struct profile_stack *s, *stmp;

	HASH_ITER(hh, *head, s, stmp) {
		HASH_DEL(*head, s);
		free(s->frames);
		free(s);
	}
}

static void
values_free(struct profile_arg *arg)
{
	struct profile_value *v, *vtmp;

	HASH_ITER(hh, arg->values, v, vtmp) {
		HASH_DEL(arg->values, v);
		stacks_free(&v->stacks);
		free(v);
	}
	arg->nvalues = 0;
}

static void
profile_call_free(struct profile_call *call)
{
	struct profile_exe *e, *etmp;

	stacks_free(&call->stacks);
	HASH_ITER(hh, call->exes, e, etmp) {
		HASH_DEL(call->exes, e);
		free(e);
	}
	for (unsigned i = 0; i < call->nargs; i++)
		values_free(&call->args[i]);
	free(call->args);
	free(call);
}

static void
profile_run_free(struct profile_run *run)
{
	for (char **a = run->argv; *a != NULL; a++)
		free(*a);
	free(run->argv);
	free(run->backend);
	free(run->baseline);
	free(run->launch);
	for (size_t i = 0; i < run->nown; i++) {
		free(run->own[i].exe);
		free(run->own[i].actions);
	}
	free(run->own);
}

void
profile_free(struct profile *p)
{
	struct profile_call *call, *tmp;

	HASH_ITER(hh, p->calls, call, tmp) {
		HASH_DEL(p->calls, call);
		profile_call_free(call);
	}
	for (size_t i = 0; i < p->nruns; i++)
		profile_run_free(&p->runs[i]);
	free(p->runs);
	profile_init(p);
}

struct profile_call *
profile_find(const struct profile *p, enum arch arch, uint32_t nr)
{
	struct profile_key key = { .arch = arch, .nr = nr };
	struct profile_call *call;

	HASH_FIND(hh, p->calls, &key, sizeof key, call);
	return call;
}

struct profile_call *
profile_get(struct profile *p, enum arch arch, uint32_t nr)
{
	struct profile_call *call = profile_find(p, arch, nr);

	if (call == NULL) {
		call = xcalloc(1, sizeof *call);
		call->key.arch = arch;
		call->key.nr = nr;
		HASH_ADD(hh, p->calls, key, sizeof call->key, call);
	}
	return call;
}

void
profile_call_add_exe(struct profile_call *call, const char *exe)
{
	struct profile_exe *e;

	if (exe == NULL || exe == call->last_exe)
		return;
	call->last_exe = exe;
	HASH_FIND_PTR(call->exes, &exe, e);
	if (e != NULL)
		return;
	e = xmalloc(sizeof *e);
	e->path = exe;
	HASH_ADD_PTR(call->exes, path, e);
}

static struct profile_stack *
stacks_find(struct profile_stack *head, const struct profile_frame *frames,
	uint32_t nframes)
{
	struct profile_stack *s;

	HASH_FIND(hh, head, frames, nframes * sizeof *frames, s);
	return s;
}

struct profile_stack *
profile_call_find_stack(const struct profile_call *call,
	const struct profile_frame *frames, uint32_t nframes)
{
	return stacks_find(call->stacks, frames, nframes);
}

/* Add COUNT to the stack FRAMES of the set *HEAD of *N stacks, keeping a
 * new one only while *N is under CAP. */
static struct profile_stack *
stacks_add(struct profile_stack **head, unsigned *n,
	const struct profile_frame *frames, uint32_t nframes, bool truncated,
	uint64_t count, unsigned cap)
{
	struct profile_stack *s = stacks_find(*head, frames, nframes);

	if (s == NULL) {
		if (*n >= cap)
			return NULL;
		s = xcalloc(1, sizeof *s);
		s->nframes = nframes;
		s->frames = xcalloc(nframes, sizeof *frames);
		memcpy(s->frames, frames, nframes * sizeof *frames);
		s->hash = profile_stack_hash(frames, nframes);
		HASH_ADD_KEYPTR(hh, *head, s->frames, nframes * sizeof *frames, s);
		(*n)++;
	}
	s->truncated = s->truncated || truncated;
	s->count = profile_count_add(s->count, count);
	return s;
}

struct profile_stack *
profile_call_add_stack(struct profile_call *call,
	const struct profile_frame *frames, uint32_t nframes, bool truncated,
	uint64_t count, unsigned cap)
{
	return stacks_add(&call->stacks, &call->nstacks, frames, nframes, truncated,
	    count, cap);
}

struct profile_stack *
profile_value_add_stack(struct profile_value *v,
	const struct profile_frame *frames, uint32_t nframes, bool truncated,
	uint64_t count, unsigned cap)
{
	return stacks_add(&v->stacks, &v->nstacks, frames, nframes, truncated,
	    count, cap);
}

const struct profile_arg *
profile_call_find_arg(const struct profile_call *call, unsigned index)
{
	for (unsigned i = 0; i < call->nargs; i++) {
		if (call->args[i].index == index)
			return &call->args[i];
	}
	return NULL;
}

struct profile_arg *
profile_call_arg(struct profile_call *call, unsigned index)
{
	unsigned i = 0;

	while (i < call->nargs && call->args[i].index < index)
		i++;
	if (i < call->nargs && call->args[i].index == index)
		return &call->args[i];
	call->args = xreallocarray(call->args, call->nargs + 1, sizeof *call->args);
	memmove(&call->args[i + 1], &call->args[i],
	    (call->nargs - i) * sizeof *call->args);
	call->nargs++;
	memset(&call->args[i], 0, sizeof *call->args);
	call->args[i].index = index;
	return &call->args[i];
}

struct profile_value *
profile_arg_find(const struct profile_arg *arg, uint64_t value)
{
	struct profile_value *v;

	HASH_FIND(hh, arg->values, &value, sizeof value, v);
	return v;
}

void
profile_arg_open(struct profile_arg *arg)
{
	values_free(arg);
	arg->open = true;
}

struct profile_value *
profile_arg_add(struct profile_arg *arg, uint64_t value, uint64_t count)
{
	struct profile_value *v;

	if (arg->open)
		return NULL;
	v = profile_arg_find(arg, value);
	if (v == NULL) {
		if (arg->nvalues >= ARGTABLE_MAX_VALUES) {
			profile_arg_open(arg);
			return NULL;
		}
		v = xcalloc(1, sizeof *v);
		v->value = value;
		HASH_ADD(hh, arg->values, value, sizeof v->value, v);
		arg->nvalues++;
	}
	v->count = profile_count_add(v->count, count);
	return v;
}

uint64_t
profile_count_add(uint64_t a, uint64_t b)
{
	if (a >= PROFILE_COUNT_MAX || b >= PROFILE_COUNT_MAX - a)
		return PROFILE_COUNT_MAX;
	return a + b;
}

unsigned
profile_limit_combine(unsigned a, unsigned b)
{
	if (a == 0 || b == 0)
		return a | b;
	return a < b ? a : b;
}

/* FNV-1a over N bytes at P, continuing from H. */
static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	for (const unsigned char *c = p; n-- > 0; c++)
		h = (h ^ *c) * 0x100000001b3ULL;
	return h;
}

/* A string, or its absence, told apart from any other. */
static uint64_t
hash_string(uint64_t h, const char *s)
{
	unsigned char tag = s != NULL;

	h = hash_bytes(h, &tag, 1);
	return s != NULL ? hash_bytes(h, s, strlen(s) + 1) : h;
}

static uint64_t
hash_u64(uint64_t h, uint64_t v)
{
	unsigned char le[8];

	for (int i = 0; i < 8; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	return hash_bytes(h, le, sizeof le);
}

uint64_t
profile_stack_hash(const struct profile_frame *frames, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (uint32_t i = 0; i < n; i++) {
		h = hash_string(h, frames[i].module);
		h = hash_string(h, frames[i].build_id);
		h = hash_u64(h, frames[i].offset);
		h = hash_u64(h, frames[i].exact);
	}
	/* The finalizer of splitmix64: every bit of the frames moves the top. */
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static char **
argv_copy(char *const *argv)
{
	size_t n = 0;
	char **copy;

	while (argv[n] != NULL)
		n++;
	copy = xcalloc(n + 1, sizeof *copy);
	for (size_t i = 0; i < n; i++)
		copy[i] = xstrdup(argv[i]);
	return copy;
}

struct profile_run *
profile_add_run(struct profile *p, char *const *argv, int exit_status,
	const char *backend, const char *baseline)
{
	struct profile_run *run;

	p->runs = xreallocarray(p->runs, p->nruns + 1, sizeof *p->runs);
	run = &p->runs[p->nruns++];
	memset(run, 0, sizeof *run);
	run->argv = argv_copy(argv);
	run->exit_status = exit_status;
	run->backend = xstrdup(backend);
	run->baseline = baseline != NULL ? xstrdup(baseline) : NULL;
	return run;
}

void
profile_run_set_launch(struct profile_run *run, const char *call)
{
	free(run->launch);
	run->launch = call != NULL ? xstrdup(call) : NULL;
}

void
profile_run_add_own(struct profile_run *run, const char *exe, const char *actions,
	bool hidden)
{
	struct profile_own *o;

	for (size_t i = 0; i < run->nown; i++) {
		o = &run->own[i];
		if (strcmp_null(o->exe, exe) == 0 && strcmp(o->actions, actions) == 0 &&
		    o->hidden == hidden)
			return;
	}
	run->own = xreallocarray(run->own, run->nown + 1, sizeof *run->own);
	o = &run->own[run->nown++];
	o->exe = exe != NULL ? xstrdup(exe) : NULL;
	o->actions = xstrdup(actions);
	o->hidden = hidden;
}

/* Unite the values of SRC into DST: open when either is or when the union
 * has too many, which does not depend on the order of merges. */
static void
profile_merge_arg(struct profile_arg *dst, const struct profile_arg *src)
{
	struct profile_value *v, *vtmp, *to;
	struct profile_stack *s, *stmp;

	if (src->open)
		profile_arg_open(dst);
	HASH_ITER(hh, src->values, v, vtmp) {
		if ((to = profile_arg_add(dst, v->value, v->count)) == NULL)
			return;
		HASH_ITER(hh, v->stacks, s, stmp) {
			profile_value_add_stack(to, s->frames, s->nframes, s->truncated,
			    s->count, UINT32_MAX);
		}
	}
}

static void
profile_merge_call(struct profile *dst, const struct profile_call *src)
{
	struct profile_call *call = profile_get(dst, src->key.arch, src->key.nr);
	struct profile_exe *e, *etmp;
	struct profile_stack *s, *stmp;

	call->count = profile_count_add(call->count, src->count);
	HASH_ITER(hh, src->exes, e, etmp)
		profile_call_add_exe(call, e->path);
	HASH_ITER(hh, src->stacks, s, stmp) {
		profile_call_add_stack(call, s->frames, s->nframes, s->truncated,
		    s->count, UINT32_MAX);
	}
	for (unsigned i = 0; i < src->nargs; i++)
		profile_merge_arg(profile_call_arg(call, src->args[i].index), &src->args[i]);
}

void
profile_merge(struct profile *dst, const struct profile *src)
{
	struct profile_call *call, *tmp;

	dst->stack_limit = profile_limit_combine(dst->stack_limit, src->stack_limit);

	HASH_ITER(hh, src->calls, call, tmp)
		profile_merge_call(dst, call);
	for (size_t i = 0; i < src->nruns; i++) {
		const struct profile_run *r = &src->runs[i];
		struct profile_run *copy = profile_add_run(dst, r->argv, r->exit_status,
		    r->backend, r->baseline);
		profile_run_set_launch(copy, r->launch);
		for (size_t j = 0; j < r->nown; j++)
			profile_run_add_own(copy, r->own[j].exe, r->own[j].actions,
			    r->own[j].hidden);
	}
}

int
profile_module_cmp(const char *path_a, const char *id_a, const char *path_b,
	const char *id_b)
{
	int c = strcmp_null(path_a, path_b);

	return c != 0 ? c : strcmp_null(id_a, id_b);
}

static int
frame_cmp(const struct profile_frame *a, const struct profile_frame *b)
{
	int c = profile_module_cmp(a->module, a->build_id, b->module, b->build_id);

	if (c == 0)
		c = (a->offset > b->offset) - (a->offset < b->offset);
	if (c == 0)
		c = (a->exact > b->exact) - (a->exact < b->exact);
	return c;
}

/* Compare the frames of stacks A and B, then their number. */
static int
frames_cmp(const struct profile_stack *a, const struct profile_stack *b)
{
	for (uint32_t i = 0; i < a->nframes && i < b->nframes; i++) {
		int c = frame_cmp(&a->frames[i], &b->frames[i]);
		if (c != 0)
			return c;
	}
	return (a->nframes > b->nframes) - (a->nframes < b->nframes);
}

static int
stack_cmp(const void *pa, const void *pb)
{
	const struct profile_stack *a = *(const struct profile_stack *const *)pa;
	const struct profile_stack *b = *(const struct profile_stack *const *)pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return frames_cmp(a, b);
}

static struct profile_stack **
stacks_sorted(struct profile_stack *head, unsigned n)
{
	struct profile_stack **v = xcalloc(n, sizeof *v);
	struct profile_stack *s, *tmp;
	size_t i = 0;

	HASH_ITER(hh, head, s, tmp)
		v[i++] = s;
	qsort(v, i, sizeof *v, stack_cmp);
	return v;
}

struct profile_stack **
profile_call_sorted_stacks(const struct profile_call *call)
{
	return stacks_sorted(call->stacks, call->nstacks);
}

struct profile_stack **
profile_value_sorted_stacks(const struct profile_value *v)
{
	return stacks_sorted(v->stacks, v->nstacks);
}

void
profile_value_as_call(const struct profile_call *call, const struct profile_value *v,
	struct profile_call *out)
{
	memset(out, 0, sizeof *out);
	out->key = call->key;
	out->count = call->count;
	if (v != NULL) {
		out->count = v->count;
		out->stacks = v->stacks;
		out->nstacks = v->nstacks;
	}
}

static int
value_cmp(const void *pa, const void *pb)
{
	const struct profile_value *a = *(const struct profile_value *const *)pa;
	const struct profile_value *b = *(const struct profile_value *const *)pb;

	return (a->value > b->value) - (a->value < b->value);
}

struct profile_value **
profile_arg_sorted_values(const struct profile_arg *arg)
{
	struct profile_value **v = xcalloc(arg->nvalues + 1, sizeof *v);
	struct profile_value *x, *tmp;
	size_t n = 0;

	HASH_ITER(hh, arg->values, x, tmp)
		v[n++] = x;
	qsort(v, n, sizeof *v, value_cmp);
	return v;
}

/* Order stacks by hash, then by frames: which ones a cap keeps. */
static int
stack_hash_cmp(const void *pa, const void *pb)
{
	const struct profile_stack *a = *(const struct profile_stack *const *)pa;
	const struct profile_stack *b = *(const struct profile_stack *const *)pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return frames_cmp(a, b);
}

/* Keep at most CAP of the set *HEAD of *N stacks: those of smallest hash. */
static void
stacks_cap(struct profile_stack **head, unsigned *n, unsigned cap)
{
	struct profile_stack **v, *s, *tmp;
	size_t i = 0;

	if (*n <= cap)
		return;
	v = xcalloc(*n, sizeof *v);
	HASH_ITER(hh, *head, s, tmp)
		v[i++] = s;
	qsort(v, i, sizeof *v, stack_hash_cmp);
	for (size_t j = cap; j < i; j++) {
		HASH_DEL(*head, v[j]);
		free(v[j]->frames);
		free(v[j]);
	}
	*n = cap;
	free(v);
}

void
profile_cap_stacks(struct profile *p, unsigned cap)
{
	struct profile_call *call, *tmp;
	struct profile_value *v, *vtmp;

	HASH_ITER(hh, p->calls, call, tmp) {
		stacks_cap(&call->stacks, &call->nstacks, cap);
		for (unsigned i = 0; i < call->nargs; i++) {
			HASH_ITER(hh, call->args[i].values, v, vtmp)
				stacks_cap(&v->stacks, &v->nstacks, cap);
		}
	}
}

static int
call_cmp(const void *pa, const void *pb)
{
	const struct profile_call *a = *(const struct profile_call *const *)pa;
	const struct profile_call *b = *(const struct profile_call *const *)pb;

	if (a->key.arch != b->key.arch)
		return a->key.arch < b->key.arch ? -1 : 1;
	return (a->key.nr > b->key.nr) - (a->key.nr < b->key.nr);
}

struct profile_call **
profile_sorted_calls(const struct profile *p, size_t *n)
{
	struct profile_call **v = xcalloc(HASH_COUNT(p->calls), sizeof *v);
	struct profile_call *call, *tmp;

	*n = 0;
	HASH_ITER(hh, p->calls, call, tmp)
		v[(*n)++] = call;
	qsort(v, *n, sizeof *v, call_cmp);
	return v;
}

static int
str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **
profile_call_sorted_exes(const struct profile_call *call, size_t *n)
{
	const char **v = xcalloc(HASH_COUNT(call->exes), sizeof *v);
	struct profile_exe *e, *tmp;

	*n = 0;
	HASH_ITER(hh, call->exes, e, tmp)
		v[(*n)++] = e->path;
	qsort(v, *n, sizeof *v, str_ptr_cmp);
	return v;
}

void
profile_count_per_arch(const struct profile *p, size_t counts[ARCH_COUNT])
{
	struct profile_call *call, *tmp;

	memset(counts, 0, ARCH_COUNT * sizeof *counts);
	HASH_ITER(hh, p->calls, call, tmp)
		counts[call->key.arch]++;
}
