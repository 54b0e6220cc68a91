/* The elfutils libdwfl unwinder: one Dwfl per process, its modules reported
 * from /proc/PID/maps, attached with sandcast's own thread callbacks (the
 * registers of the stop, memory read page by page); it unwinds x86-64 and
 * i386 processes alike. */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "core/xmalloc.h"
#include "tracer/tracee-mem.h"
#include "tracer/unwind.h"

struct unwind_libdw_state {
	Dwfl *dwfl;  /* NULL until the next walk builds it */
	pid_t pid;
	bool is32;   /* an i386 process */
	bool stale;  /* the mappings changed since the modules were reported */
};

/* The memory of the thread being walked, read so far: one for every
 * process, since one walk ends before the next begins. */
static struct tracee_mem_cache unwind_libdw_mem;

/* The frames found so far by a walk. */
struct unwind_libdw_walk {
	struct unwind_pc *pcs;
	unsigned max, n;
};

/* Unwinding needs the call frame information of the loaded files only
 * (.eh_frame), so no separate debug file is looked for while the tracee
 * waits. */
static int
unwind_libdw_no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
	Dwarf_Addr base, const char *file_name, const char *debuglink_file,
	GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	(void)mod, (void)userdata, (void)modname, (void)base, (void)file_name;
	(void)debuglink_file, (void)debuglink_crc, (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks unwind_libdw_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = unwind_libdw_no_debuginfo,
};

/* The only thread a walk knows: the stopped one. */
static pid_t
unwind_libdw_next_thread(Dwfl *dwfl, void *arg, void **thread_arg)
{
	struct unwind_libdw_state *st = arg;

	(void)dwfl;
	if (*thread_arg != NULL)
		return 0;
	*thread_arg = st;
	return unwind_libdw_mem.tid;
}

static bool
unwind_libdw_get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_arg)
{
	struct unwind_libdw_state *st = arg;

	(void)dwfl;
	*thread_arg = st;
	return tid == unwind_libdw_mem.tid;
}

/* A word of the tracee: 4 bytes in an i386 process, zero-extended.
 * NOTE: elfutils 0.188's own reader returns 8 bytes for an i386 process on
 * an x86-64 host when it reads through its page cache, so a CFA computed by
 * DW_OP_deref (the stack realignment of i386 main()) gets garbage in its
 * upper half and the walk ends there, silently. */
static bool
unwind_libdw_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result,
	void *arg)
{
	struct unwind_libdw_state *st = arg;
	uint64_t word = 0;

	(void)dwfl;
	if (tracee_mem_cache_read(&unwind_libdw_mem, addr, &word, st->is32 ? 4 : 8) != 0)
		return false;
	*result = word;
	return true;
}

/* The registers of the stop in DWARF numbering, the instruction pointer
 * moved back onto the system call instruction. */
static bool
unwind_libdw_set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct unwind_libdw_state *st = arg;
	struct user_regs_struct r;
	Dwarf_Word regs[17];
	unsigned n;

	if (ptrace(PTRACE_GETREGS, unwind_libdw_mem.tid, NULL, &r) != 0)
		return false;
	tracee_mem_cache_prefetch(&unwind_libdw_mem, st->is32 ? r.rsp & 0xffffffff : r.rsp);
	if (st->is32) {
		const unsigned long long v[9] = { r.rax, r.rcx, r.rdx, r.rbx,
			r.rsp, r.rbp, r.rsi, r.rdi, r.rip - UNWIND_SYSCALL_INSN };
		n = 9;
		for (unsigned i = 0; i < n; i++)
			regs[i] = v[i] & 0xffffffff;
	} else {
		const unsigned long long v[17] = { r.rax, r.rdx, r.rcx, r.rbx,
			r.rsi, r.rdi, r.rbp, r.rsp, r.r8, r.r9, r.r10, r.r11, r.r12,
			r.r13, r.r14, r.r15, r.rip - UNWIND_SYSCALL_INSN };
		n = 17;
		for (unsigned i = 0; i < n; i++)
			regs[i] = v[i];
	}
	return dwfl_thread_state_registers(thread, 0, n, regs);
}

static const Dwfl_Thread_Callbacks unwind_libdw_thread_callbacks = {
	.next_thread = unwind_libdw_next_thread,
	.get_thread = unwind_libdw_get_thread,
	.memory_read = unwind_libdw_memory_read,
	.set_initial_registers = unwind_libdw_set_initial_registers,
};

/* Report the modules of the process, again after its mappings changed:
 * libdwfl keeps the modules reported anew at the same place, with their
 * files and unwind tables. */
static int
unwind_libdw_report(struct unwind_libdw_state *st)
{
	dwfl_report_begin(st->dwfl);
	if (dwfl_linux_proc_report(st->dwfl, st->pid) != 0 ||
	    dwfl_report_end(st->dwfl, NULL, NULL) != 0)
		return -ESRCH;
	st->stale = false;
	return 0;
}

static int
unwind_libdw_begin(struct unwind_libdw_state *st)
{
	st->dwfl = dwfl_begin(&unwind_libdw_callbacks);
	if (st->dwfl == NULL)
		return -ENOMEM;
	if (unwind_libdw_report(st) != 0 ||
	    !dwfl_attach_state(st->dwfl, NULL, st->pid,
	    &unwind_libdw_thread_callbacks, st)) {
		dwfl_end(st->dwfl);
		st->dwfl = NULL;
		return -ESRCH;
	}
	return 0;
}

static int
unwind_libdw_attach(pid_t pid, bool is32, const struct modmap *map, void **state)
{
	struct unwind_libdw_state *st = xcalloc(1, sizeof *st);

	(void)map;
	st->pid = pid;
	st->is32 = is32;
	*state = st;
	return 0;
}

static void
unwind_libdw_flush(void *state)
{
	struct unwind_libdw_state *st = state;

	st->stale = true;
}

static void
unwind_libdw_detach(void *state)
{
	struct unwind_libdw_state *st = state;

	if (st->dwfl != NULL)
		dwfl_end(st->dwfl);
	free(st);
}

static int
unwind_libdw_frame(Dwfl_Frame *frame, void *arg)
{
	struct unwind_libdw_walk *w = arg;
	Dwarf_Addr pc;
	bool activation;

	if (w->n == w->max)
		return DWARF_CB_ABORT;
	if (!dwfl_frame_pc(frame, &pc, &activation))
		return -1;
	/* An activation is an exact address: the first frame (the system
	 * call instruction), a signal trampoline, the frame a signal
	 * interrupted. */
	w->pcs[w->n].pc = pc;
	w->pcs[w->n].exact = activation;
	w->n++;
	return DWARF_CB_OK;
}

static int
unwind_libdw_walk(void *state, pid_t tid, struct unwind_pc *pcs, unsigned max,
	unsigned *n)
{
	struct unwind_libdw_state *st = state;
	struct unwind_libdw_walk w = { pcs, max, 0 };
	int rc;

	*n = 0;
	if (st->dwfl == NULL && (rc = unwind_libdw_begin(st)) != 0)
		return rc;
	if (st->stale && (rc = unwind_libdw_report(st)) != 0)
		return rc;
	tracee_mem_cache_reset(&unwind_libdw_mem, tid);
	rc = dwfl_getthread_frames(st->dwfl, tid, unwind_libdw_frame, &w);
	*n = w.n;
	if (rc == DWARF_CB_ABORT)
		return -E2BIG;
	return rc == 0 ? 0 : -EIO;
}

const struct unwind_backend unwind_libdw = {
	unwind_libdw_attach, unwind_libdw_detach, unwind_libdw_flush, unwind_libdw_walk,
};
