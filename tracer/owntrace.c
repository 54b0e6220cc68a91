#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>

#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "tracer/owntrace.h"
#include "tracer/tracee-mem.h"
#include "tracer/tracee.h"

/* The si_code of a SIGSYS from seccomp (asm-generic/siginfo.h). */
#define OWNTRACE_SYS_SECCOMP 1

/* The bytes below the stack pointer left alone: x86-64's red zone. */
#define OWNTRACE_RED_ZONE 128

/* An install under way, from its seccomp stop to its exit stop. */
struct tracer_own_install {
	struct tracer_install in;
	struct sock_filter *prog; /* the program as the tracee gave it */
	int number;               /* install()'s answer */
	bool moved;               /* the third argument points at the rewrite */
};

/* The numbers of seccomp and prctl on ARCH. */
static void
owntrace_numbers(enum arch arch, int *seccomp, int *prctl)
{
	static int nrs[ARCH_COUNT][2];
	static bool known;

	if (!known) {
		for (int a = 0; a < ARCH_COUNT; a++) {
			nrs[a][0] = syscalls_number(a, "seccomp");
			nrs[a][1] = syscalls_number(a, "prctl");
		}
		known = true;
	}
	*seccomp = nrs[arch][0];
	*prctl = nrs[arch][1];
}

bool
owntrace_is_install(const struct tracer_event *ev)
{
	int seccomp, prctl;

	owntrace_numbers(ev->arch, &seccomp, &prctl);
	if ((int)ev->nr == seccomp)
		return (uint32_t)ev->args[0] == SECCOMP_SET_MODE_FILTER;
	return (int)ev->nr == prctl && (uint32_t)ev->args[0] == PR_SET_SECCOMP &&
	    (uint32_t)ev->args[1] == SECCOMP_MODE_FILTER;
}

/* Read the sock_fprog at the third argument of EV's call (the compat
 * layout for i386 and x32 calls) and its program into *PROG; 0 or -errno. */
static int
owntrace_read(const struct tracer_event *ev, struct sock_filter **prog, size_t *len)
{
	unsigned char head[16];
	uint64_t filter = 0;
	uint16_t n;
	bool compat = ev->arch != ARCH_X86_64;
	int rc = tracee_mem_read(ev->tid, ev->args[2], head, compat ? 8 : 16);

	if (rc != 0)
		return rc;
	memcpy(&n, head, sizeof n);
	memcpy(&filter, head + (compat ? 4 : 8), compat ? 4 : 8);
	if (n == 0 || n > BPF_MAXINSNS)
		return -EINVAL;
	*len = n;
	*prog = xcalloc(n, sizeof **prog);
	rc = tracee_mem_read(ev->tid, filter, *prog, n * sizeof **prog);
	if (rc != 0)
		free(*prog);
	return rc;
}

/* Write PROG[0..LEN-1] and a sock_fprog that points at it below the stack
 * pointer of EV's thread, and return the address of the sock_fprog in
 * *ADDR; 0 or -errno. */
static int
owntrace_place(const struct tracer_event *ev, const struct sock_filter *prog,
	size_t len, uint64_t *addr)
{
	unsigned char head[16] = { 0 };
	uint16_t n = (uint16_t)len;
	size_t size = sizeof head + len * sizeof *prog;
	bool compat = ev->arch != ARCH_X86_64;
	uint64_t at, filter;
	int rc;

	if (ev->sp < size + OWNTRACE_RED_ZONE + 4096)
		return -EFAULT;
	at = (ev->sp - OWNTRACE_RED_ZONE - size) & ~(uint64_t)15;
	filter = at + sizeof head;
	/* A compat call takes a 32-bit pointer: not one past 4 GiB (int $0x80
	 * from a 64-bit process). */
	if (compat && at + size > UINT32_MAX)
		return -EFAULT;
	memcpy(head, &n, sizeof n);
	memcpy(head + (compat ? 4 : 8), &filter, compat ? 4 : 8);
	if ((rc = tracee_mem_write(ev->tid, at, head, sizeof head)) != 0 ||
	    (rc = tracee_mem_write(ev->tid, filter, prog, len * sizeof *prog)) != 0)
		return rc;
	*addr = at;
	return 0;
}

/* Have OWN rewrite I's program and put the rewrite in place. */
static void
owntrace_rewrite(const struct tracer_own *own, struct proc_thread *th,
	const struct tracer_event *ev, struct tracer_own_install *i)
{
	struct sock_filter *out = NULL;
	size_t outlen = 0;
	uint64_t addr;

	i->number = own->install(&i->in, &out, &outlen, own->ctx);
	if (i->number >= 0 && (owntrace_place(ev, out, outlen, &addr) != 0 ||
	    tracee_swap(ev->tid, TRACEE_ARG2, addr, &th->own_saved) != 0))
		i->number = -1;
	i->moved = i->number >= 0;
	free(out);
}

bool
owntrace_install(const struct tracer_own *own, struct proc_thread *th,
	const struct tracer_event *ev, uint32_t below)
{
	struct tracer_own_install *i = xcalloc(1, sizeof *i);

	if (owntrace_read(ev, &i->prog, &i->in.len) != 0) {
		free(i);
		return false; /* the kernel refuses it too */
	}
	i->in = (struct tracer_install){ ev->tid, ev->tgid, ev->exe, i->prog, i->in.len,
	    th->group->own_top - 1, below, th->group->own_top >= 0 };
	i->number = -1;
	/* Once a filter is left as it is, none after it is rewritten: its
	 * answers would otherwise outrank the rewritten ones'. */
	if (i->in.can_rewrite)
		owntrace_rewrite(own, th, ev, i);
	owntrace_forget(th);
	th->own = PROC_OWN_INSTALL;
	th->own_install = i;
	return true;
}

/* NOTE: at a seccomp stop, the data of the SECCOMP_RET_TRACE that stopped
 * the call is PTRACE_GET_SYSCALL_INFO's ret_data; resumed with
 * PTRACE_SYSCALL, the thread stops again at the call's exit, also when the
 * kernel's second look (after the tracer changed its registers) skipped it
 * with an errno or a trap (Linux 6.18). */
bool
owntrace_answer(const struct tracer_own *own, struct proc_thread *th,
	const struct __ptrace_syscall_info *info)
{
	struct seccomp_data d = {
		.nr = (int)info->seccomp.nr, .arch = info->arch,
		.instruction_pointer = info->instruction_pointer,
	};
	uint64_t ip;

	if (th->group->own_top <= 0)
		return false;
	memcpy(d.args, info->seccomp.args, sizeof d.args);
	ip = own->resolve((int)info->seccomp.ret_data - 1, &d, own->ctx);
	if (ip == 0 || tracee_swap(th->tid, TRACEE_IP, ip, &th->own_saved) != 0)
		return false;
	th->own_ip = ip;
	th->own = PROC_OWN_RERUN;
	return true;
}

void
owntrace_exit(const struct tracer_own *own, struct proc_thread *th)
{
	struct tracer_own_install *i = th->own_install;
	struct __ptrace_syscall_info info;
	uint64_t was;
	bool ok;

	if (th->own == PROC_OWN_RERUN) {
		/* Put back unless the call, let continue by a listener of the
		 * program's, set it itself (execve, rt_sigreturn). */
		if (tracee_swap(th->tid, TRACEE_IP, th->own_saved, &was) == 0 &&
		    was != th->own_ip)
			tracee_swap(th->tid, TRACEE_IP, was, &was);
		/* A trap's SIGSYS comes next, if the answer was one. */
		th->own = PROC_OWN_SIGSYS;
		return;
	}
	if (th->own == PROC_OWN_INSTALL && i != NULL) {
		if (i->moved)
			tracee_swap(th->tid, TRACEE_ARG2, th->own_saved, &was);
		ok = ptrace(PTRACE_GET_SYSCALL_INFO, th->tid, sizeof info, &info) > 0 &&
		    info.op == PTRACE_SYSCALL_INFO_EXIT && !info.exit.is_error;
		own->installed(&i->in, i->number, ok, own->ctx);
		if (ok)
			th->group->own_top = i->number >= 0 ? i->number + 1 : -1;
	}
	th->own = PROC_OWN_NONE;
	owntrace_forget(th);
}

void
owntrace_sigsys(struct proc_thread *th)
{
	siginfo_t si;

	/* NOTE: a trap raised while the call ran with the instruction pointer
	 * an own filter answers by has that as si_call_addr (KSTK_EIP at
	 * force_sig_seccomp(), Linux 6.18); own_saved still holds the real one. */
	if (th->own != PROC_OWN_SIGSYS)
		return;
	th->own = PROC_OWN_NONE;
	if (ptrace(PTRACE_GETSIGINFO, th->tid, 0, &si) != 0 ||
	    si.si_code != OWNTRACE_SYS_SECCOMP)
		return;
	si.si_call_addr = (void *)(uintptr_t)th->own_saved;
	ptrace(PTRACE_SETSIGINFO, th->tid, 0, &si);
}

void
owntrace_forget(struct proc_thread *th)
{
	if (th->own_install != NULL) {
		free(th->own_install->prog);
		free(th->own_install);
		th->own_install = NULL;
	}
}

void
owntrace_seen(const struct tracer_own *own, const struct tracer_event *ev,
	uint32_t below)
{
	struct tracer_install in = { ev->tid, ev->tgid, ev->exe, NULL, 0, -1, below, false };
	struct sock_filter *prog;

	if (owntrace_read(ev, &prog, &in.len) != 0)
		return;
	in.prog = prog;
	own->installed(&in, -1, true, own->ctx);
	free(prog);
}
