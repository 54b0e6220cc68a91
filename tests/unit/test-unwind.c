/* Unit tests of tracer/unwind and its backends: the target programs of
 * tests/progs run under the tracer and the recorder with a seccomp filter
 * that traces getppid, mq_notify and rt_sigreturn only; at each stop the unwinder records
 * the stack, and the frames are checked against the addresses the programs
 * print about themselves (callchain --sites, stacks MODE). */
#include <inttypes.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strpool.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "tests/unit/tap.h"
#include "tracer/recorder.h"
#include "tracer/tracer.h"
#include "tracer/unwind.h"

/* One traced run: the profile of its calls, the unwinder that made its
 * stacks, and what it printed. */
struct run {
	struct profile p;
	struct unwind *unwind;
	char out[4096];
	int status; /* as record returns it */
};

static void
run_free(struct run *r)
{
	unwind_free(r->unwind);
	profile_free(&r->p);
}

static char *
prog_path(const char *name)
{
	const char *b = getenv("B");

	return xasprintf("%s/tests/progs/%s", b != NULL ? b : "build", name);
}

/* The calls the test filter traces, on x86-64 and i386. */
static const char *const traced[] = { "getppid", "mq_notify", "rt_sigreturn" };
#define NTRACED (sizeof traced / sizeof traced[0])
#define FILTER_LEN (2 * NTRACED + 10)

/* Append the check of the calls of ARCH (AUDIT value AUDIT) at CODE[*N]:
 * calls of another arch go on to the next check, those of ARCH not traced
 * to the end (allowed). */
static void
filter_arch(struct sock_filter *code, unsigned *n, enum arch arch, uint32_t audit)
{
	unsigned end = FILTER_LEN - 2, trace = FILTER_LEN - 1;

	code[(*n)++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	code[*n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, audit,
	    0, (unsigned char)(NTRACED + 2));
	(*n)++;
	code[(*n)++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < NTRACED; i++, (*n)++)
		code[*n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned)syscalls_number(arch, traced[i]),
		    (unsigned char)(trace - *n - 1), 0);
	code[*n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, end - *n - 1, 0, 0);
	(*n)++;
}

/* The filter: trace the calls of traced[] on x86-64 and i386, allow the rest. */
static void
test_filter(struct sock_filter code[FILTER_LEN])
{
	unsigned n = 0;

	filter_arch(code, &n, ARCH_X86_64, AUDIT_ARCH_X86_64);
	filter_arch(code, &n, ARCH_I386, AUDIT_ARCH_I386);
	code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
}

/* Run ARGV under the tracer and the recorder, unwinding with KIND, keeping
 * at most LIMIT stacks per call, its output in R->out; 0, or -1 when it
 * could not be traced. */
static int
trace(char *const argv[], enum unwind_kind kind, unsigned limit, struct run *r)
{
	struct sock_filter code[FILTER_LEN];
	struct sock_fprog filter = { FILTER_LEN, code };
	struct recorder rec;
	struct tracer_hooks hooks = { recorder_call, recorder_exec, recorder_exit, &rec, NULL };
	struct tracer_result res;
	FILE *out = tmpfile();
	int saved = dup(1), rc;
	size_t n;

	memset(r, 0, sizeof *r);
	profile_init(&r->p);
	recorder_init(&rec, &r->p, NULL, 0);
	rec.unwind = r->unwind = unwind_new(&r->p, kind, limit, false);
	test_filter(code);
	fflush(stdout);
	dup2(fileno(out), 1);
	rc = tracer_run(argv[0], argv, &filter, &hooks, &res);
	dup2(saved, 1);
	close(saved);
	rewind(out);
	n = fread(r->out, 1, sizeof r->out - 1, out);
	r->out[n] = '\0';
	fclose(out);
	r->status = res.status;
	return rc == 0 && res.executed ? 0 : -1;
}

static struct profile_call *
find_call(const struct run *r, bool is32, const char *name)
{
	enum arch arch = is32 ? ARCH_I386 : ARCH_X86_64;

	return profile_find(&r->p, arch, (uint32_t)syscalls_number(arch, name));
}

/* Return the index of the first frame of S in MODULE, or -1. */
static int
frame_index_in(const struct profile_stack *s, const char *module)
{
	for (uint32_t i = 0; i < s->nframes; i++)
		if (s->frames[i].module == module)
			return (int)i;
	return -1;
}

/* Return the index of the frame of S in MODULE at OFFSET, or -1. */
static int
frame_index(const struct profile_stack *s, const char *module, uint64_t offset)
{
	for (uint32_t i = 0; i < s->nframes; i++)
		if (s->frames[i].module == module && s->frames[i].offset == offset)
			return (int)i;
	return -1;
}

static const char *
real_module(const char *path)
{
	char buf[PATH_MAX];

	return strpool_intern(realpath(path, buf) != NULL ? buf : path);
}

/* One line of "callchain --sites": where a function's call returns to. */
struct site {
	char function[32];
	const char *module;
	char build_id[64];
	unsigned long offset;
};

/* Read the sites main, f0, f1, f2, f3 (in that order) of PATH --sites. */
static int
read_sites(const char *path, struct site sites[5])
{
	char *cmd = xasprintf("'%s' --sites", path), line[4096], module[PATH_MAX];
	FILE *f = popen(cmd, "r");
	int n = 0;

	free(cmd);
	while (f != NULL && n < 5 && fgets(line, sizeof line, f) != NULL) {
		struct site *s = &sites[n];
		if (sscanf(line, "%31s %*d %*x %4095s %63s %lx", s->function, module,
		    s->build_id, &s->offset) == 4) {
			s->module = strpool_intern(module);
			n++;
		}
	}
	if (f != NULL)
		pclose(f);
	return n == 5 ? 0 : -1;
}

/* The chain main -> f0 -> f1 -> f2 -> f3 -> syscall(mq_notify) of the
 * callchain program PATH, run by ARGV (PATH itself when NULL): the frames
 * after the C library's (and, in i386, the vDSO's) are the sites it prints,
 * innermost first. */
static void
check_chain(const char *path, char *const *argv, bool is32, enum unwind_kind kind,
	const char *what)
{
	char *alone[] = { (char *)path, NULL };
	struct profile_call *call;
	struct profile_stack *s;
	struct site sites[5];
	struct run r;
	int at;

	if (read_sites(path, sites) != 0 ||
	    trace(argv != NULL ? argv : alone, kind, 8, &r) != 0 ||
	    r.status != 0) {
		tap_ok(false, "%s: traced run (status %#x)", what, r.status);
		return;
	}
	call = find_call(&r, is32, "mq_notify");
	tap_ok(call != NULL && call->count == 1 && call->nstacks == 1,
	    "%s: one mq_notify call, one stack", what);
	if (call == NULL || call->stacks == NULL)
		return;
	s = call->stacks;
	tap_ok(!s->truncated, "%s: stack complete (%u frames)", what, s->nframes);
	at = frame_index(s, sites[4].module, sites[4].offset);
	tap_is_int(at, is32 ? 2 : 1, "frame of the call in f3 after the libc one");
	for (int i = 3; at > 0 && i >= 0; i--)
		tap_ok(frame_index(s, sites[i].module, sites[i].offset) == at + 4 - i,
		    "%s: then the call in %s", what, sites[i].function);
	/* NOTE: i386 main() realigns its stack, and its CFA is found through
	 * DW_OP_deref: a walk that reads a word wrong ends after main(). */
	tap_ok(at > 0 && s->nframes > (uint32_t)at + 5 &&
	    s->frames[at + 5].module != sites[4].module &&
	    s->frames[s->nframes - 1].module == sites[4].module,
	    "%s: past main() into the C library, out to the program's _start", what);
	tap_ok(at > 0 && s->frames[at].build_id != NULL &&
	    strcmp(s->frames[at].build_id, sites[4].build_id) == 0,
	    "%s: the executable's build-id", what);
	tap_ok(s->frames[0].module != NULL && s->frames[0].build_id != NULL &&
	    s->frames[0].module != sites[4].module,
	    "%s: innermost frame in %s", what, s->frames[0].module);
	run_free(&r);
}

/* Run "stacks MODE" under the tracer; return its getppid call, or NULL
 * after a failed check. */
static struct profile_call *
trace_stacks(const char *path, const char *mode, enum unwind_kind kind,
	unsigned limit, bool is32, struct run *r, const char *what)
{
	char *argv[] = { (char *)path, (char *)mode, NULL };

	if (trace(argv, kind, limit, r) != 0 || r->status != 0) {
		tap_ok(false, "%s: traced run of stacks %s (status %#x)", what,
		    mode, r->status);
		return NULL;
	}
	return find_call(r, is32, "getppid");
}

/* Each thread's stack holds its own call site and none of the others'. */
static void
check_threads(const char *path, bool is32, enum unwind_kind kind, const char *what)
{
	const char *module = real_module(path);
	unsigned long ret[3];
	struct profile_call *call;
	struct profile_stack *s, *tmp;
	unsigned mask = 0, overlap = 0;
	struct run r;

	call = trace_stacks(path, "threads", kind, 8, is32, &r, what);
	if (call == NULL || sscanf(r.out, "ret %lx %lx %lx", &ret[0], &ret[1],
	    &ret[2]) != 3) {
		tap_ok(false, "%s: threads printed their sites", what);
		return;
	}
	tap_ok(call->count == 3 && call->nstacks == 3, "%s: three calls, three stacks",
	    what);
	HASH_ITER(hh, call->stacks, s, tmp) {
		unsigned found = 0;
		for (int t = 0; t < 3; t++)
			if (frame_index(s, module, ret[t]) >= 0)
				found |= 1u << t;
		mask |= found;
		overlap |= found & (found - 1);
	}
	tap_ok(mask == 7 && overlap == 0, "%s: each thread's stack is its own", what);
	run_free(&r);
}

/* A stack deeper than UNWIND_MAX_FRAMES is kept, marked truncated. */
static void
check_deep(const char *path, bool is32, const char *what)
{
	const char *module = real_module(path);
	struct profile_call *call;
	unsigned long ret;
	struct run r;
	uint32_t in_recurse = 0;

	call = trace_stacks(path, "deep", UNWIND_DEFAULT, 8, is32, &r, what);
	if (call == NULL || sscanf(r.out, "ret %lx", &ret) != 1) {
		tap_ok(false, "%s: deep printed its site", what);
		return;
	}
	tap_ok(call->nstacks == 1 && call->stacks->truncated &&
	    call->stacks->nframes == UNWIND_MAX_FRAMES,
	    "%s: stack truncated at %d frames", what, UNWIND_MAX_FRAMES);
	for (uint32_t i = 0; call->stacks != NULL && i < call->stacks->nframes; i++)
		in_recurse += call->stacks->frames[i].module == module &&
		    call->stacks->frames[i].offset == ret;
	tap_ok(in_recurse >= UNWIND_MAX_FRAMES - 4, "%s: %u frames in recurse()",
	    what, in_recurse);
	run_free(&r);
}

static char *
readelf_build_id(const char *path)
{
	char *cmd = xasprintf("readelf -n '%s'", path), line[512], id[129];
	FILE *f = popen(cmd, "r");
	char *found = NULL;

	free(cmd);
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f) != NULL)
		if (found == NULL && sscanf(line, " Build ID: %128s", id) == 1)
			found = xstrdup(id);
	pclose(f);
	return found;
}

/* A library closed, and another loaded in its place: each call's frame is
 * in its own library, though the second is where the first was. */
static void
check_reload(const char *path, bool is32, enum unwind_kind kind, const char *what)
{
	char lib[2][PATH_MAX];
	void *base[2];
	struct profile_call *call;
	struct profile_stack *s, *tmp;
	unsigned found = 0;
	struct run r;

	call = trace_stacks(path, "reload", kind, 8, is32, &r, what);
	if (call == NULL || sscanf(r.out, "%4095s %p %4095s %p", lib[0], &base[0],
	    lib[1], &base[1]) != 4) {
		tap_ok(false, "%s: reload printed the libraries", what);
		return;
	}
	HASH_ITER(hh, call->stacks, s, tmp)
		for (int i = 0; i < 2; i++)
			found |= frame_index_in(s, real_module(lib[i])) >= 0 ? 1u << i : 0;
	tap_ok(call->nstacks == 2 && found == 3, "%s: each library's call in its "
	    "own module (%s)", what, base[0] == base[1] ? "the second loaded where "
	    "the first was" : "at another address");
	run_free(&r);
}

/* A library loaded by dlopen() after the map was read shows up, build-id too. */
static void
check_dlopen(const char *path, bool is32, enum unwind_kind kind, const char *what)
{
	char lib[PATH_MAX], *want;
	const char *module;
	struct profile_call *call;
	struct profile_stack *s;
	struct run r;
	int at = -1;

	call = trace_stacks(path, "dlopen", kind, 8, is32, &r, what);
	if (call == NULL || sscanf(r.out, "%4095s", lib) != 1) {
		tap_ok(false, "%s: dlopen printed the library", what);
		return;
	}
	module = real_module(lib);
	s = call->stacks;
	for (uint32_t i = 0; s != NULL && i < s->nframes && at < 0; i++)
		if (s->frames[i].module == module)
			at = (int)i;
	tap_ok(at >= 0, "%s: a frame in %s", what, lib);
	want = readelf_build_id(lib);
	tap_is_str(at >= 0 ? s->frames[at].build_id : NULL, want,
	    "build-id as readelf -n shows it");
	tap_ok(s != NULL && !s->truncated, "%s: stack complete through the library", what);
	free(want);
	run_free(&r);
}

/* 100 calls from one site, then one from a second and one from a third:
 * the stack is unwound until the call settles (UNWIND_SETTLE unwinds in a
 * row find nothing new), then counted by its site without a walk; each new
 * site after that is unwound, and its call is counted to its own stack, or
 * to none when LIMIT stacks are kept already. */
static void
check_sites(const char *path, bool is32, enum unwind_kind kind, unsigned limit,
	const char *what)
{
	const char *module = real_module(path);
	struct profile_stack *s, *tmp;
	struct profile_call *call;
	unsigned long ret[3];
	uint64_t count[3] = { 0, 0, 0 };
	struct run r;

	call = trace_stacks(path, "sites", kind, limit, is32, &r, what);
	if (call == NULL || sscanf(r.out, "ret %lx %lx %lx", &ret[0], &ret[1],
	    &ret[2]) != 3) {
		tap_ok(false, "%s: sites printed their return addresses", what);
		return;
	}
	HASH_ITER(hh, call->stacks, s, tmp)
		for (int i = 0; i < 3; i++)
			if (frame_index(s, module, ret[i]) >= 0)
				count[i] += s->count;
	tap_ok(call->count == 102 && count[0] == 100 && count[1] == 1 &&
	    count[2] == (limit > 2), "%s, %u stacks: 100 calls from one site, one "
	    "from each of two others (stacks counted %" PRIu64 ", %" PRIu64 ", %"
	    PRIu64 ")", what, limit, count[0], count[1], count[2]);
	tap_is_int((long long)unwind_count(r.unwind, call), UNWIND_SETTLE + 2 + (limit > 2),
	    "unwound until settled, then once per new site while stacks can be kept");
	run_free(&r);
}

/* A signal handler's call: the handler, the signal trampoline and the frame
 * the signal interrupted (at the first instruction of trap_here), then its
 * caller; rt_sigreturn from the trampoline, back to the interrupted frame.
 * The trampoline and the interrupted frame are exact addresses. */
static void
check_signal(const char *path, bool is32, enum unwind_kind kind, const char *what)
{
	const char *module = real_module(path);
	struct profile_call *call, *ret_call;
	const struct profile_stack *s;
	unsigned long trap, ret;
	struct run r;
	int at;

	call = trace_stacks(path, "signal", kind, 8, is32, &r, what);
	if (call == NULL || sscanf(r.out, "trap %lx %lx", &trap, &ret) != 2) {
		tap_ok(false, "%s: signal printed its sites", what);
		return;
	}
	s = call->stacks;
	at = s != NULL ? frame_index(s, module, trap) : -1;
	tap_ok(at > 1 && s->frames[at].exact && s->frames[at - 1].exact &&
	    !s->frames[at - 2].exact && s->frames[at - 2].module == module,
	    "%s: handler, then trampoline and trap_here+0 exact (frame %d)", what, at);
	tap_ok(at > 0 && frame_index(s, module, ret) == at + 1 &&
	    !s->frames[at + 1].exact, "%s: then the return into trapper()", what);
	tap_ok(s != NULL && !s->truncated, "%s: the handler's stack is complete", what);
	ret_call = find_call(&r, is32, "rt_sigreturn");
	s = ret_call != NULL ? ret_call->stacks : NULL;
	tap_ok(s != NULL && s->nframes > 2 && !s->frames[0].exact &&
	    s->frames[1].module == module && s->frames[1].offset == trap + 2 &&
	    s->frames[1].exact && frame_index(s, module, ret) == 2 && !s->truncated,
	    "%s: rt_sigreturn, then the interrupted frame past ud2, then trapper()",
	    what);
	run_free(&r);
}

/* With a cap of 2, the third thread's stack is not kept but its call counts. */
static void
check_cap(const char *path)
{
	struct profile_call *call;
	struct run r;

	call = trace_stacks(path, "threads", UNWIND_DEFAULT, 2, false, &r, "cap");
	tap_ok(call != NULL && call->count == 3 && call->nstacks == 2 &&
	    r.p.stack_limit == 2, "stack cap 2: three calls, two stacks kept");
	run_free(&r);
}

/* strip removes the symbols, not the unwind tables: same frames. */
static void
check_stripped(const char *path)
{
	char *copy = tap_tmp_path("callchain-stripped");
	char *cmd = xasprintf("strip -o '%s' '%s'", copy, path);

	if (system(cmd) != 0)
		tap_ok(false, "strip %s", path);
	else
		check_chain(copy, NULL, false, UNWIND_DEFAULT, "stripped x86-64");
	unlink(copy);
	free(copy);
	free(cmd);
}

int
main(void)
{
	static const enum unwind_kind kinds[] = { UNWIND_LIBUNWIND, UNWIND_LIBDW };
	char *chain = prog_path("callchain"), *chain32 = prog_path("callchain-32");
	char *nopie = prog_path("callchain-nopie");
	char *nopie32 = prog_path("callchain-nopie-32");
	char *stacks = prog_path("stacks"), *stacks32 = prog_path("stacks-32");
	char *stacks_nopie = prog_path("stacks-nopie");
	char *stacks_nopie32 = prog_path("stacks-nopie-32");

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		char *what = xasprintf("x86-64 %s", unwind_kind_names[kinds[i]]);
		check_chain(chain, NULL, false, kinds[i], what);
		check_threads(stacks, false, kinds[i], what);
		check_dlopen(stacks, false, kinds[i], what);
		check_reload(stacks, false, kinds[i], what);
		check_sites(stacks, false, kinds[i], 8, what);
		check_signal(stacks, false, kinds[i], what);
		free(what);
	}
	check_chain(nopie, NULL, false, UNWIND_DEFAULT, "x86-64 non-PIE");
	/* Both at 0x401000: the map of the first must not name the second's. */
	check_chain(nopie, (char *[]){ stacks_nopie, (char *)"exec", nopie, NULL }, false,
	    UNWIND_DEFAULT, "x86-64 non-PIE after the exec of another non-PIE");
	check_deep(stacks, false, "x86-64");
	check_cap(stacks);
	check_sites(stacks, false, UNWIND_DEFAULT, 2, "x86-64 capped");
	check_stripped(chain);
	char *why = tap_cannot("i386");

	if (why == NULL) {
		/* i386 processes use libdw whatever the choice for x86-64. */
		check_chain(chain32, NULL, true, UNWIND_LIBUNWIND, "i386");
		check_chain(nopie32, NULL, true, UNWIND_LIBUNWIND, "i386 non-PIE");
		check_chain(nopie32, (char *[]){ stacks_nopie32, (char *)"exec", nopie32, NULL },
		    true, UNWIND_LIBDW, "i386 non-PIE after the exec of another non-PIE");
		check_threads(stacks32, true, UNWIND_LIBUNWIND, "i386");
		check_dlopen(stacks32, true, UNWIND_LIBUNWIND, "i386");
		check_reload(stacks32, true, UNWIND_LIBDW, "i386");
		check_deep(stacks32, true, "i386");
		check_sites(stacks32, true, UNWIND_LIBDW, 8, "i386");
		check_signal(stacks32, true, UNWIND_LIBDW, "i386");
	} else {
		tap_skip("i386 stacks", why);
	}
	free(why);
	free(chain), free(chain32), free(nopie), free(nopie32);
	free(stacks), free(stacks32), free(stacks_nopie), free(stacks_nopie32);
	return tap_done();
}
