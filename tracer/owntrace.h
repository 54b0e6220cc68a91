/* The tracer's side of a traced program's own seccomp filters (struct
 * tracer_own): at the stop of a call that installs one, the program is read
 * from the tracee, rewritten by the client, written below the tracee's
 * stack pointer, and the call's third argument points at it until the
 * call's exit stop; at a stop by a rewritten return, the call is checked
 * again by the kernel with the instruction pointer the client gives, put
 * back at the exit stop (unless the call set it: an execve or rt_sigreturn
 * that a listener of the program's let continue), and a SIGSYS raised then
 * gets the real address of the call in its siginfo. Not handled: a clone a
 * listener lets continue starts its child at that instruction pointer. The
 * notify backend only sees the program. */
#ifndef SANDCAST_TRACER_OWNTRACE_H
#define SANDCAST_TRACER_OWNTRACE_H

#include <sys/ptrace.h>
#include <stdbool.h>
#include <stdint.h>

#include "tracer/proc.h"
#include "tracer/tracer.h"

/* Return whether the call of EV installs a seccomp filter: seccomp(2)
 * SECCOMP_SET_MODE_FILTER or prctl(2) PR_SET_SECCOMP SECCOMP_MODE_FILTER. */
bool owntrace_is_install(const struct tracer_event *ev);

/* At the seccomp stop of EV by thread TH, a call that installs a filter
 * under sandcast's filter of action BELOW: have OWN rewrite it, put the
 * rewritten one in place; return whether TH must stop at the call's exit
 * (resume it with PTRACE_SYSCALL, then call owntrace_exit()). */
bool owntrace_install(const struct tracer_own *own, struct proc_thread *th,
	const struct tracer_event *ev, uint32_t below);

/* At the seccomp stop of thread TH described by INFO, whose data says a
 * rewritten return of the program's filters stopped it: have the kernel
 * answer the call as those filters would; return whether TH must stop at
 * the call's exit. */
bool owntrace_answer(const struct tracer_own *own, struct proc_thread *th,
	const struct __ptrace_syscall_info *info);

/* At the syscall-exit stop of TH: put back what was changed at its call. */
void owntrace_exit(const struct tracer_own *own, struct proc_thread *th);

/* At a SIGSYS delivery stop of TH: a trap answered by an instruction
 * pointer of OWN's gets the call's real address in its siginfo. */
void owntrace_sigsys(struct proc_thread *th);

/* Forget what TH had under way (it is gone). */
void owntrace_forget(struct proc_thread *th);

/* Under notify: the call of EV, a thread of which cannot be stopped,
 * installs a filter; tell OWN what it is, to be left as it is. */
void owntrace_seen(const struct tracer_own *own, const struct tracer_event *ev,
	uint32_t below);

#endif
