/* The libunwind-ptrace unwinder for x86-64 processes: one address space per
 * process with libunwind's caches on, the _UPT_* lookups of unwind tables
 * with one UPT handle per module (a handle keeps the table of the last file
 * it looked in, and reads /proc/PID/maps and maps the file again whenever
 * the file changes), and registers and memory read once per stop
 * (PTRACE_GETREGS, then whole pages with process_vm_readv) instead of a
 * ptrace request per word. */
#include <errno.h>
#include <libunwind-ptrace.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "core/hash.h"
#include "core/xmalloc.h"
#include "tracer/modmap.h"
#include "tracer/tracee-mem.h"
#include "tracer/unwind.h"

/* Unwind information kept per process (libunwind's register-state cache). */
#define UNWIND_LIBUNWIND_CACHE 1024

/* The _UPT_* handle that looks up the unwind tables of one module. */
struct unwind_libunwind_module {
	const char *module; /* interned path, as in the process map */
	void *upt;
	UT_hash_handle hh;
};

struct unwind_libunwind_state {
	unw_addr_space_t as;
	pid_t pid;
	const struct modmap *map;
	struct unwind_libunwind_module *modules;
};

/* The thread being walked: its registers and the memory read so far,
 * valid for one walk. */
struct unwind_libunwind_walk {
	struct unwind_libunwind_state *state;
	struct user_regs_struct regs;
	struct tracee_mem_cache mem;
};

/* NOTE: _UPT_find_proc_info() passes its own argument (a UPT handle) to the
 * address space's access_mem, so the accessors cannot receive the walk
 * through their argument; walks never overlap, so the walk in progress is
 * this one. */
static struct unwind_libunwind_walk unwind_libunwind_current;

static int
unwind_libunwind_access_mem(unw_addr_space_t as, unw_word_t addr,
	unw_word_t *val, int write, void *arg)
{
	(void)as, (void)arg;
	if (write)
		return -UNW_EREADONLYREG;
	if (tracee_mem_cache_read(&unwind_libunwind_current.mem, addr, val,
	    sizeof *val) != 0)
		return -UNW_EINVAL;
	return 0;
}

static int
unwind_libunwind_access_reg(unw_addr_space_t as, unw_regnum_t reg,
	unw_word_t *val, int write, void *arg)
{
	static const size_t offset[] = {
		[UNW_X86_64_RAX] = offsetof(struct user_regs_struct, rax),
		[UNW_X86_64_RDX] = offsetof(struct user_regs_struct, rdx),
		[UNW_X86_64_RCX] = offsetof(struct user_regs_struct, rcx),
		[UNW_X86_64_RBX] = offsetof(struct user_regs_struct, rbx),
		[UNW_X86_64_RSI] = offsetof(struct user_regs_struct, rsi),
		[UNW_X86_64_RDI] = offsetof(struct user_regs_struct, rdi),
		[UNW_X86_64_RBP] = offsetof(struct user_regs_struct, rbp),
		[UNW_X86_64_RSP] = offsetof(struct user_regs_struct, rsp),
		[UNW_X86_64_R8] = offsetof(struct user_regs_struct, r8),
		[UNW_X86_64_R9] = offsetof(struct user_regs_struct, r9),
		[UNW_X86_64_R10] = offsetof(struct user_regs_struct, r10),
		[UNW_X86_64_R11] = offsetof(struct user_regs_struct, r11),
		[UNW_X86_64_R12] = offsetof(struct user_regs_struct, r12),
		[UNW_X86_64_R13] = offsetof(struct user_regs_struct, r13),
		[UNW_X86_64_R14] = offsetof(struct user_regs_struct, r14),
		[UNW_X86_64_R15] = offsetof(struct user_regs_struct, r15),
		[UNW_X86_64_RIP] = offsetof(struct user_regs_struct, rip),
	};
	const unsigned char *regs = (const unsigned char *)&unwind_libunwind_current.regs;

	(void)as, (void)arg;
	if (write)
		return -UNW_EREADONLYREG;
	if (reg < 0 || (size_t)reg >= sizeof offset / sizeof offset[0])
		return -UNW_EBADREG;
	memcpy(val, regs + offset[reg], sizeof *val);
	return 0;
}

static int
unwind_libunwind_access_fpreg(unw_addr_space_t as, unw_regnum_t reg,
	unw_fpreg_t *val, int write, void *arg)
{
	(void)as, (void)reg, (void)val, (void)write, (void)arg;
	return -UNW_EBADREG;
}

/* Find the unwind information of IP with the UPT handle of its module. */
static int
unwind_libunwind_find_proc_info(unw_addr_space_t as, unw_word_t ip,
	unw_proc_info_t *pi, int need_unwind_info, void *arg)
{
	struct unwind_libunwind_state *st = unwind_libunwind_current.state;
	const struct modmap_entry *e = modmap_find(st->map, ip);
	struct unwind_libunwind_module *m;

	(void)arg;
	if (e == NULL || e->module == NULL)
		return -UNW_ENOINFO;
	HASH_FIND_PTR(st->modules, &e->module, m);
	if (m == NULL) {
		void *upt = _UPT_create(st->pid);
		if (upt == NULL)
			return -UNW_ENOMEM;
		m = xcalloc(1, sizeof *m);
		m->module = e->module;
		m->upt = upt;
		HASH_ADD_PTR(st->modules, module, m);
	}
	return _UPT_find_proc_info(as, ip, pi, need_unwind_info, m->upt);
}

static unw_accessors_t unwind_libunwind_accessors = {
	.find_proc_info = unwind_libunwind_find_proc_info,
	.put_unwind_info = _UPT_put_unwind_info,
	.get_dyn_info_list_addr = _UPT_get_dyn_info_list_addr,
	.access_mem = unwind_libunwind_access_mem,
	.access_reg = unwind_libunwind_access_reg,
	.access_fpreg = unwind_libunwind_access_fpreg,
	.resume = _UPT_resume,
	.get_proc_name = _UPT_get_proc_name,
};

static int
unwind_libunwind_attach(pid_t pid, bool is32, const struct modmap *map,
	void **state)
{
	struct unwind_libunwind_state *st = xcalloc(1, sizeof *st);

	(void)is32;
	st->pid = pid;
	st->map = map;
	st->as = unw_create_addr_space(&unwind_libunwind_accessors, 0);
	if (st->as == NULL) {
		free(st);
		return -ENOMEM;
	}
	unw_set_caching_policy(st->as, UNW_CACHE_GLOBAL);
	unw_set_cache_size(st->as, UNWIND_LIBUNWIND_CACHE, 0);
	*state = st;
	return 0;
}

static void
unwind_libunwind_flush(void *state)
{
	struct unwind_libunwind_state *st = state;
	struct unwind_libunwind_module *m, *tmp;

	unw_flush_cache(st->as, 0, 0);
	HASH_ITER(hh, st->modules, m, tmp) {
		HASH_DEL(st->modules, m);
		_UPT_destroy(m->upt);
		free(m);
	}
}

static void
unwind_libunwind_detach(void *state)
{
	struct unwind_libunwind_state *st = state;

	unwind_libunwind_flush(st);
	unw_destroy_addr_space(st->as);
	free(st);
}

/* NOTE: unw_is_signal_frame() is true of the frame a signal interrupted,
 * whose registers were read from the signal frame (libunwind 1.6, x86-64):
 * the frame before it is the signal trampoline. Both are exact addresses,
 * as is the first frame. */
static int
unwind_libunwind_walk(void *state, pid_t tid, struct unwind_pc *pcs,
	unsigned max, unsigned *n)
{
	struct unwind_libunwind_state *st = state;
	struct unwind_libunwind_walk *w = &unwind_libunwind_current;
	unw_cursor_t cursor;
	unw_word_t ip;
	int rc;

	*n = 0;
	w->state = st;
	tracee_mem_cache_reset(&w->mem, tid);
	if (ptrace(PTRACE_GETREGS, tid, NULL, &w->regs) != 0)
		return -errno;
	tracee_mem_cache_prefetch(&w->mem, w->regs.rsp);
	w->regs.rip -= UNWIND_SYSCALL_INSN;
	if (unw_init_remote(&cursor, st->as, NULL) != 0)
		return -EIO;
	for (;;) {
		bool interrupted = unw_is_signal_frame(&cursor) > 0;
		if (*n == max)
			return -E2BIG;
		if (unw_get_reg(&cursor, UNW_REG_IP, &ip) != 0)
			return -EIO;
		pcs[*n].pc = ip;
		pcs[*n].exact = *n == 0 || interrupted;
		if (interrupted && *n > 0)
			pcs[*n - 1].exact = true;
		(*n)++;
		rc = unw_step(&cursor);
		if (rc <= 0)
			return rc == 0 ? 0 : -EIO;
	}
}

const struct unwind_backend unwind_libunwind = {
	unwind_libunwind_attach, unwind_libunwind_detach, unwind_libunwind_flush, unwind_libunwind_walk,
};
