#include <errno.h>
#include <linux/seccomp.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "core/file.h"
#include "core/message.h"
#include "core/profile-io.h"
#include "core/xmalloc.h"
#include "gen/bpf.h"
#include "gen/filter.h"
#include "tracer/catchall.h"
#include "tracer/listener.h"
#include "tracer/notify.h"
#include "tracer/proc.h"
#include "tracer/recorder.h"
#include "tracer/signals.h"
#include "tracer/tracer.h"
#include "tracer/unwind.h"

static int cmd_record_exec(const struct cmd_args *);

enum cmd_record_backend {
	CMD_RECORD_AUTO,
	CMD_RECORD_PTRACE,
	CMD_RECORD_NOTIFY,
};

static const char *const cmd_record_backends[] = { "auto", "ptrace", "notify", NULL };

static const struct cmd_option cmd_record_options[] = {
	{ .name = "output", .letter = 'o', .kind = CMD_TEXT },
	{ .name = "append", .kind = CMD_FLAG },
	{ .name = "baseline", .kind = CMD_TEXT },
	{ .name = "update", .kind = CMD_FLAG },
	{ .name = "exe", .kind = CMD_TEXT },
	{ .name = "stacks", .kind = CMD_STACKS },
	{ .name = "unwinder", .kind = CMD_CHOICE, .choices = unwind_kind_names },
	{ .name = "backend", .kind = CMD_CHOICE, .choices = cmd_record_backends },
	{ .name = "quiet", .letter = 'q', .kind = CMD_FLAG },
	{ NULL },
};

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.usage = "[-o PROFILE] [--append] [--baseline APPROVED [--update]] [--exe GLOB]...\n"
	    "                       [--stacks N|off] [--unwinder libdw|libunwind]\n"
	    "                       [--backend auto|ptrace|notify] [-q] [--] CMD [ARG]...",
	.summary = "Run a command and record every system call it and its children make.",
	.help =
	    "CMD runs under a seccomp filter that hands each system call to sandcast,\n"
	    "in every process, thread and program it starts; each call is recorded\n"
	    "per architecture (x86_64, i386, x32) with a count, the executables and\n"
	    "the call stacks that made it; for the calls whose scalar arguments\n"
	    "decide what they do (ioctl's command, socket's family, mmap's prot...:\n"
	    "docs/arguments.md), the values seen, each with its count and stacks\n"
	    "(past 32 values, any). Calls sandcast makes to start CMD are not\n"
	    "recorded. record waits until every traced process has ended, also one\n"
	    "that CMD left running in the background. CMD runs with no_new_privs: a\n"
	    "set-user-ID program runs without its privileges.\n\n"
	    "Backends: ptrace stops the caller (a stop costs 10 to 40 us when the\n"
	    "CPUs are idle) and reads its registers and stack; it cannot run under\n"
	    "strace -f, gdb or another record (one tracer each). notify (seccomp\n"
	    "user notification, Linux 6.9) hands each call over on the same CPU\n"
	    "(about 3 us) but sees no registers: no stacks. Under notify, record runs\n"
	    "under strace -f or gdb; a CMD that installs a filter with a listener of\n"
	    "its own gets EBUSY (one listener per filter chain); CMD dies with\n"
	    "sandcast, but what it started then gets ENOSYS from every call; a\n"
	    "call that a signal interrupts before sandcast has it fails with EINTR\n"
	    "when the handler lacks SA_RESTART, whatever the call (see the man\n"
	    "page). --baseline, and sandcast run, always use ptrace.\n\n"
	    "  -o, --output PROFILE  the profile to write (default sandcast.json),\n"
	    "                        replaced atomically, keeping its mode; - is\n"
	    "                        standard output, a device or FIFO is written to\n"
	    "      --append          merge into PROFILE instead, under a lock, so that\n"
	    "                        runs at the same time into one file lose nothing\n"
	    "      --baseline APPROVED  record only the calls the profile APPROVED\n"
	    "                        lacks: its calls run at full speed (the filter\n"
	    "                        allows them outright, but clone, clone3, seccomp\n"
	    "                        and prctl, which stop once each: to keep children\n"
	    "                        traced, and to see a filter of CMD's own),\n"
	    "                        every other stops and is recorded; PROFILE then\n"
	    "                        holds the new calls and names APPROVED in its run.\n"
	    "                        Only APPROVED's calls are read (not its stacks);\n"
	    "                        it is never written, -o naming it included,\n"
	    "                        unless --update. APPROVED may also be a filter\n"
	    "                        from gen (c or bpf): the calls it allows run, any\n"
	    "                        other is recorded (faster: no profile to parse)\n"
	    "      --update          with --baseline: merge the new calls into APPROVED\n"
	    "                        (a profile) as well, as --append does, under a lock\n"
	    "      --exe GLOB        keep only calls made while the process's executable\n"
	    "                        matches GLOB: the whole path when GLOB has a '/'\n"
	    "                        (where '*' crosses '/', so DIR/* is a whole tree),\n"
	    "                        else the file name (repeatable)\n"
	    "      --stacks N|off    keep up to N distinct call stacks per call (default\n"
	    "                        8), as raw frames (module, build-id, offset) that\n"
	    "                        report names; off: no stacks. A call is unwound\n"
	    "                        until it has N stacks or stops finding new ones;\n"
	    "                        after that only a call site not seen before is,\n"
	    "                        while the call has room for its stack (the others\n"
	    "                        are counted to the stack they gave)\n"
	    "      --unwinder U      libdw (default) or libunwind, for x86-64\n"
	    "                        processes; i386 and x32 ones always use libdw\n"
	    "      --backend B       ptrace, notify (implies --stacks off), or auto\n"
	    "                        (default): notify when --stacks off is given,\n"
	    "                        without --baseline, and the kernel has it; else\n"
	    "                        ptrace. The profile's run names the one used\n"
	    "  -q, --quiet           no summary line at the end\n"
	    "  -h, --help            show this help\n\n"
	    "Signals: CMD gets the signals it would get without sandcast. SIGINT,\n"
	    "SIGTERM, SIGHUP or SIGQUIT sent to sandcast alone is passed on to CMD;\n"
	    "from the terminal, CMD has it already. sandcast then waits for the\n"
	    "traced processes to end and writes the profile; a second such signal,\n"
	    "or one that comes when CMD has ended and only processes it left in the\n"
	    "background remain, kills them (SIGKILL) and writes what was recorded.\n"
	    "One before CMD started ends record (128+N), nothing recorded and\n"
	    "PROFILE untouched; one while PROFILE is written is noted, and the\n"
	    "writing goes on.\n\n"
	    "A seccomp filter CMD installs of its own, whose actions (errno, trap,\n"
	    "user-notif, kill) would answer calls before sandcast's, is rewritten\n"
	    "under ptrace so that those calls are recorded, then answered as it\n"
	    "says; under notify they are not seen. The summary and the profile say\n"
	    "which (see the man page).\n\n"
	    "Exit status: CMD's own, or 128+N when signal N killed it; 127 when CMD\n"
	    "is not found, 126 when it cannot be executed, 125 when sandcast fails.\n",
	.options = cmd_record_options,
	.operands = { 1, -1, "give the command to record after the options" },
	.command = true,
	.exec = cmd_record_exec,
};

struct cmd_record_options {
	const char *output;
	const char *baseline; /* --baseline, or NULL */
	bool append, quiet, update;
	char *const *globs;
	size_t nglobs;
	unsigned stacks; /* stacks kept per call, 0 for none */
	bool stacks_given; /* --stacks was given */
	enum unwind_kind unwinder;
	enum cmd_record_backend backend;
};

/* Whether paths A and B name the same file (the strings, when B is absent). */
static bool
cmd_record_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return strcmp(a, b) == 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Check the --baseline options of O, or exit; -o naming the --baseline
 * profile (with --update) means merging into it, once: --append alone. */
static void
cmd_record_check_baseline(struct cmd_record_options *o)
{
	if (o->update && o->baseline == NULL)
		cmd_usage_error(&cmd_record_entry, "--update merges into the --baseline "
		    "profile: give --baseline");
	if (o->baseline == NULL)
		return;
	if (o->update && cmd_file_kind(o->baseline) != FILE_PROFILE)
		msg_fatal("--update merges into a profile, and --baseline %s is a filter: "
		    "give the profile it was generated from", o->baseline);
	if (!cmd_record_same_file(o->output, o->baseline))
		return;
	if (!o->update)
		msg_fatal("-o %s is the --baseline file, which stays as approved "
		    "unless --update is given", o->output);
	o->append = true;
	o->update = false;
}

/* The options of A, as record carries them out. */
static struct cmd_record_options
cmd_record_options_of(const struct cmd_args *a)
{
	struct cmd_record_options o = {
		.output = cmd_text(a, "output"),
		.baseline = cmd_text(a, "baseline"),
		.append = cmd_has(a, "append"),
		.quiet = cmd_has(a, "quiet"),
		.update = cmd_has(a, "update"),
		.stacks = (unsigned)cmd_value(a, "stacks", PROFILE_DEFAULT_STACKS),
		.stacks_given = cmd_has(a, "stacks"),
		.unwinder = (enum unwind_kind)cmd_value(a, "unwinder", UNWIND_DEFAULT),
		.backend = (enum cmd_record_backend)cmd_value(a, "backend", CMD_RECORD_AUTO),
	};

	if (o.output == NULL)
		o.output = "sandcast.json";
	o.globs = cmd_texts(a, "exe", &o.nglobs);
	cmd_record_check_baseline(&o);
	return o;
}

/* The backend the options ask for, checked against what the kernel has:
 * auto takes notify when no stack and no baseline is wanted. */
static enum cmd_record_backend
cmd_record_backend(const struct cmd_record_options *o)
{
	int rc;

	if (o->backend == CMD_RECORD_PTRACE)
		return CMD_RECORD_PTRACE;
	if (o->backend == CMD_RECORD_AUTO)
		return o->stacks_given && o->stacks == 0 && o->baseline == NULL &&
		    notify_probe() == 0 ? CMD_RECORD_NOTIFY : CMD_RECORD_PTRACE;
	if (o->stacks_given && o->stacks != 0)
		msg_fatal("--backend notify records no stacks (seccomp user notification "
		    "gives no registers): give --stacks off, or --backend ptrace");
	if (o->baseline != NULL)
		msg_fatal("--baseline records with ptrace (its calls keep their stacks): "
		    "give --backend ptrace or auto");
	rc = notify_probe();
	if (rc == -EBUSY)
		msg_fatal("--backend notify: sandcast runs under a seccomp filter with a "
		    "listener already (another record --backend notify?), and a filter "
		    "chain has only one: use --backend ptrace");
	if (rc != 0)
		msg_fatal("--backend notify needs Linux 6.9 or later (seccomp user "
		    "notification with synchronous wake-up, thread pidfds), which this "
		    "kernel is not: %s; use --backend ptrace", strerror(-rc));
	return CMD_RECORD_NOTIFY;
}

/* Under a filter with a listener (another record --backend notify, or a
 * container's supervisor), the calls that filter hands to its listener
 * never stop for ptrace: SECCOMP_RET_USER_NOTIF takes precedence over
 * SECCOMP_RET_TRACE. Say so: a profile without them would look complete. */
static void
cmd_record_check_listener(void)
{
	if (proc_read_status(getpid(), "Seccomp") == SECCOMP_MODE_FILTER &&
	    listener_probe() == -EBUSY)
		msg_warn("sandcast runs under a seccomp filter with a listener (record "
		    "--backend notify?): the calls it hands to that listener never reach "
		    "the ptrace backend, and are missing from the profile");
}

/* The filter of a --baseline run, built in *F: the baseline's calls, in
 * *APPROVED, allowed outright but clone and clone3 (gen/filter.c), everything
 * else traced; the catch-all one otherwise. */
static const struct sock_fprog *
cmd_record_filter(const struct cmd_record_options *o, struct filter *approved,
	struct filter *f, struct sock_fprog *prog)
{
	if (o->baseline == NULL)
		return catchall_filter(SECCOMP_RET_TRACE);
	/* A filter file's refusals (kill, ENOSYS, log) become stops too. */
	if (cmd_file_kind(o->baseline) == FILE_FILTER) {
		cmd_load_filter(o->baseline, approved);
		filter_redirect_all(approved, SECCOMP_RET_TRACE);
	} else if (cmd_filter_from_profile(o->baseline, 0, SECCOMP_RET_TRACE,
	    approved, NULL) == -ENOENT) {
		return catchall_filter(SECCOMP_RET_TRACE); /* an empty baseline: every call is new */
	}
	if (filter_trace_clones(approved, f) != 0)
		msg_fatal("the filter of --baseline %s would take %zu instructions, "
		    BPF_TOO_LONG, o->baseline, f->len);
	prog->len = (unsigned short)f->len;
	prog->filter = f->insns;
	return prog;
}

/* The directory of PATH; free() it. */
static char *
cmd_record_dir_of(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

/* The directory where the profile PATH is made: that of the file it
 * replaces (TARGET), or of the file a link to nothing names; free() it. */
static char *
cmd_record_output_dir(const char *path, const char *target)
{
	char link[PATH_MAX + 1], *dir, *joined;
	ssize_t n;

	if (target != NULL)
		return cmd_record_dir_of(target);
	n = readlink(path, link, PATH_MAX);
	if (n < 0)
		return NULL; /* a descriptor, a device or a FIFO */
	link[n] = '\0';
	if (link[0] == '/')
		return cmd_record_dir_of(link);
	dir = cmd_record_dir_of(path);
	joined = xasprintf("%s/%s", dir, link);
	free(dir);
	dir = cmd_record_dir_of(joined);
	free(joined);
	return dir;
}

/* Fail before the command runs, not after, when the profile cannot be written. */
static void
cmd_record_check_output(const struct cmd_record_options *o)
{
	char *target, *dir, *err;
	struct profile old;
	struct stat st;
	int rc = file_out_target(o->output, &target);

	if (rc == -EISDIR)
		msg_fatal("cannot write profile '%s': it is a directory (give a file "
		    "name with -o)", o->output);
	if (rc != 0)
		msg_fatal("cannot write profile '%s': %s", o->output, strerror(-rc));
	if (target == NULL && o->append)
		msg_fatal("--append: '%s' is not a file: give a profile's file name "
		    "with -o", o->output);
	dir = cmd_record_output_dir(o->output, target);
	if (dir != NULL && access(dir, W_OK | X_OK) != 0)
		msg_fatal("cannot write profile '%s' in directory '%s': %s",
		    o->output, dir, strerror(errno));
	free(dir);
	/* An empty file is one a concurrent --append has just created. */
	if (o->append && stat(target, &st) == 0 && st.st_size > 0) {
		profile_init(&old);
		if (profile_io_load(target, &old, &err) != 0)
			msg_fatal("%s (--append needs a valid profile)", err);
		profile_free(&old);
	}
	free(target);
}

static void
cmd_record_summary(const struct cmd_record_options *o, const struct profile *p,
	const struct recorder *rec, const struct tracer_result *res)
{
	size_t counts[ARCH_COUNT];
	const char *sep = "";

	profile_count_per_arch(p, counts);
	fprintf(stderr, "sandcast record: %lu process%s, %lu calls; distinct calls%s%s:",
	    res->processes, res->processes == 1 ? "" : "es", rec->calls,
	    o->baseline != NULL ? " not in " : "", o->baseline != NULL ? o->baseline : "");
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (counts[a] == 0)
			continue;
		fprintf(stderr, "%s %s %zu", sep, arch_name(a), counts[a]);
		sep = ",";
	}
	fprintf(stderr, "%s; %s %s\n", *sep == '\0' ? " none" : "",
	    o->append ? "added to" : "wrote", o->output);
}

/* A stop signal that came before CMD started: end as CMD would have, with
 * nothing recorded and the profile untouched. */
static void
cmd_record_check_signals(const struct cmd_record_options *o)
{
	int sig = signals_received();

	if (sig == 0)
		return;
	msg_error("%s before the command started: nothing recorded, %s left as it "
	    "was", strsignal(sig), o->output);
	exit(128 + sig);
}

/* Run CMD (ARGV) with BACKEND, under FILTER with ptrace, telling HOOKS,
 * into RES; or exit saying why it cannot be run. */
static void
cmd_record_run(const struct cmd_record_options *o, enum cmd_record_backend backend,
	char **argv, const struct sock_fprog *filter, const struct tracer_hooks *hooks,
	struct tracer_result *res)
{
	char *path;
	int rc;

	cmd_record_check_signals(o);
	path = cmd_find_command(argv[0]);
	if (backend == CMD_RECORD_NOTIFY && (rc = notify_run(path, argv, hooks, res)) != 0)
		notify_fatal(path, rc);
	if (backend == CMD_RECORD_PTRACE &&
	    (rc = tracer_run(path, argv, filter, hooks, res)) != 0)
		tracer_fatal(path, rc);
	free(path);
}

static void
cmd_record_save(const struct cmd_record_options *o, const struct profile *p)
{
	char *err;
	int rc = o->append ? profile_io_append(o->output, p, &err) :
	    profile_io_save(o->output, p, &err);

	if (rc == 0 && o->update)
		rc = profile_io_append(o->baseline, p, &err);
	if (rc != 0)
		msg_fatal("%s", err);
}

static int
cmd_record_exec(const struct cmd_args *a)
{
	struct cmd_record_options o;
	enum cmd_record_backend backend;
	unsigned stacks;
	struct tracer_hooks hooks = {
		.call = recorder_call, .exec = recorder_exec, .exit = recorder_exit,
	};
	struct tracer_result res;
	struct ownfilter *own_filters;
	struct tracer_own own;
	struct recorder rec;
	struct profile p;
	struct filter approved = { NULL, 0 }, base_filter = { NULL, 0 };
	struct judge judge = { filter_decide, &approved };
	struct sock_fprog base_prog;
	const struct sock_fprog *filter;

	/* From here to the end of the save, a stop signal leaves a profile:
	 * the recorded calls, or the old file untouched. */
	signals_hold();
	o = cmd_record_options_of(a);
	backend = cmd_record_backend(&o);
	stacks = backend == CMD_RECORD_NOTIFY ? 0 : o.stacks;
	if (backend == CMD_RECORD_PTRACE)
		cmd_record_check_listener();
	filter = cmd_record_filter(&o, &approved, &base_filter, &base_prog);
	cmd_record_check_output(&o);
	profile_init(&p);
	recorder_init(&rec, &p, o.globs, o.nglobs);
	rec.approved = approved.insns != NULL ? &judge : NULL;
	if (stacks != 0)
		rec.unwind = unwind_new(&p, o.unwinder, stacks,
		    filter == catchall_filter(SECCOMP_RET_TRACE));
	own_filters = ownfilter_new();
	own = cmd_own_filters(own_filters);
	hooks.ctx = &rec;
	hooks.own = &own;
	cmd_record_run(&o, backend, a->argv, filter, &hooks, &res);
	unwind_free(rec.unwind);
	/* When CMD could not be executed, the child said why: no profile. */
	if (res.executed) {
		struct profile_run *run = profile_add_run(&p, a->argv, res.status,
		    cmd_record_backends[backend], o.baseline);
		/* sandcast's own execve started CMD, under the catch-all filter:
		 * kept apart from CMD's calls (gen allows it where the filter
		 * goes in before the exec). */
		profile_run_set_launch(run, "execve");
		cmd_own_report("record", own_filters, run, o.quiet);
		cmd_record_save(&o, &p);
		if (!o.quiet)
			cmd_record_summary(&o, &p, &rec, &res);
	}
	signals_release();
	ownfilter_free(own_filters);
	profile_free(&p);
	filter_free(&approved);
	filter_free(&base_filter);
	return res.status;
}
