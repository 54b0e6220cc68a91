#include <string.h>

#include "core/profile.h"
#include "core/xmalloc.h"

void
profile_init(struct profile *p)
{
	memset(p, 0, sizeof *p);
}

static void
profile_call_free(struct profile_call *call)
{
	struct profile_stack *s, *stmp;
	struct profile_exe *e, *etmp;

	HASH_ITER(hh, call->stacks, s, stmp) {
		HASH_DEL(call->stacks, s);
		free(s->frames);
		free(s);
	}
	HASH_ITER(hh, call->exes, e, etmp) {
		HASH_DEL(call->exes, e);
		free(e);
	}
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

struct profile_stack *
profile_call_find_stack(const struct profile_call *call,
	const struct profile_frame *frames, uint32_t nframes)
{
	struct profile_stack *s;

	HASH_FIND(hh, call->stacks, frames, nframes * sizeof *frames, s);
	return s;
}

struct profile_stack *
profile_call_add_stack(struct profile_call *call,
	const struct profile_frame *frames, uint32_t nframes, bool truncated,
	uint64_t count, unsigned cap)
{
	struct profile_stack *s = profile_call_find_stack(call, frames, nframes);

	if (s == NULL) {
		if (call->nstacks >= cap)
			return NULL;
		s = xcalloc(1, sizeof *s);
		s->nframes = nframes;
		s->frames = xcalloc(nframes, sizeof *frames);
		memcpy(s->frames, frames, nframes * sizeof *frames);
		s->hash = profile_stack_hash(frames, nframes);
		HASH_ADD_KEYPTR(hh, call->stacks, s->frames,
		    nframes * sizeof *frames, s);
		call->nstacks++;
	}
	s->truncated = s->truncated || truncated;
	s->count = profile_count_add(s->count, count);
	return s;
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

struct profile_stack **
profile_call_sorted_stacks(const struct profile_call *call)
{
	struct profile_stack **v = xcalloc(call->nstacks, sizeof *v);
	struct profile_stack *s, *tmp;
	size_t n = 0;

	HASH_ITER(hh, call->stacks, s, tmp)
		v[n++] = s;
	qsort(v, n, sizeof *v, stack_cmp);
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

static void
profile_call_cap_stacks(struct profile_call *call, unsigned cap)
{
	struct profile_stack **v, *s, *tmp;
	size_t n = 0;

	if (call->nstacks <= cap)
		return;
	v = xcalloc(call->nstacks, sizeof *v);
	HASH_ITER(hh, call->stacks, s, tmp)
		v[n++] = s;
	qsort(v, n, sizeof *v, stack_hash_cmp);
	for (size_t i = cap; i < n; i++) {
		HASH_DEL(call->stacks, v[i]);
		free(v[i]->frames);
		free(v[i]);
	}
	call->nstacks = cap;
	free(v);
}

void
profile_cap_stacks(struct profile *p, unsigned cap)
{
	struct profile_call *call, *tmp;

	HASH_ITER(hh, p->calls, call, tmp)
		profile_call_cap_stacks(call, cap);
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
