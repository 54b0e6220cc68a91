#include <stdio.h>

#include "cmd.h"
#include "core/message.h"
#include "reporter/report.h"

static int cmd_report_exec(int, char **);

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.args = "[--format text|json|markdown|folded] [--stacks] [--arch A] PROFILE...",
	.summary = "Show what a profile holds: the calls per arch, and who made them.",
	.help =
	    "Several profiles are merged first (as 'sandcast merge' would). Every\n"
	    "format lists the calls per arch (x86_64, i386, x32), sorted by name.\n"
	    "Stacks are named at report time from the recorded modules (elfutils):\n"
	    "function+offset, and file:line when there is debug information, also\n"
	    "from separate debuginfo found by build-id under /usr/lib/debug (and,\n"
	    "when DEBUGINFOD_URLS is set, as Debian does in login shells, from\n"
	    "those debuginfod servers: unset it to stay offline). A module that is\n"
	    "gone or was rebuilt since recording is shown as module+offset and said\n"
	    "to be so; its debuginfo, when found by the recorded build-id, still\n"
	    "names its frames.\n\n"
	    "  -f, --format F  text (default): a table of name, number, count and\n"
	    "                    executables;\n"
	    "                  markdown: the same for a pull request, with the first\n"
	    "                    frame in your code (the innermost frame outside libc,\n"
	    "                    libpthread, the dynamic loader and the vDSO);\n"
	    "                  json: the same as a \"sandcast-report\" document, the\n"
	    "                    frames with their names, files and lines;\n"
	    "                  folded: one line per stack for flame graphs,\n"
	    "                    ARCH;EXE;OUTERMOST;...;INNERMOST;CALL COUNT\n"
	    "                    ([truncated] first when the unwinder stopped early;\n"
	    "                    calls without a kept stack as ARCH;EXE;CALL COUNT)\n"
	    "  -s, --stacks    show each call's stacks (text, markdown, json)\n"
	    "  -a, --arch A    only these architectures (a comma-separated list)\n"
	    "  -h, --help      show this help\n\n"
	    "Exit status: 0, or 2 when a profile cannot be read.\n",
	.exec = cmd_report_exec,
};

typedef void (*report_fn)(FILE *, const struct profile *,
	const struct report_options *, struct symbolizer *);

static const char *const format_names[] = { "text", "markdown", "json", "folded" };
static const report_fn format_fns[] = {
	report_text, report_markdown, report_json, report_folded,
};

static int
cmd_report_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "stacks", no_argument, NULL, 's' },
		{ "arch", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *e = &cmd_report_entry;
	struct report_options o = { .arches = ARCH_MASK_ALL };
	report_fn report = report_text;
	struct symbolizer *s;
	struct profile p;
	int c;

	while ((c = cmd_getopt(e, argc, argv, "f:sa:h", longopts)) != -1) {
		if (c == 'f')
			report = format_fns[cmd_parse_choice(e, "--format", optarg,
			    format_names, sizeof format_names / sizeof *format_names)];
		else if (c == 's')
			o.stacks = true;
		else if (arch_parse_list(optarg, &o.arches) != 0) {
			cmd_usage_error(e, "unknown architecture in '%s' (x86_64, i386, x32)",
			    optarg);
		}
	}
	if (optind == argc) {
		cmd_usage_error(e, "no profile to report");
	}
	profile_init(&p);
	cmd_load_profiles(argv + optind, argc - optind, &p);
	s = symbolize_new(NULL);
	report(stdout, &p, &o, s);
	symbolize_free(s);
	profile_free(&p);
	if (fflush(stdout) != 0 || ferror(stdout))
		msg_fatal("cannot write the report to standard output");
	return 0;
}
