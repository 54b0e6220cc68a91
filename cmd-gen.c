#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/file.h"
#include "core/message.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/bpf.h"
#include "gen/check.h"
#include "gen/emit.h"
#include "gen/emu.h"

static int cmd_gen_exec(const struct cmd_args *);

static const struct cmd_option cmd_gen_options[] = {
	{ .name = "output", .letter = 'o', .kind = CMD_TEXT },
	{ .name = "format", .old = 'f', .kind = CMD_CHOICE,
	  .choices = emit_format_names },
	{ .name = "action", .old = 'a', .kind = CMD_ACTION },
	{ .name = "errno-fallback", .kind = CMD_FLAG },
	{ .name = "arch", .kind = CMD_ARCHES },
	{ .name = "function", .kind = CMD_IDENTIFIER },
	{ .name = "args", .kind = CMD_CHOICE, .choices = cmd_args_choices },
	{ .name = "runtime", .kind = CMD_CHOICE, .choices = runtime_names },
	{ .name = "enosys-after", .kind = CMD_TEXT },
	{ NULL },
};

const struct cmd_entry cmd_gen_entry = {
	.name = "gen",
	.usage = "[-o FILE] [--format F] [--action A] [--errno-fallback] [--arch LIST]\n"
	    "                    [--function NAME] [--runtime NAME] [--enosys-after VERSION]\n"
	    "                    [--args on|off] PROFILE...",
	.summary = "Generate an allow-list seccomp filter from profiles.",
	.help =
	    "The filter allows every (architecture, call) the profiles recorded and\n"
	    "nothing else. It checks seccomp_data.arch first and kills the process\n"
	    "on an architecture that has no recorded call; under x86_64 it treats\n"
	    "x32 numbers (bit 0x40000000) apart; then a balanced binary search over\n"
	    "the allowed numbers, adjacent ones merged into ranges. A call whose\n"
	    "arguments the profiles recorded (an ioctl command, a socket family, the\n"
	    "prot of mmap: docs/arguments.md) is allowed only with the values\n"
	    "recorded; another value gets the action, as a call outside the profiles\n"
	    "does. Several profiles are merged first. Before writing, gen runs the\n"
	    "program through its BPF emulator on every number of every architecture,\n"
	    "and on each argument's values and around them (as 'sandcast verify').\n\n"
	    "restart_syscall is always allowed on every architecture the filter\n"
	    "admits, recorded or not: the kernel issues it, not the program, to\n"
	    "resume a sleep interrupted by a stop (SIGSTOP or Ctrl-Z, then SIGCONT),\n"
	    "so a recording rarely sees it, and it resumes nothing but a call the\n"
	    "filter already let through.\n\n"
	    "  -o, --output FILE   write FILE instead of standard output (-), replaced\n"
	    "                      atomically (as it was when gen refuses) and\n"
	    "                      keeping its mode; a device or FIFO is written to\n"
	    "      --format F      c (default): one C file with NAME(), which sets\n"
	    "                        no_new_privs and installs the filter; compile\n"
	    "                        with -DSANDCAST_REPORT to have refused calls\n"
	    "                        named on stderr instead of killing silently,\n"
	    "                        with -DSANDCAST_LEARN to have them logged with\n"
	    "                        their stacks to $SANDCAST_LEARN_LOG and run\n"
	    "                        (learn mode; sandcast import reads the log)\n"
	    "                      bpf: the raw struct sock_filter array\n"
	    "                      libseccomp: C source building it with libseccomp\n"
	    "                      oci: an OCI/Docker seccomp profile (JSON)\n"
	    "                      systemd: SystemCallFilter= lines for a unit\n"
	    "                      minijail: a minijail .policy file\n"
	    "                      oci, systemd and minijail cannot tell the\n"
	    "                      architectures apart; the output says what is lost\n"
	    "      --action A      what a call outside the profile gets: kill-process\n"
	    "                        (default), kill-thread, trap (SIGSYS), errno:N\n"
	    "                        (fails with errno N, 1 to 4095), log (allowed and\n"
	    "                        logged), trace (to a ptrace tracer, else ENOSYS)\n"
	    "      --errno-fallback  calls not recorded that are newer than a call\n"
	    "                        their callers fall back to on ENOSYS (clone3 ->\n"
	    "                        clone, faccessat2 -> faccessat, statx ->\n"
	    "                        newfstatat, rseq, the i386 *_time64 calls but\n"
	    "                        clock_gettime64, whose ENOSYS glibc passes on...)\n"
	    "                        fail with ENOSYS instead of getting the action,\n"
	    "                        so a library upgrade that starts probing them\n"
	    "                        falls back as on an older kernel; the output\n"
	    "                        lists them with the fallback of each (pass the\n"
	    "                        same option to verify)\n"
	    "      --enosys-after VERSION  calls not recorded that Linux brought\n"
	    "                        after VERSION (6.1 or later: 6.5's cachestat,\n"
	    "                        6.10's mseal...) fail with ENOSYS, as on a kernel\n"
	    "                        of VERSION, instead of getting the action: a\n"
	    "                        newer C library falls back (runc's way with\n"
	    "                        calls its libseccomp does not know)\n"
	    "      --arch LIST     only these architectures (comma-separated:\n"
	    "                        x86_64, i386, x32); others are killed\n"
	    "      --function NAME the C function to define (default\n"
	    "                        sandcast_install_filter)\n"
	    "      --runtime NAME  what installs the filter before the program's exec,\n"
	    "                        for the formats whose filter is installed so (bpf,\n"
	    "                        oci, systemd, minijail): its calls between the\n"
	    "                        filter and the program's first instruction are\n"
	    "                        allowed too, and the exec itself: none (the exec\n"
	    "                        alone; bpf's default), oci (crun and runc; oci's\n"
	    "                        default), crun, runc, docker, podman, systemd\n"
	    "                        (systemd's), minijail-static (minijail0 -T static;\n"
	    "                        minijail's). The output lists them apart, with\n"
	    "                        why; c and libseccomp filters are installed by the\n"
	    "                        program itself and take none\n"
	    "      --args on|off   on (default): check the recorded values of the\n"
	    "                        arguments (a call whose checks do not fit in\n"
	    "                        the kernel's limit is allowed by name, with a\n"
	    "                        warning); off: allow each call by name alone\n"
	    "  -h, --help          show this help\n\n"
	    "Exit status: 0, or 2 when the profiles cannot be read, record nothing\n"
	    "to allow, or need more instructions than the kernel takes (BPF_MAXINSNS).\n",
	.options = cmd_gen_options,
	.operands = { 1, -1, "give one profile or more" },
	.exec = cmd_gen_exec,
};

/* What gen was asked for. */
struct cmd_gen_options {
	const char *output; /* NULL: standard output */
	size_t format;      /* the index in emit_formats[] */
	uint32_t action;
	arch_mask arches;   /* 0: every arch recorded */
	const char *function;
	unsigned flags;     /* FILTER_ERRNO_FALLBACK, FILTER_ARGS */
	unsigned after[2];  /* --enosys-after: major, minor; 0.0 when not given */
	const char *runtime; /* NULL: the program installs the filter */
};

/* Parse TEXT, the value of --enosys-after, into AFTER (major, minor), or
 * exit: the tables know the releases of the calls from 6.1 on only. */
static void
cmd_gen_version(const struct cmd_args *a, const char *text, unsigned after[2])
{
	char end;

	if (sscanf(text, "%u.%u%c", &after[0], &after[1], &end) != 2)
		cmd_usage_error(a->entry, "--enosys-after wants a Linux release as MAJOR.MINOR "
		    "(6.1, 6.6...); not '%s'", text);
	if (after[0] < 6 || (after[0] == 6 && after[1] < 1))
		cmd_usage_error(a->entry, "--enosys-after %s: sandcast knows the releases of "
		    "the calls from Linux 6.1 on only; give 6.1 or later", text);
}

/* The options of A, or exit when they contradict each other. */
static struct cmd_gen_options
cmd_gen_options_of(const struct cmd_args *a)
{
	struct cmd_gen_options o = {
		.output = cmd_text(a, "output"),
		.format = cmd_value(a, "format", 0),
		.action = (uint32_t)cmd_value(a, "action", SECCOMP_RET_KILL_PROCESS),
		.arches = (arch_mask)cmd_value(a, "arch", 0),
		.function = cmd_text(a, "function"),
		.flags = (cmd_has(a, "errno-fallback") ? FILTER_ERRNO_FALLBACK : 0) |
		    cmd_args_flag(a),
	};

	if (o.function == NULL)
		o.function = "sandcast_install_filter";
	if (cmd_text(a, "enosys-after") != NULL)
		cmd_gen_version(a, cmd_text(a, "enosys-after"), o.after);
	o.runtime = cmd_text(a, "runtime");
	if (o.runtime != NULL && emit_formats[o.format].runtime == NULL)
		cmd_usage_error(a->entry, "--runtime: a %s filter is installed by the program "
		    "itself, after any runtime has run: there is nothing to add (the bpf, "
		    "oci, systemd and minijail formats take it)", emit_format_names[o.format]);
	if (o.runtime == NULL)
		o.runtime = emit_formats[o.format].runtime;
	if ((o.flags & FILTER_ERRNO_FALLBACK) && o.action == FILTER_RET_FALLBACK) {
		cmd_usage_error(a->entry, "--errno-fallback with --action errno:%d changes "
		    "nothing: every call outside the profiles fails with ENOSYS already",
		    ENOSYS);
	}
	return o;
}

/* The command line, for the header of the output. */
static char *
cmd_gen_command(int argc, char **argv)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xcalloc(len, 1);
	for (int i = 0; i < argc; i++) {
		strcat(s, argv[i]);
		if (i + 1 < argc)
			strcat(s, " ");
	}
	return s;
}

/* The set to allow: the calls of the arches asked for; an arch asked for
 * explicitly with no call is mentioned, since it will be killed. */
static void
cmd_gen_set(const struct profile *p, arch_mask asked, int explicit, unsigned flags,
	struct filter_set *s)
{
	filter_set_from_profile(s, p, asked, flags);
	if (s->arches == 0)
		msg_fatal("the profiles record no system call%s: there is nothing to "
		    "allow", explicit ? " of the architectures asked" : "");
	for (unsigned a = 0; a < ARCH_COUNT && explicit; a++) {
		if ((asked & (1u << a)) && !(s->arches & (1u << a)))
			msg_warn("no %s call was recorded: the filter kills every %s "
			    "call", arch_name(a), arch_name(a));
	}
}

/* Say what the filter of S lets pass that no filter sees (docs/formats.md):
 * the operations of an io_uring, when it allows io_uring_setup; and on
 * x86_64 uretprobe and uprobe, which reach no filter (gen/filter.c). */
static void
cmd_gen_warn_unfiltered(const struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		int nr = syscalls_number(a, "io_uring_setup");
		if (nr >= 0 && filter_set_action(s, a, (uint32_t)nr, SECCOMP_RET_KILL_PROCESS) ==
		    SECCOMP_RET_ALLOW)
			msg_warn("the filter allows %s io_uring_setup: the operations a program "
			    "submits to an io_uring (reads, writes, opens, connects...) run "
			    "without system calls, and no seccomp filter sees them "
			    "(docs/formats.md)", arch_name(a));
	}
	if (s->arches & (1u << ARCH_X86_64))
		msg_warn("no filter can refuse x86_64 uretprobe and uprobe: Linux lets them "
		    "through (6.14 and later; uprobe 6.18); outside the kernel's uprobe "
		    "trampolines they only fail (docs/formats.md)");
}

/* Say where the argument checks of S leave a way around them: clone3
 * allowed (it takes its flags in memory, which no filter reads:
 * docs/arguments.md). */
static void
cmd_gen_warn_args(const struct filter_set *s)
{
	if (!filter_set_has_rules(s))
		return;
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		int clone3 = syscalls_number(a, "clone3");
		if (clone3 >= 0 && filter_set_action(s, a, (uint32_t)clone3, 0) ==
		    SECCOMP_RET_ALLOW)
			msg_warn("the filter allows %s clone3, whose flags no filter can read: "
			    "it can make the namespaces that the checks of clone and unshare "
			    "refuse (docs/arguments.md)", arch_name(a));
	}
}

/* Build the program and check it through the emulator before anything is written. */
static void
cmd_gen_build(struct filter_set *s, uint32_t action, struct filter *f)
{
	struct check_result r;
	char why[160];
	int rc = filter_build_fitting(s, action, f);

	if (rc == -E2BIG)
		msg_fatal("the filter would take %zu instructions, " BPF_TOO_LONG
		    "; generate one filter per architecture (--arch)", f->len);
	if (emu_check(f->insns, f->len, why, sizeof why) != 0)
		msg_fatal("internal error: the kernel would refuse the program: %s", why);
	if (check_filter(f->insns, f->len, s, action, &r) != 0)
		msg_fatal("internal error: the program gets %zu of %zu calls wrong "
		    "(first: arch 0x%x nr 0x%x)", r.mismatches, r.cases,
		    r.first[0].audit, r.first[0].nr);
}

/* Emit into memory, then write it out: an emitter that refuses leaves
 * nothing behind, and -o FILE is replaced whole or not at all. */
static void
cmd_gen_write(const struct cmd_gen_options *o, const struct emit_input *in)
{
	char *text = NULL, *err = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc;

	if (emit_formats[o->format].binary && (o->output == NULL ||
	    strcmp(o->output, "-") == 0) && isatty(STDOUT_FILENO))
		msg_fatal("the %s format is binary: give -o FILE or redirect the "
		    "output", emit_format_names[o->format]);
	if (mem == NULL)
		msg_fatal("out of memory");
	rc = emit_formats[o->format].write(mem, in, &err);
	if (fclose(mem) != 0)
		msg_fatal("out of memory");
	if (rc != 0)
		msg_fatal("%s", err);
	if (o->output != NULL && (rc = file_write_out(o->output, text, len)) != 0)
		msg_fatal("cannot write %s: %s", o->output, strerror(-rc));
	if (o->output == NULL && (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0))
		msg_fatal("cannot write the output: %s", strerror(errno));
	free(text);
}

static int
cmd_gen_exec(const struct cmd_args *a)
{
	struct cmd_gen_options o = cmd_gen_options_of(a);
	struct profile p;
	struct filter_set s;
	struct filter f;
	struct emit_input in;

	profile_init(&p);
	cmd_load_profiles(a->argv, a->argc, &p);
	filter_set_init(&s);
	cmd_gen_set(&p, o.arches ? o.arches : ARCH_MASK_ALL, o.arches != 0, o.flags, &s);
	if (o.after[0] != 0)
		filter_set_enosys_after(&s, o.after[0], o.after[1]);
	cmd_gen_warn_unfiltered(&s);
	cmd_gen_warn_args(&s);
	in = (struct emit_input){ &p, &s, &f, o.action, o.function,
	    cmd_gen_command(a->line_argc, a->line_argv), symbolize_new(NULL), o.runtime,
	    NULL, 0, emit_format_names[o.format], emit_formats[o.format].consumer };
	if (o.runtime != NULL) {
		struct runtime_addition *added = runtime_additions(o.runtime, &p, &s,
		    &in.nadded);
		runtime_allow(&s, added, in.nadded);
		in.added = added;
	}
	cmd_gen_build(&s, o.action, &f);
	cmd_gen_write(&o, &in);
	free((void *)in.added);
	symbolize_free(in.sym);
	free((char *)in.command);
	filter_free(&f);
	filter_set_free(&s);
	profile_free(&p);
	return 0;
}
