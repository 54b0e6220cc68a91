/* Call stacks of traced system calls: one interface, one backend per file
 * (libunwind-ptrace, elfutils libdwfl), raw frames stored in the profile.
 *
 * A frame is stored as (module path, build-id, offset), resolved to names
 * only at report time. The offset rule, for every backend:
 *
 *   base   = start of the module's first mapping - that mapping's file offset
 *   offset = address - base
 *
 * where address is, for the innermost frame, the system call instruction
 * itself (the stop's instruction pointer - 2: syscall, sysenter and int $0x80
 * are all two bytes long), and for each outer frame the return address - 1,
 * a byte inside the call instruction (a frame interrupted by a signal keeps
 * its exact address). So every offset lies inside the instruction that made
 * the call, and a symbolizer looks it up as is, with no further adjustment.
 * For the usual layouts (first PT_LOAD at file offset 0 and p_vaddr 0: PIE
 * executables, shared libraries) the offset is the ELF virtual address. An
 * address in no file mapping is stored with a NULL module as the address. */
#ifndef SANDCAST_TRACER_UNWIND_H
#define SANDCAST_TRACER_UNWIND_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/profile.h"
#include "tracer/modmap.h"

/* Frames kept per stack; a deeper stack is stored truncated. */
#define UNWIND_MAX_FRAMES 64

/* Unwinds of a call that found no new stack, after which it is settled: a
 * site (pc, return address) already seen is then counted without unwinding. */
#define UNWIND_SETTLE 32

/* The unwinders, selectable for x86-64 processes (i386 ones always use libdw). */
enum unwind_kind {
	UNWIND_LIBUNWIND,
	UNWIND_LIBDW,
};

/* The unwinder used for x86-64 processes unless asked otherwise. */
#define UNWIND_DEFAULT UNWIND_LIBDW

/* One frame as a backend reports it. */
struct unwind_pc {
	uint64_t pc;
	bool exact; /* pc is where the frame stopped, not a return address */
};

/* A backend: per-process state and walks of stopped threads. */
struct unwind_backend {
	const char *name;
	/* Make the state of process PID, whose thread TID is stopped and
	 * whose executable mappings MAP holds (kept up to date by the
	 * caller, flush() telling when it changed); 0 or -errno. */
	int (*attach)(pid_t pid, pid_t tid, const struct modmap *map, void **state);
	/* Free STATE. */
	void (*detach)(void *state);
	/* Forget what STATE knows of the process's mappings (they changed). */
	void (*flush)(void *state);
	/* Walk the stopped thread TID into PCS[0..MAX-1], innermost first, and
	 * set *N; return 0 at the outermost frame, -E2BIG when MAX frames were
	 * not enough, another -errno when unwinding failed on the way. */
	int (*walk)(void *state, pid_t tid, struct unwind_pc *pcs, unsigned max,
		unsigned *n);
};

extern const struct unwind_backend unwind_libunwind;
extern const struct unwind_backend unwind_libdw;

struct unwind;

/* Parse an unwinder name ("libunwind" or "libdw"); 0 or -EINVAL. */
int unwind_kind_parse(const char *name, enum unwind_kind *kind);

/* Return the name of the unwinder KIND. */
const char *unwind_kind_name(enum unwind_kind kind);

/* Make an unwinder that adds stacks to the calls of P, at most STACK_LIMIT
 * distinct ones per call, unwinding x86-64 processes with KIND. */
struct unwind *unwind_new(struct profile *p, enum unwind_kind kind,
	unsigned stack_limit);

/* Free U and everything it caches. */
void unwind_free(struct unwind *u);

/* Add to CALL the stack of thread TID of process PID (its thread-group id),
 * stopped at that call with instruction pointer IP and stack pointer SP. */
void unwind_call(struct unwind *u, struct profile_call *call, pid_t pid,
	pid_t tid, uint64_t ip, uint64_t sp);

/* Forget the mappings of process PID: it called execve successfully. */
void unwind_exec(struct unwind *u, pid_t pid);

/* Forget process PID: it is gone. */
void unwind_exit(struct unwind *u, pid_t pid);

#endif
