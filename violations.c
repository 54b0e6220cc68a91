#include <errno.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/syscalls.h"
#include "reporter/present.h"
#include "violations.h"

void
violations_init(struct violations *v, const struct filter *filter, FILE *out,
	unsigned stacks)
{
	memset(v, 0, sizeof *v);
	v->filter = (struct judge){ filter_decide, filter };
	profile_init(&v->refused);
	v->refused.stack_limit = stacks != 0 ? stacks : 1;
	if (stacks != 0)
		v->unwind = unwind_new(&v->refused, UNWIND_DEFAULT, stacks, false);
	v->sym = symbolize_new(NULL);
	v->out = out;
}

void
violations_free(struct violations *v)
{
	if (v->unwind != NULL)
		unwind_free(v->unwind);
	symbolize_free(v->sym);
	profile_free(&v->refused);
}

/* The stack of CALL added last (uthash keeps the order of insertion). */
static const struct profile_stack *
violations_newest(const struct profile_call *call)
{
	const struct profile_stack *s, *tmp, *last = NULL;

	HASH_ITER(hh, call->stacks, s, tmp)
		last = s;
	return last;
}

/* Add the stack of EV to CALL: unwound, or the instruction pointer alone. */
static void
violations_stack(struct violations *v, struct profile_call *call,
	const struct tracer_event *ev)
{
	struct profile_frame ip = { NULL, NULL, ev->ip, 0 };

	if (v->unwind != NULL)
		unwind_call(v->unwind, call, ev);
	else
		profile_call_add_stack(call, &ip, 1, true, 1, v->refused.stack_limit);
}

/* Report the refused call of EV and the stack that made it. */
static void
violations_report(struct violations *v, const struct profile_call *call,
	const struct tracer_event *ev)
{
	char name[32];

	fprintf(v->out, "sandcast run: refused %s %s (%u) in %s (pid %d); it fails "
	    "with EPERM:\n", arch_name(ev->arch),
	    syscalls_describe(ev->arch, ev->nr, name, sizeof name), ev->nr,
	    ev->exe != NULL ? ev->exe : "an unknown executable", (int)ev->tgid);
	present_stack_print(v->out, v->sym, violations_newest(call), 4);
	fflush(v->out);
}

/* Report the call of EV, which the filter refused, the first time it comes
 * from a new stack; return the errno it fails with. */
static int
violations_refused(struct violations *v, const struct tracer_event *ev)
{
	struct profile_call *call = profile_get(&v->refused, ev->arch, ev->nr);
	unsigned before = call->nstacks;

	call->count++;
	v->count++;
	profile_call_add_exe(call, ev->exe);
	violations_stack(v, call, ev);
	if (call->nstacks > before)
		violations_report(v, call, ev);
	return VIOLATIONS_ERRNO;
}

/* The tracer callback: what the filter returns for the stopped call, done
 * by hand. */
static int
violations_call(const struct tracer_event *ev, void *ctx)
{
	struct violations *v = ctx;
	uint32_t ret = judge_call(&v->filter, ev);

	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
	case SECCOMP_RET_LOG:
		return 0;
	case SECCOMP_RET_ERRNO:
		return (int)(ret & SECCOMP_RET_DATA);
	case SECCOMP_RET_TRACE:
		return violations_refused(v, ev);
	}
	/* NOTE: a kill or a trap cannot be raised from a tracer; SIGSYS,
	 * pending when the denied call returns, kills as
	 * SECCOMP_RET_KILL_PROCESS would unless the command catches or ignores
	 * SIGSYS. */
	syscall(SYS_tgkill, ev->tgid, ev->tid, SIGSYS);
	return EPERM;
}

static void
violations_exec(pid_t tgid, const char *exe, void **user, void *ctx)
{
	(void)tgid, (void)exe, (void)ctx;
	unwind_forget(user);
}

static void
violations_exit(pid_t tid, pid_t tgid, bool last, void **user, void *ctx)
{
	(void)tid, (void)tgid, (void)ctx;
	if (last)
		unwind_forget(user);
}

struct tracer_hooks
violations_hooks(struct violations *v)
{
	struct tracer_hooks h = { violations_call, violations_exec, violations_exit, v, NULL };

	return h;
}

void
violations_summary(const struct violations *v, FILE *out)
{
	size_t n;
	struct profile_call **calls;
	char name[32];

	if (v->count == 0)
		return;
	calls = present_calls_by_name(&v->refused, ARCH_MASK_ALL, &n);
	fprintf(out, "sandcast run: the filter refused %" PRIu64 " call%s, %zu "
	    "distinct:\n", v->count, present_plural(v->count), n);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "  %s %s (%u): %" PRIu64 " call%s by ",
		    arch_name(calls[i]->key.arch),
		    present_call_name(calls[i], name, sizeof name), calls[i]->key.nr,
		    calls[i]->count, present_plural(calls[i]->count));
		present_exes_print(out, calls[i], ", ");
		fputc('\n', out);
	}
	free(calls);
}
