#include <fnmatch.h>
#include <linux/seccomp.h>
#include <string.h>

#include "core/argtable.h"
#include "core/path.h"
#include "tracer/recorder.h"

void
recorder_init(struct recorder *r, struct profile *p, char *const *globs, size_t n)
{
	memset(r, 0, sizeof *r);
	r->profile = p;
	r->globs = globs;
	r->nglobs = n;
}

bool
recorder_exe_matches(char *const *globs, size_t n, const char *exe)
{
	const char *base;

	if (exe == NULL)
		return false;
	base = path_base_name(exe);
	for (size_t i = 0; i < n; i++) {
		const char *subject = strchr(globs[i], '/') != NULL ? exe : base;
		if (fnmatch(globs[i], subject, 0) == 0)
			return true;
	}
	return false;
}

static bool
recorder_keeps(struct recorder *r, const char *exe)
{
	if (r->nglobs == 0)
		return true;
	/* Executables are interned: a pointer compare finds a repeat. */
	if (exe != r->last_exe) {
		r->last_exe = exe;
		r->last_keep = recorder_exe_matches(r->globs, r->nglobs, exe);
	}
	return r->last_keep;
}

/* Keep the values of the arguments the table names of the call EV, made
 * from the stack S (NULL: none). */
static void
recorder_args(struct recorder *r, struct profile_call *call,
	const struct tracer_event *ev, const struct profile_stack *s)
{
	size_t n;
	const struct argrule *const *rules = argtable_rules(ev->arch, ev->nr, &n);

	for (size_t i = 0; i < n; i++) {
		struct profile_arg *arg = profile_call_arg(call, rules[i]->index);
		struct profile_value *v = profile_arg_add(arg,
		    argtable_read(rules[i], ev->arch, ev->args[rules[i]->index]), 1);
		if (v == NULL || r->unwind == NULL)
			continue;
		if (s != NULL)
			profile_value_add_stack(v, s->frames, s->nframes, s->truncated, 1,
			    r->profile->stack_limit);
		else if (v->nstacks == 0)
			unwind_value(r->unwind, v, ev);
	}
}

int
recorder_call(const struct tracer_event *ev, void *ctx)
{
	struct recorder *r = ctx;
	struct profile_call *call;
	const struct profile_stack *s = NULL;

	if (!recorder_keeps(r, ev->exe) ||
	    (r->approved != NULL && judge_call(r->approved, ev) == SECCOMP_RET_ALLOW))
		return 0;
	call = profile_get(r->profile, ev->arch, ev->nr);
	call->count++;
	profile_call_add_exe(call, ev->exe);
	if (r->unwind != NULL)
		s = unwind_call(r->unwind, call, ev);
	recorder_args(r, call, ev, s);
	r->calls++;
	return 0;
}

void
recorder_exec(pid_t tgid, const char *exe, void **user, void *ctx)
{
	(void)tgid, (void)exe, (void)ctx;
	unwind_forget(user);
}

void
recorder_exit(pid_t tid, pid_t tgid, bool last, void **user, void *ctx)
{
	(void)tid, (void)tgid, (void)ctx;
	if (last)
		unwind_forget(user);
}
