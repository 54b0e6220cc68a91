#include <stdio.h>

#include "cmd.h"
#include "core/message.h"
#include "reporter/diff.h"

static int cmd_diff_exec(const struct cmd_args *);

typedef void (*diff_fn)(FILE *, const struct diff *, struct symbolizer *);

static const char *const cmd_diff_formats[] = { "text", "markdown", "json", NULL };
static const diff_fn cmd_diff_printers[] = { diff_text, diff_markdown, diff_json };

static const struct cmd_option cmd_diff_options[] = {
	{ .name = "format", .old = 'f', .kind = CMD_CHOICE,
	  .choices = cmd_diff_formats },
	{ NULL },
};

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[--format text|markdown|json] OLD NEW",
	.summary = "List the calls NEW makes that OLD lacks, and who makes them.",
	.help =
	    "OLD is the approved profile, NEW a fresh recording (of the same\n"
	    "program after an upgrade, say). Per arch, diff lists each call NEW has\n"
	    "and OLD lacks, with the executables, the first frame in your code (the\n"
	    "innermost frame outside libc, libpthread, the dynamic loader and the\n"
	    "vDSO: the module that asked for it) and the symbolised stacks; then\n"
	    "each new value of an argument OLD constrains (an ioctl command, a\n"
	    "socket family, ...) of a call both make, with its stacks; then the\n"
	    "calls OLD has and NEW lacks. A new call that is a known newer twin of\n"
	    "an older one (clone3 of clone, faccessat2 of faccessat, statx of\n"
	    "newfstatat, the *_time64 calls of i386, ...) or a probe that callers do\n"
	    "without (rseq, map_shadow_stack, ...) is named as such. When NEW comes\n"
	    "from 'record --baseline' runs alone, the calls gone cannot be told;\n"
	    "when OLD does, the calls its baseline allows count as added (the\n"
	    "output says so and names the baseline to compare with).\n\n"
	    "      --format F  text (default), markdown (for a pull request) or json\n"
	    "  -h, --help      show this help\n\n"
	    "Exit status: 0 when NEW adds no call and no argument value, 1 when it\n"
	    "adds some, 2 on error (a profile that cannot be read, bad options).\n",
	.options = cmd_diff_options,
	.operands = { 2, 2, "give two profiles, OLD and NEW" },
	.exec = cmd_diff_exec,
};

static int
cmd_diff_exec(const struct cmd_args *a)
{
	diff_fn print = cmd_diff_printers[cmd_value(a, "format", 0)];
	struct profile old, new;
	struct symbolizer *s;
	struct diff d;
	int status;

	profile_init(&old);
	profile_init(&new);
	cmd_load_profiles(a->argv, 1, &old);
	cmd_load_profiles(a->argv + 1, 1, &new);
	diff_compute(&old, &new, &d);
	d.old_name = a->argv[0];
	d.new_name = a->argv[1];
	s = symbolize_new(NULL);
	print(stdout, &d, s);
	status = diff_changed(&d) ? 1 : 0;
	symbolize_free(s);
	diff_free(&d);
	profile_free(&old);
	profile_free(&new);
	if (fflush(stdout) != 0 || ferror(stdout))
		msg_fatal("cannot write the diff to standard output");
	return status;
}
