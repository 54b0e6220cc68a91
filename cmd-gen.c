#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/file.h"
#include "core/message.h"
#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/bpf.h"
#include "gen/check.h"
#include "gen/emit.h"
#include "gen/emu.h"

static int cmd_gen_exec(int, char **);

const struct cmd_entry cmd_gen_entry = {
	.name = "gen",
	.args = "[-o FILE] [--format F] [--action A] [--errno-fallback] [--arch LIST] "
	    "[--function NAME] PROFILE...",
	.summary = "Generate an allow-list seccomp filter from profiles.",
	.help =
	    "The filter allows every (architecture, call) the profiles recorded and\n"
	    "nothing else. It checks seccomp_data.arch first and kills the process\n"
	    "on an architecture that has no recorded call; under x86_64 it treats\n"
	    "x32 numbers (bit 0x40000000) apart; then a balanced binary search over\n"
	    "the allowed numbers, adjacent ones merged into ranges. Several profiles\n"
	    "are merged first. Before writing, gen runs the program through its BPF\n"
	    "emulator on every number of every architecture (as 'sandcast verify').\n\n"
	    "restart_syscall is always allowed on every architecture the filter\n"
	    "admits, recorded or not: the kernel issues it, not the program, to\n"
	    "resume a sleep interrupted by a stop (SIGSTOP or Ctrl-Z, then SIGCONT),\n"
	    "so a recording rarely sees it, and it resumes nothing but a call the\n"
	    "filter already let through.\n\n"
	    "  -o, --output FILE   write FILE instead of standard output, replaced\n"
	    "                      atomically (as it was when gen refuses)\n"
	    "  -f, --format F      c (default): one C file with NAME(), which sets\n"
	    "                        no_new_privs and installs the filter; compile\n"
	    "                        with -DSANDCAST_REPORT to have refused calls\n"
	    "                        named on stderr instead of killing silently\n"
	    "                      bpf: the raw struct sock_filter array\n"
	    "                      libseccomp: C source building it with libseccomp\n"
	    "                      oci: an OCI/Docker seccomp profile (JSON)\n"
	    "                      systemd: SystemCallFilter= lines for a unit\n"
	    "                      minijail: a minijail .policy file\n"
	    "                      oci, systemd and minijail cannot tell the\n"
	    "                      architectures apart; the output says what is lost\n"
	    "  -a, --action A      what a call outside the profile gets: kill-process\n"
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
	    "      --arch LIST     only these architectures (comma-separated:\n"
	    "                        x86_64, i386, x32); others are killed\n"
	    "      --function NAME the C function to define (default\n"
	    "                        sandcast_install_filter)\n"
	    "  -h, --help          show this help\n\n"
	    "Exit status: 0, or 2 when the profiles cannot be read, record nothing\n"
	    "to allow, or need more instructions than the kernel takes (BPF_MAXINSNS).\n",
	.exec = cmd_gen_exec,
};

struct cmd_gen_options {
	const char *output;
	const struct emit_format *format;
	uint32_t action;
	arch_mask arches;
	const char *function;
	unsigned flags; /* FILTER_ERRNO_FALLBACK */
};

static int
cmd_gen_is_identifier(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s != '\0'; s++) {
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')))
			return 0;
	}
	return 1;
}

/* The format named TEXT, or exit with the names of emit_formats[]. */
static const struct emit_format *
cmd_gen_format(const char *text)
{
	const char **names = xcalloc(emit_format_count, sizeof *names);
	size_t i;

	for (i = 0; i < emit_format_count; i++)
		names[i] = emit_formats[i].name;
	i = cmd_parse_choice(&cmd_gen_entry, "--format", text, names, emit_format_count);
	free(names);
	return &emit_formats[i];
}

static void
cmd_gen_options(int argc, char **argv, struct cmd_gen_options *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "action", required_argument, NULL, 'a' },
		{ "arch", required_argument, NULL, 'A' },
		{ "function", required_argument, NULL, 'F' },
		{ "errno-fallback", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *e = &cmd_gen_entry;
	int c;

	while ((c = cmd_getopt(e, argc, argv, "o:f:a:h", longopts)) != -1) {
		if (c == 'o')
			o->output = optarg;
		else if (c == 'f')
			o->format = cmd_gen_format(optarg);
		else if (c == 'a' && action_parse(optarg, &o->action) != 0)
			cmd_usage_error(e, "unknown action '%s' (%s)", optarg, ACTION_NAMES);
		else if (c == 'A' && arch_parse_list(optarg, &o->arches) != 0)
			cmd_usage_error(e, "bad architecture list '%s' (x86_64, i386, x32, "
			    "comma-separated)", optarg);
		else if (c == 'F' && !cmd_gen_is_identifier(optarg))
			cmd_usage_error(e, "--function wants a C identifier, not '%s'", optarg);
		else if (c == 'F')
			o->function = optarg;
		else if (c == 'E')
			o->flags |= FILTER_ERRNO_FALLBACK;
	}
	if ((o->flags & FILTER_ERRNO_FALLBACK) && o->action == FILTER_RET_FALLBACK) {
		cmd_usage_error(e, "--errno-fallback with --action errno:%d changes "
		    "nothing: every call outside the profiles fails with ENOSYS already",
		    ENOSYS);
	}
	if (optind == argc) {
		cmd_usage_error(e, "no profile given");
	}
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

/* Build the program and check it through the emulator before anything is written. */
static void
cmd_gen_build(const struct filter_set *s, uint32_t action, struct filter *f)
{
	struct check_result r;
	char why[160];
	int rc = filter_build(s, action, f);

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

	if (o->format->binary && o->output == NULL && isatty(STDOUT_FILENO))
		msg_fatal("the %s format is binary: give -o FILE or redirect the "
		    "output", o->format->name);
	if (mem == NULL)
		msg_fatal("out of memory");
	rc = o->format->write(mem, in, &err);
	if (fclose(mem) != 0)
		msg_fatal("out of memory");
	if (rc != 0)
		msg_fatal("%s", err);
	if (o->output != NULL && (rc = file_replace(o->output, text, len)) != 0)
		msg_fatal("cannot write %s: %s", o->output, strerror(-rc));
	if (o->output == NULL && (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0))
		msg_fatal("cannot write the output: %s", strerror(errno));
	free(text);
}

static int
cmd_gen_exec(int argc, char **argv)
{
	struct cmd_gen_options o = { NULL, &emit_formats[0],
	    SECCOMP_RET_KILL_PROCESS, 0, "sandcast_install_filter", 0 };
	struct profile p;
	struct filter_set s;
	struct filter f;
	struct emit_input in;

	cmd_gen_options(argc, argv, &o);
	profile_init(&p);
	cmd_load_profiles(argv + optind, argc - optind, &p);
	filter_set_init(&s);
	cmd_gen_set(&p, o.arches ? o.arches : ARCH_MASK_ALL, o.arches != 0, o.flags, &s);
	cmd_gen_build(&s, o.action, &f);
	in = (struct emit_input){ &p, &s, &f, o.action, o.function,
	    cmd_gen_command(argc, argv), symbolize_new(NULL) };
	cmd_gen_write(&o, &in);
	symbolize_free(in.sym);
	free((char *)in.command);
	filter_free(&f);
	filter_set_free(&s);
	profile_free(&p);
	return 0;
}
