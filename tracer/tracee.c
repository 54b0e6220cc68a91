#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include "tracer/tracee.h"

/* The NT_PRSTATUS layout of an i386 tracee (the kernel's user_regs_struct32). */
struct tracee_regs_i386 {
	uint32_t ebx, ecx, edx, esi, edi, ebp, eax;
	uint32_t xds, xes, xfs, xgs, orig_eax, eip, xcs, eflags, esp, xss;
};

union tracee_regs {
	struct user_regs_struct x86_64;
	struct tracee_regs_i386 i386;
};

/* Read the registers of TID into R; *IS32 tells which layout came. */
static int
tracee_regs_get(pid_t tid, union tracee_regs *r, bool *is32)
{
	struct iovec iov = { .iov_base = r, .iov_len = sizeof *r };

	/* NOTE: the regset follows the tracee's mode, not the tracer's: a
	 * 32-bit tracee fills the i386 layout, even for a 64-bit tracer, and
	 * iov_len says which one came (Linux 2.6.33 and later). A 64-bit
	 * process making an int 0x80 call keeps the 64-bit layout. */
	if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) != 0)
		return -errno;
	if (iov.iov_len != sizeof r->i386 && iov.iov_len != sizeof r->x86_64)
		return -EINVAL;
	*is32 = iov.iov_len == sizeof r->i386;
	return 0;
}

static int
tracee_regs_set(pid_t tid, union tracee_regs *r, bool is32)
{
	struct iovec iov = {
		.iov_base = r,
		.iov_len = is32 ? sizeof r->i386 : sizeof r->x86_64,
	};

	return ptrace(PTRACE_SETREGSET, tid, NT_PRSTATUS, &iov) == 0 ? 0 : -errno;
}

int
tracee_deny(pid_t tid, int err)
{
	union tracee_regs r;
	bool is32;
	int rc = tracee_regs_get(tid, &r, &is32);

	if (rc != 0)
		return rc;
	if (is32) {
		r.i386.orig_eax = (uint32_t)-1;
		r.i386.eax = (uint32_t)-err;
	} else {
		r.x86_64.orig_rax = (unsigned long long)-1;
		r.x86_64.rax = (unsigned long long)-err;
	}
	/* NOTE: at a seccomp stop, syscall number -1 skips the call and the
	 * return register is what the tracee sees (Linux 4.8 and later). */
	return tracee_regs_set(tid, &r, is32);
}

int
tracee_set_arg0(pid_t tid, enum arch arch, uint64_t value)
{
	union tracee_regs r;
	bool is32;
	int rc = tracee_regs_get(tid, &r, &is32);

	if (rc != 0)
		return rc;
	if (is32)
		r.i386.ebx = (uint32_t)value;
	else if (arch == ARCH_I386)
		r.x86_64.rbx = value; /* int 0x80 from a 64-bit process */
	else
		r.x86_64.rdi = value;
	return tracee_regs_set(tid, &r, is32);
}

/* The register REG of R, in the layout IS32 says. */
static uint64_t *
tracee_reg64(union tracee_regs *r, enum tracee_reg reg)
{
	return reg == TRACEE_IP ? (uint64_t *)&r->x86_64.rip :
	    (uint64_t *)&r->x86_64.rdx;
}

static uint32_t *
tracee_reg32(union tracee_regs *r, enum tracee_reg reg)
{
	return reg == TRACEE_IP ? &r->i386.eip : &r->i386.edx;
}

int
tracee_swap(pid_t tid, enum tracee_reg reg, uint64_t value, uint64_t *old)
{
	union tracee_regs r;
	bool is32;
	int rc = tracee_regs_get(tid, &r, &is32);

	if (rc != 0)
		return rc;
	if (is32) {
		*old = *tracee_reg32(&r, reg);
		*tracee_reg32(&r, reg) = (uint32_t)value;
	} else {
		*old = *tracee_reg64(&r, reg);
		*tracee_reg64(&r, reg) = value;
	}
	return tracee_regs_set(tid, &r, is32);
}
