#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "core/message.h"
#include "core/syscalls.h"
#include "gen/action.h"
#include "gen/bpf.h"
#include "gen/filter.h"
#include "tracer/tracer.h"
#include "violations.h"

/* What run exits with when the filter refused a call under --action trace:
 * what the filter would have killed the command with (128 + SIGSYS). */
#define CMD_RUN_VIOLATION (128 + SIGSYS)

static int cmd_run_exec(const struct cmd_args *);

static const struct cmd_option cmd_run_options[] = {
	{ .name = "filter", .old = 'f', .kind = CMD_TEXT, .required = true },
	{ .name = "action", .old = 'a', .kind = CMD_ACTION },
	{ .name = "errno-fallback", .kind = CMD_FLAG },
	{ .name = "stacks", .kind = CMD_STACKS },
	{ .name = "violation-status", .kind = CMD_NUMBER, .max = 255 },
	{ NULL },
};

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "--filter PROFILE|FILTER [--action A] [--errno-fallback] "
	    "[--stacks N|off]\n"
	    "                    [--violation-status N] [--] CMD [ARG]...",
	.summary = "Run a command under a filter and report each call it refuses.",
	.help =
	    "CMD runs under the filter, with every process, thread and program it\n"
	    "starts. The filter is a PROFILE (built as 'sandcast gen' would) or a\n"
	    "FILTER file: the c or bpf output of gen, or raw BPF from\n"
	    "seccomp_export_bpf().\n\n"
	    "With --action trace (the default), a call the filter refuses does not\n"
	    "kill: sandcast reports it on stderr (architecture, name, executable and\n"
	    "the stack that made it, once per distinct stack) and fails it with\n"
	    "EPERM, so the run goes on and shows every refusal; a summary follows\n"
	    "at the end. From a PROFILE, calls of an architecture it does not record\n"
	    "are reported too (the filter gen writes kills them). From a FILTER,\n"
	    "every refusal becomes a report, arch kills included, except ENOSYS\n"
	    "(--errno-fallback's, which lets callers fall back). With any other\n"
	    "action, CMD meets that action, as it would in production. Either way\n"
	    "the execve that starts CMD passes whatever the filter says (a program\n"
	    "that installs its own filter does so after it); any later one meets it.\n"
	    "clone, clone3, seccomp and prctl stop in sandcast whatever the filter\n"
	    "says (so that every child stays traced, and a filter CMD installs of its\n"
	    "own is seen), and then get what the filter says. A call CMD's own filter\n"
	    "answers (errno, trap, user-notif, kill) is judged by the filter first:\n"
	    "what the filter refuses is refused, the rest answered as CMD's says.\n\n"
	    "      --filter F        the PROFILE or FILTER file\n"
	    "      --action A        what a refused call gets: trace (default),\n"
	    "                        kill-process, kill-thread, trap, errno:N, log\n"
	    "      --errno-fallback  as gen --errno-fallback (with a PROFILE)\n"
	    "      --stacks N|off    report up to N distinct stacks per refused call\n"
	    "                        (default 8); off: the instruction pointer only\n"
	    "      --violation-status N  the exit status when a call was refused\n"
	    "                        under --action trace (default 159)\n"
	    "  -h, --help            show this help\n\n"
	    "Exit status: under --action trace, CMD's own status when the filter\n"
	    "refused nothing (128+N when signal N killed it), and 159 when it refused\n"
	    "any call, whatever CMD's status: 128 + SIGSYS, the status the filter\n"
	    "would have killed CMD with, so a CI step fails on it. Under another\n"
	    "action, CMD's own status (159 when the filter killed it). 127 when CMD\n"
	    "is not found, 126 when it cannot be executed, 125 when sandcast fails.\n"
	    "CMD runs traced (ptrace, never record's notify backend: refusing a call\n"
	    "and reporting its stack need the registers): it cannot itself trace\n"
	    "other processes.\n",
	.options = cmd_run_options,
	.operands = { 1, -1, "give the command to run after the options" },
	.command = true,
	.exec = cmd_run_exec,
};

struct cmd_run_options {
	const char *filter;
	uint32_t action;
	unsigned flags; /* FILTER_ERRNO_FALLBACK */
	unsigned stacks;
	int violation_status;
};

/* The options of A. */
static struct cmd_run_options
cmd_run_options_of(const struct cmd_args *a)
{
	return (struct cmd_run_options){
		.filter = cmd_text(a, "filter"),
		.action = (uint32_t)cmd_value(a, "action", SECCOMP_RET_TRACE),
		.flags = cmd_has(a, "errno-fallback") ? FILTER_ERRNO_FALLBACK : 0,
		.stacks = (unsigned)cmd_value(a, "stacks", PROFILE_DEFAULT_STACKS),
		.violation_status = (int)cmd_value(a, "violation-status", CMD_RUN_VIOLATION),
	};
}

/* Build the filter of the profile PATH with O's action and fallbacks. */
static void
cmd_run_from_profile(const struct cmd_run_options *o, struct filter *f)
{
	if (cmd_filter_from_profile(o->filter, o->flags, o->action, f) == -ENOENT)
		msg_fatal("%s records no system call: there is nothing to allow", o->filter);
}

/* Load the FILTER file PATH; its refusals get O's action. */
static void
cmd_run_from_file(const struct cmd_run_options *o, struct filter *f)
{
	if (o->flags & FILTER_ERRNO_FALLBACK)
		msg_fatal("--errno-fallback needs a PROFILE: regenerate %s with 'sandcast "
		    "gen --errno-fallback'", o->filter);
	cmd_load_filter(o->filter, f);
	filter_redirect_refusals(f, o->action);
}

/* Build in *T the filter that the tracer installs for F, the filter of O,
 * which judges each stop (violations.h): F tracing clone, clone3, seccomp
 * and prctl (gen/filter.c says why) and x86_64 execve and execveat, so that
 * the one that starts the command passes whatever F says. */
static void
cmd_run_traced_filter(const struct cmd_run_options *o, const struct filter *f,
	struct filter *t)
{
	const uint32_t execs[] = { (uint32_t)syscalls_number(ARCH_X86_64, "execve"),
	    (uint32_t)syscalls_number(ARCH_X86_64, "execveat") };

	if (filter_trace_clones(f, t) != 0 || filter_prefix_trace(t, ARCH_X86_64, execs, 2) != 0)
		msg_fatal("the filter of %s takes %zu instructions: with the tests that "
		    "let sandcast start the command and keep its children traced, "
		    BPF_TOO_LONG, o->filter, f->len);
}

/* Say how the run ended, and return the exit status. */
static int
cmd_run_status(const struct cmd_run_options *o, const struct violations *v,
	const struct tracer_result *res)
{
	if (o->action != SECCOMP_RET_TRACE) {
		if (res->status == 128 + SIGSYS)
			fprintf(stderr, "sandcast run: killed by SIGSYS, most likely by the "
			    "filter: run with --action trace to see the call and its stack\n");
		return res->status;
	}
	violations_summary(v, stderr);
	if (v->count == 0)
		return res->status;
	fprintf(stderr, "sandcast run: exit status %d, since the filter refused calls "
	    "(the command's own: %d)\n", o->violation_status, res->status);
	return o->violation_status;
}

static int
cmd_run_exec(const struct cmd_args *a)
{
	struct cmd_run_options o = cmd_run_options_of(a);
	struct tracer_hooks hooks;
	struct ownfilter *own_filters = ownfilter_new();
	struct tracer_own own = cmd_own_filters(own_filters);
	struct tracer_result res;
	struct violations v;
	struct filter f, traced;
	struct sock_fprog prog;
	char *path;
	int rc, status;

	if (cmd_file_kind(o.filter) == FILE_PROFILE)
		cmd_run_from_profile(&o, &f);
	else
		cmd_run_from_file(&o, &f);
	path = cmd_find_command(a->argv[0]);
	cmd_run_traced_filter(&o, &f, &traced);
	violations_init(&v, &f, stderr, o.stacks);
	hooks = violations_hooks(&v);
	hooks.own = &own;
	prog.len = (unsigned short)traced.len;
	prog.filter = traced.insns;
	rc = tracer_run(path, a->argv, &prog, &hooks, &res);
	if (rc != 0)
		tracer_fatal(path, rc);
	cmd_own_report("run", own_filters, NULL, false);
	status = res.executed ? cmd_run_status(&o, &v, &res) : res.status;
	ownfilter_free(own_filters);
	violations_free(&v);
	filter_free(&f);
	filter_free(&traced);
	free(path);
	return status;
}
