/* The unwinder front end: per-process module maps and backend state, per-call
 * sites, and the conversion of a walk into the frames of a profile stack. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/user.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/strpool.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "tracer/modmap.h"
#include "tracer/tracee-mem.h"
#include "tracer/unwind.h"

/* Sites remembered per call; past that a call unwinds every new site. */
#define UNWIND_SITES_MAX 4096

/* Bytes above the stack pointer searched for the innermost return address. */
#define UNWIND_SLOT_SPAN 256

/* NOTE: the code segment selector of 32-bit user code on x86-64 Linux
 * (__USER32_CS); 64-bit code runs with 0x33. */
#define UNWIND_USER32_CS 0x23

/* The calls that can map code, and the argument that tells (when any of
 * the bits MASK is set in it; ARG -1: every call can). */
static const struct unwind_mapper {
	const char *name;
	int arg;
	uint64_t mask;
} unwind_mappers[] = {
	{ "mmap", 2, PROT_EXEC }, { "mmap2", 2, PROT_EXEC },
	{ "mprotect", 2, PROT_EXEC }, { "pkey_mprotect", 2, PROT_EXEC },
	{ "mremap", -1, 0 }, { "shmat", 2, SHM_EXEC }, { "remap_file_pages", -1, 0 },
};
#define UNWIND_NMAPPERS (sizeof unwind_mappers / sizeof unwind_mappers[0])

/* A code address as every process that maps the module sees it. */
struct unwind_place {
	const char *module;   /* interned; NULL when no module maps it */
	const char *build_id; /* interned; tells a rebuilt file apart */
	uint64_t offset;      /* link-time address, or the address itself */
};

/* What identifies a call site cheaply, the same in every process: the
 * instruction pointer and the return address of its function, as places. */
struct unwind_site_key {
	struct unwind_place pc;
	struct unwind_place ret;
};

/* Where the function at a system call instruction keeps its return address:
 * at the stack pointer in a leaf wrapper, higher up when it has a frame;
 * learnt from the first walk that passes there. */
struct unwind_slot {
	struct unwind_place pc;
	unsigned offset; /* bytes above the stack pointer */
	UT_hash_handle hh;
};

struct unwind_site {
	struct unwind_site_key key;
	struct profile_stack *stack; /* what its last unwind gave, or NULL */
	UT_hash_handle hh;
};

/* The sites of one call, and whether unwinding it still finds new stacks. */
struct unwind_callstate {
	const struct profile_call *call;
	struct unwind_site *sites;
	unsigned nsites;
	unsigned since_new; /* unwinds since one found a stack new to the call */
	unsigned long unwinds;
	UT_hash_handle hh;
};

/* What the unwinder keeps of one process image, in the tracer's slot for
 * the process (struct tracer_event's user): from its first unwound call to
 * its exec or its end. */
struct unwind_proc {
	pid_t pid;
	bool is32;
	bool attached;       /* the backend was attached */
	bool stale;          /* code may have been mapped since the map was read */
	bool fresh;          /* the map was read for the call being unwound */
	const struct unwind_backend *backend;
	void *state;         /* NULL when the backend could not attach */
	struct modmap map;
};

struct unwind {
	const struct unwind_backend *backend64;
	bool all_calls; /* every call stops: each mapping of code is seen */
	unsigned stack_limit;
	struct unwind_callstate *calls;
	struct unwind_slot *slots;
	const char *vdso; /* the interned module name of the vDSO */
	struct elfinfo_cache *files;
	int mapper_nr[ARCH_COUNT][UNWIND_NMAPPERS];
};

const char *const unwind_kind_names[UNWIND_KIND_COUNT + 1] = {
	[UNWIND_LIBDW] = "libdw",
	[UNWIND_LIBUNWIND] = "libunwind",
	[UNWIND_KIND_COUNT] = NULL,
};

static const struct unwind_backend *const unwind_backends[UNWIND_KIND_COUNT] = {
	[UNWIND_LIBDW] = &unwind_libdw,
	[UNWIND_LIBUNWIND] = &unwind_libunwind,
};

struct unwind *
unwind_new(struct profile *p, enum unwind_kind kind, unsigned stack_limit,
	bool all_calls)
{
	struct unwind *u = xcalloc(1, sizeof *u);

	u->all_calls = all_calls;
	u->backend64 = unwind_backends[kind];
	u->stack_limit = stack_limit;
	u->files = elfinfo_cache_new();
	u->vdso = strpool_intern("[vdso]");
	for (int a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < UNWIND_NMAPPERS; i++) {
			u->mapper_nr[a][i] = syscalls_number(a, unwind_mappers[i].name);
		}
	}
	p->stack_limit = stack_limit;
	return u;
}

static void
unwind_proc_free(struct unwind_proc *proc)
{
	if (proc->state != NULL)
		proc->backend->detach(proc->state);
	modmap_free(&proc->map);
	free(proc);
}

static void
unwind_callstate_free(struct unwind_callstate *cs)
{
	HASH_DESTROY(cs->sites, free);
	free(cs);
}

void
unwind_free(struct unwind *u)
{
	if (u == NULL)
		return;
	HASH_DESTROY(u->slots, free);
	HASH_DESTROY(u->calls, unwind_callstate_free);
	elfinfo_cache_free(u->files);
	free(u);
}

/* The state of the process of EV, made (and its map read) at its first
 * unwound call. */
static struct unwind_proc *
unwind_proc_get(struct unwind *u, const struct tracer_event *ev)
{
	struct unwind_proc *proc = *ev->user;
	long cs;

	if (proc != NULL) {
		proc->fresh = false;
		return proc;
	}
	proc = xcalloc(1, sizeof *proc);
	proc->pid = ev->tgid;
	errno = 0;
	cs = ptrace(PTRACE_PEEKUSER, ev->tid, offsetof(struct user_regs_struct, cs), NULL);
	proc->is32 = errno == 0 && cs == UNWIND_USER32_CS;
	/* libunwind cannot unwind a 32-bit process from a 64-bit one, nor an
	 * x32 one (its ELFCLASS32 modules), known by its first call. */
	proc->backend = proc->is32 || ev->arch == ARCH_X32 ? &unwind_libdw : u->backend64;
	modmap_read(&proc->map, ev->tid, u->files);
	proc->fresh = true;
	*ev->user = proc;
	return proc;
}

static struct unwind_callstate *
unwind_callstate_get(struct unwind *u, const struct profile_call *call)
{
	struct unwind_callstate *cs;

	HASH_FIND_PTR(u->calls, &call, cs);
	if (cs == NULL) {
		cs = xcalloc(1, sizeof *cs);
		cs->call = call;
		HASH_ADD_PTR(u->calls, call, cs);
	}
	return cs;
}

/* Whether the call of EV may map code, so that the process's map is to be
 * read again before its next stack. */
static bool
unwind_maps_code(const struct unwind *u, const struct tracer_event *ev)
{
	for (size_t i = 0; i < UNWIND_NMAPPERS; i++) {
		/* NOTE: i386's old mmap (the table's first) takes its arguments
		 * in memory (struct mmap_arg_struct): any of its calls may map
		 * code. */
		int arg = ev->arch == ARCH_I386 && i == 0 ? -1 : unwind_mappers[i].arg;
		if (u->mapper_nr[ev->arch][i] == (int)ev->nr)
			return arg < 0 || (ev->args[arg] & unwind_mappers[i].mask) != 0;
	}
	return false;
}

/* Attach the backend, once per process image. */
static void
unwind_proc_attach(struct unwind_proc *proc)
{
	if (proc->attached)
		return;
	proc->attached = true;
	if (proc->backend->attach(proc->pid, proc->is32, &proc->map, &proc->state) != 0)
		proc->state = NULL;
}

/* Read the map again; when it changed, make the backend forget the old one
 * and return true. */
static bool
unwind_proc_reread(struct unwind *u, struct unwind_proc *proc, pid_t tid)
{
	proc->stale = false;
	proc->fresh = true;
	if (!modmap_reread(&proc->map, tid, u->files))
		return false;
	if (proc->state != NULL)
		proc->backend->flush(proc->state);
	return true;
}

static int
unwind_walk(struct unwind_proc *proc, pid_t tid, struct unwind_pc *pcs, unsigned *n)
{
	*n = 0;
	if (proc->state == NULL)
		return -ESRCH;
	return proc->backend->walk(proc->state, tid, pcs, UNWIND_MAX_FRAMES, n);
}

/* Bytes from a module's entry point within which its first call is made. */
#define UNWIND_ENTRY_CALL 16

/* NOTE: the dynamic loader's _start has no unwind information (glibc 2.36,
 * x86-64 and i386), so libdw fails there on every stack of the loader's
 * start-up: a walk that fails just after a module's entry point did reach
 * the outermost frame. */
static bool
unwind_at_entry(const struct unwind_proc *proc, uint64_t pc)
{
	const struct modmap_entry *e = modmap_find(&proc->map, pc);

	return e != NULL && e->entry != 0 && pc > e->entry &&
	    pc <= e->entry + UNWIND_ENTRY_CALL;
}

static bool
unwind_all_mapped(const struct unwind_proc *proc, const struct unwind_pc *pcs,
	unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (modmap_find(&proc->map, pcs[i].pc) == NULL)
			return false;
	return true;
}

/* The frame at ADDR: its module and link-time address there. */
static struct profile_frame
unwind_frame(const struct unwind_proc *proc, uint64_t addr)
{
	const struct modmap_entry *e = modmap_find(&proc->map, addr);
	struct profile_frame f = { NULL, NULL, addr, 0 };

	if (e != NULL && e->module != NULL) {
		f.module = e->module;
		f.build_id = e->build_id;
		f.offset = addr - e->bias;
	}
	return f;
}

static struct unwind_place
unwind_place(const struct unwind_proc *proc, uint64_t addr)
{
	struct profile_frame f = unwind_frame(proc, addr);
	struct unwind_place p = { f.module, f.build_id, f.offset };

	return p;
}

/* Unwind thread TID stopped at IP into PCS[0..*N-1] and FRAMES[0..*N-1];
 * return whether the walk stopped before the outermost frame. */
static bool
unwind_frames(struct unwind *u, struct unwind_proc *proc, pid_t tid, uint64_t ip,
	struct unwind_pc *pcs, struct profile_frame *frames, unsigned *np)
{
	unsigned n;
	int rc;

	/* Under a filter that lets the calls mapping code run unseen, a
	 * module may have been loaded where another was: read the map again
	 * before each walk (a call from a known site is counted without one). */
	if (!u->all_calls && !proc->fresh)
		unwind_proc_reread(u, proc, tid);
	unwind_proc_attach(proc);
	rc = unwind_walk(proc, tid, pcs, &n);
	/* Code mapped where no stop saw it (memory shared through CLONE_VM
	 * with a process that mapped it). */
	if (!proc->fresh && !unwind_all_mapped(proc, pcs, n) &&
	    unwind_proc_reread(u, proc, tid))
		rc = unwind_walk(proc, tid, pcs, &n);
	if (rc != 0 && rc != -E2BIG && n > 1 && unwind_at_entry(proc, pcs[n - 1].pc))
		rc = 0;
	/* The innermost frame is the stop's, after the system call
	 * instruction, even when the walk failed. */
	pcs[0].pc = ip;
	pcs[0].exact = false;
	if (n == 0)
		n = 1;
	for (unsigned i = 0; i < n; i++) {
		frames[i] = unwind_frame(proc, pcs[i].pc);
		frames[i].exact = pcs[i].exact;
	}
	*np = n;
	return rc != 0;
}

/* Unwind thread TID stopped at IP into PCS[0..*N-1] and add the stack to
 * CALL; return the stack (NULL when CALL had no room for it), set *IS_NEW. */
static struct profile_stack *
unwind_stack(struct unwind *u, struct unwind_proc *proc,
	struct profile_call *call, pid_t tid, uint64_t ip, struct unwind_pc *pcs,
	unsigned *np, bool *is_new)
{
	struct profile_frame frames[UNWIND_MAX_FRAMES];
	unsigned before = call->nstacks;
	bool truncated = unwind_frames(u, proc, tid, ip, pcs, frames, np);
	struct profile_stack *s = profile_call_add_stack(call, frames, *np, truncated, 1,
	    u->stack_limit);

	*is_new = call->nstacks > before;
	return s;
}

void
unwind_value(struct unwind *u, struct profile_value *v, const struct tracer_event *ev)
{
	struct unwind_proc *proc = unwind_proc_get(u, ev);
	struct unwind_pc pcs[UNWIND_MAX_FRAMES];
	struct profile_frame frames[UNWIND_MAX_FRAMES];
	unsigned n;
	bool truncated;

	if (proc->stale)
		unwind_proc_reread(u, proc, ev->tid);
	truncated = unwind_frames(u, proc, ev->tid, ev->ip, pcs, frames, &n);
	profile_value_add_stack(v, frames, n, truncated, 1, u->stack_limit);
}

static uint64_t
unwind_word_at(const struct unwind_proc *proc, pid_t tid, uint64_t addr)
{
	uint64_t word = 0;

	tracee_mem_read(tid, addr, &word, proc->is32 ? 4 : 8);
	return word;
}

/* Return the slot of the function at PLACE, or NULL when not learnt yet. */
static struct unwind_slot *
unwind_slot(const struct unwind *u, const struct unwind_place *place)
{
	struct unwind_slot *slot;

	HASH_FIND(hh, u->slots, place, sizeof *place, slot);
	return slot;
}

/* Set KEY to the site of the stop at IP with stack pointer SP in thread TID:
 * the first place outside the vDSO (in i386 processes the C library calls
 * __kernel_vsyscall there) and the return address of its function; return
 * false when a slot on the way is not learnt yet (KEY is then incomplete). */
static bool
unwind_site_key(struct unwind *u, struct unwind_proc *proc, pid_t tid,
	uint64_t ip, uint64_t sp, struct unwind_site_key *key)
{
	struct unwind_slot *slot;
	uint64_t word;

	memset(key, 0, sizeof *key);
	if (modmap_find(&proc->map, ip) == NULL && !proc->fresh)
		unwind_proc_reread(u, proc, tid);
	for (uint64_t addr = ip;;) {
		key->pc = unwind_place(proc, addr);
		slot = unwind_slot(u, &key->pc);
		word = unwind_word_at(proc, tid, sp + (slot != NULL ? slot->offset : 0));
		if (key->pc.module != u->vdso || addr != ip || slot == NULL)
			break;
		addr = word;
	}
	key->ret = unwind_place(proc, word);
	return slot != NULL;
}

/* Learn where the function at PLACE keeps its return address RET, in the
 * stack of thread TID stopped with stack pointer SP: the first word at or
 * above SP that holds it (SP itself when none does). */
static void
unwind_learn_slot(struct unwind *u, const struct unwind_proc *proc, pid_t tid,
	const struct unwind_place *place, uint64_t sp, uint64_t ret)
{
	unsigned char stack[UNWIND_SLOT_SPAN];
	struct unwind_slot *slot;
	unsigned size = proc->is32 ? 4 : 8;

	if (unwind_slot(u, place) != NULL)
		return;
	slot = xcalloc(1, sizeof *slot);
	slot->pc = *place;
	if (tracee_mem_read(tid, sp, stack, sizeof stack) == 0) {
		for (unsigned off = 0; off + size <= sizeof stack; off += size) {
			uint64_t word = 0;
			memcpy(&word, stack + off, size);
			if (word == ret) {
				slot->offset = off;
				break;
			}
		}
	}
	HASH_ADD(hh, u->slots, pc, sizeof slot->pc, slot);
}

/* Learn the slots of the site of a stop from its walk PCS[0..N-1]. */
static void
unwind_learn(struct unwind *u, const struct unwind_proc *proc, pid_t tid,
	uint64_t sp, const struct unwind_pc *pcs, unsigned n)
{
	for (unsigned i = 0; i + 1 < n; i++) {
		struct unwind_place place = unwind_place(proc, pcs[i].pc);
		unwind_learn_slot(u, proc, tid, &place, sp, pcs[i + 1].pc);
		if (place.module != u->vdso || i > 0)
			break;
	}
}

/* Remember KEY as a site of CS whose calls are counted to stack S (NULL:
 * to none), unless CS has UNWIND_SITES_MAX sites already. */
static void
unwind_site_set(struct unwind_callstate *cs, const struct unwind_site_key *key,
	struct unwind_site *site, struct profile_stack *s)
{
	if (site == NULL && cs->nsites < UNWIND_SITES_MAX) {
		site = xcalloc(1, sizeof *site);
		site->key = *key;
		HASH_ADD(hh, cs->sites, key, sizeof *key, site);
		cs->nsites++;
	}
	if (site != NULL)
		site->stack = s;
}

/* Unwind the call of EV into a stack of CALL, learning where its site keeps
 * its return address when KNOWN is false, and count it to the site; return
 * the stack, or NULL when CALL had no room for it. */
static struct profile_stack *
unwind_site_walk(struct unwind *u, struct unwind_proc *proc,
	struct unwind_callstate *cs, struct profile_call *call,
	const struct tracer_event *ev, bool known, struct unwind_site_key *key,
	struct unwind_site *site)
{
	struct unwind_pc pcs[UNWIND_MAX_FRAMES];
	struct profile_stack *s;
	unsigned n;
	bool is_new;

	s = unwind_stack(u, proc, call, ev->tid, ev->ip, pcs, &n, &is_new);
	cs->unwinds++;
	cs->since_new = is_new ? 0 : cs->since_new + 1;
	if (!known) {
		unwind_learn(u, proc, ev->tid, ev->sp, pcs, n);
		unwind_site_key(u, proc, ev->tid, ev->ip, ev->sp, key);
		HASH_FIND(hh, cs->sites, key, sizeof *key, site);
	}
	unwind_site_set(cs, key, site, s);
	return s;
}

const struct profile_stack *
unwind_call(struct unwind *u, struct profile_call *call, const struct tracer_event *ev)
{
	struct unwind_proc *proc = unwind_proc_get(u, ev);
	struct unwind_callstate *cs = unwind_callstate_get(u, call);
	struct unwind_site_key key;
	struct unwind_site *site = NULL;
	struct profile_stack *s = NULL;
	bool known, full;

	if (proc->stale)
		unwind_proc_reread(u, proc, ev->tid);
	known = unwind_site_key(u, proc, ev->tid, ev->ip, ev->sp, &key);
	if (known)
		HASH_FIND(hh, cs->sites, &key, sizeof key, site);
	full = call->nstacks >= u->stack_limit;
	if (site != NULL && (full || cs->since_new >= UNWIND_SETTLE)) {
		if ((s = site->stack) != NULL)
			s->count++;
	} else if (site == NULL && known && full) {
		unwind_site_set(cs, &key, NULL, NULL);
	} else {
		s = unwind_site_walk(u, proc, cs, call, ev, known, &key, site);
	}
	if (unwind_maps_code(u, ev))
		proc->stale = true;
	return s;
}

unsigned long
unwind_count(const struct unwind *u, const struct profile_call *call)
{
	struct unwind_callstate *cs;

	HASH_FIND_PTR(u->calls, &call, cs);
	return cs != NULL ? cs->unwinds : 0;
}

void
unwind_forget(void **user)
{
	if (*user != NULL)
		unwind_proc_free(*user);
	*user = NULL;
}
