/* Call stacks of traced system calls: one interface, one backend per file
 * (libunwind-ptrace, elfutils libdwfl), raw frames stored in the profile.
 *
 * A frame is stored as docs/profile-format.md defines it, and resolved to
 * names only at report time: the module (the file /proc/PID/maps names, or
 * "[vdso]"), its build-id, and the frame's address as a link-time address
 * of that module (address - load bias; the address itself where no module
 * maps it). The address is, for the innermost frame, the instruction
 * pointer at the stop (just after the system call instruction), and for
 * every outer frame the return address, as the unwinder gives it: never
 * adjusted by -1 (the symbolizer looks up address - 1), except the frames
 * marked exact, a signal trampoline and the frame the signal interrupted,
 * whose address is the instruction itself (looked up as it is). */
#ifndef SANDCAST_TRACER_UNWIND_H
#define SANDCAST_TRACER_UNWIND_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/profile.h"
#include "tracer/modmap.h"
#include "tracer/tracer.h"

/* Frames kept per stack; a deeper stack is stored truncated. */
#define UNWIND_MAX_FRAMES 64

/* Unwinds of a call that found no new stack, after which it is settled: a
 * site (pc, return address) already seen is then counted without unwinding. */
#define UNWIND_SETTLE 8

/* The unwinders, selectable for x86-64 processes (i386 and x32
 * ones always use libdw). */
enum unwind_kind {
	UNWIND_LIBDW,
	UNWIND_LIBUNWIND,
	UNWIND_KIND_COUNT
};

/* The names of the unwinders ("libdw", "libunwind"), by enum unwind_kind,
 * NULL-ended. */
extern const char *const unwind_kind_names[UNWIND_KIND_COUNT + 1];

/* The unwinder used for x86-64 processes unless asked otherwise. */
#define UNWIND_DEFAULT UNWIND_LIBDW

/* NOTE: every system call instruction is two bytes long (syscall 0f 05,
 * int $0x80 cd 80, sysenter 0f 34), and at a seccomp stop the instruction
 * pointer is just after it (for sysenter, after the int $0x80 that follows
 * it in the vDSO's __kernel_vsyscall, where the kernel returns). */
#define UNWIND_SYSCALL_INSN 2

/* A frame as a backend walks it: an address, and whether it is the
 * instruction itself (a signal trampoline, or the frame a signal
 * interrupted) rather than a return address. */
struct unwind_pc {
	uint64_t pc;
	bool exact;
};

/* A backend: per-process state and walks of stopped threads. Each walk
 * starts from the system call instruction (the instruction pointer minus
 * UNWIND_SYSCALL_INSN), so that the unwind information of the instruction
 * being run is the one used, even when it is the last of its function
 * (glibc's __restore_rt). */
struct unwind_backend {
	/* Make the state of process PID (32-bit code when IS32), whose
	 * executable mappings MAP holds (kept up to date by the caller,
	 * flush() telling when it changed); 0 or -errno. */
	int (*attach)(pid_t pid, bool is32, const struct modmap *map, void **state);
	/* Free STATE. */
	void (*detach)(void *state);
	/* Forget what STATE knows of the process's mappings (they changed). */
	void (*flush)(void *state);
	/* Walk the stopped thread TID into PCS[0..MAX-1], innermost first
	 * (PCS[0] is the system call instruction), and set *N; return 0 at
	 * the outermost frame, -E2BIG when MAX frames were not enough,
	 * another -errno when unwinding failed on the way. */
	int (*walk)(void *state, pid_t tid, struct unwind_pc *pcs, unsigned max,
		unsigned *n);
};

extern const struct unwind_backend unwind_libunwind;
extern const struct unwind_backend unwind_libdw;

struct unwind;

/* Make an unwinder that adds stacks to the calls of P, at most STACK_LIMIT
 * distinct ones per call, unwinding x86-64 processes with KIND. ALL_CALLS
 * says that every call stops (the catch-all filter), so that every mapping
 * of code is seen; otherwise each process's map is read again before each
 * walk, lest a module loaded where another was be taken for it. */
struct unwind *unwind_new(struct profile *p, enum unwind_kind kind,
	unsigned stack_limit, bool all_calls);

/* Free U and everything it caches (the processes' states are freed by
 * unwind_forget()). */
void unwind_free(struct unwind *u);

/* Add to CALL the stack of the thread stopped at it, as EV tells, keeping
 * the state of its process in the process's slot (*EV->user, made at its
 * first call, freed by unwind_forget()). A call from a site seen before is
 * counted to the site's stack without a walk once the call is settled (it
 * has its stacks, or UNWIND_SETTLE walks in a row found none new); a site
 * not seen before is walked, unless the call has its stacks already: the
 * stack, new to the call, would not be kept. Return the stack the call
 * was counted to, or NULL when none. */
const struct profile_stack *unwind_call(struct unwind *u, struct profile_call *call,
	const struct tracer_event *ev);

/* Add to the argument value V the stack of the thread stopped at the call
 * EV, walked whatever the call's sites say (a value new to its call, whose
 * site's stack may not have been kept). */
void unwind_value(struct unwind *u, struct profile_value *v,
	const struct tracer_event *ev);

/* Return how many of the calls of CALL were unwound; the others were
 * counted to the stack of their site without a walk. */
unsigned long unwind_count(const struct unwind *u, const struct profile_call *call);

/* Free the state of the process whose slot is USER and empty the slot: the
 * process has exec'd (its code is new) or is gone. */
void unwind_forget(void **user);

#endif
