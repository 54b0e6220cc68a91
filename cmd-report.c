#include <stdio.h>

#include "cmd.h"
#include "core/message.h"
#include "reporter/report.h"

static int cmd_report_exec(const struct cmd_args *);

typedef void (*report_fn)(FILE *, const struct profile *,
	const struct report_options *, struct symbolizer *);

static const char *const cmd_report_formats[] = {
	"text", "markdown", "json", "folded", NULL,
};
static const report_fn cmd_report_printers[] = {
	report_text, report_markdown, report_json, report_folded,
};

static const struct cmd_option cmd_report_options[] = {
	{ .name = "format", .old = 'f', .kind = CMD_CHOICE,
	  .choices = cmd_report_formats },
	{ .name = "stacks", .old = 's', .kind = CMD_STACKS, .optional = true,
	  .omitted = PROFILE_MAX_STACKS },
	{ .name = "arch", .old = 'a', .kind = CMD_ARCHES },
	{ NULL },
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--format text|json|markdown|folded] [--stacks[=N|off]] [--arch LIST]\n"
	    "                       PROFILE...",
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
	    "      --format F  text (default): a table of name, number, count and\n"
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
	    "      --stacks[=N|off]  show each call's stacks (text, markdown, json):\n"
	    "                  every one kept, or the N most frequent; off (the\n"
	    "                  default): none\n"
	    "      --arch LIST only these architectures (a comma-separated list)\n"
	    "  -h, --help      show this help\n\n"
	    "Exit status: 0, or 2 when a profile cannot be read.\n",
	.options = cmd_report_options,
	.operands = { 1, -1, "give one profile to report or more" },
	.exec = cmd_report_exec,
};

static int
cmd_report_exec(const struct cmd_args *a)
{
	report_fn report = cmd_report_printers[cmd_value(a, "format", 0)];
	unsigned stacks = (unsigned)cmd_value(a, "stacks", 0);
	struct report_options o = { (arch_mask)cmd_value(a, "arch", ARCH_MASK_ALL),
	    stacks != 0 };
	struct symbolizer *s;
	struct profile p;

	profile_init(&p);
	cmd_load_profiles(a->argv, a->argc, &p);
	if (stacks != 0)
		profile_cap_stacks(&p, stacks);
	s = symbolize_new(NULL);
	report(stdout, &p, &o, s);
	symbolize_free(s);
	profile_free(&p);
	if (fflush(stdout) != 0 || ferror(stdout))
		msg_fatal("cannot write the report to standard output");
	return 0;
}
