/* The elfutils libdwfl unwinder: one Dwfl per process, built from
 * /proc/PID/maps and attached to the (already ptrace-stopped) process; it
 * unwinds x86-64 and i386 processes alike. */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdlib.h>

#include "core/xmalloc.h"
#include "tracer/unwind.h"

struct unwind_libdw_state {
	Dwfl *dwfl; /* NULL until the next walk builds it */
};

struct unwind_libdw_walk {
	uint64_t *pcs;
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

static int
unwind_libdw_begin(struct unwind_libdw_state *st, pid_t tid)
{
	Dwfl *dwfl = dwfl_begin(&unwind_libdw_callbacks);

	if (dwfl == NULL)
		return -ENOMEM;
	dwfl_report_begin(dwfl);
	if (dwfl_linux_proc_report(dwfl, tid) != 0 ||
	    dwfl_report_end(dwfl, NULL, NULL) != 0 ||
	    dwfl_linux_proc_attach(dwfl, tid, true) != 0) {
		dwfl_end(dwfl);
		return -ESRCH;
	}
	st->dwfl = dwfl;
	return 0;
}

static int
unwind_libdw_attach(pid_t pid, pid_t tid, const struct modmap *map, void **state)
{
	struct unwind_libdw_state *st = xcalloc(1, sizeof *st);
	int rc;

	(void)pid, (void)map;
	rc = unwind_libdw_begin(st, tid);
	if (rc != 0) {
		free(st);
		return rc;
	}
	*state = st;
	return 0;
}

static void
unwind_libdw_flush(void *state)
{
	struct unwind_libdw_state *st = state;

	dwfl_end(st->dwfl);
	st->dwfl = NULL;
}

static void
unwind_libdw_detach(void *state)
{
	unwind_libdw_flush(state);
	free(state);
}

static int
unwind_libdw_frame(Dwfl_Frame *frame, void *arg)
{
	struct unwind_libdw_walk *w = arg;
	Dwarf_Addr pc;

	if (w->n == w->max)
		return DWARF_CB_ABORT;
	if (!dwfl_frame_pc(frame, &pc, NULL))
		return -1;
	w->pcs[w->n++] = pc;
	return DWARF_CB_OK;
}

static int
unwind_libdw_walk(void *state, pid_t tid, uint64_t *pcs, unsigned max,
	unsigned *n)
{
	struct unwind_libdw_state *st = state;
	struct unwind_libdw_walk w = { pcs, max, 0 };
	int rc;

	*n = 0;
	if (st->dwfl == NULL && (rc = unwind_libdw_begin(st, tid)) != 0)
		return rc;
	rc = dwfl_getthread_frames(st->dwfl, tid, unwind_libdw_frame, &w);
	*n = w.n;
	if (rc == DWARF_CB_ABORT)
		return -E2BIG;
	return rc == 0 ? 0 : -EIO;
}

const struct unwind_backend unwind_libdw = {
	.name = "libdw",
	.attach = unwind_libdw_attach,
	.detach = unwind_libdw_detach,
	.flush = unwind_libdw_flush,
	.walk = unwind_libdw_walk,
};
