#include <stdio.h>

#include "cmd.h"
#include "core/message.h"
#include "reporter/diff.h"

static int cmd_diff_exec(int, char **);

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.args = "[--format text|markdown|json] OLD NEW",
	.summary = "List the calls NEW makes that OLD lacks, and who makes them.",
	.help =
	    "OLD is the approved profile, NEW a fresh recording (of the same\n"
	    "program after an upgrade, say). Per arch, diff lists each call NEW has\n"
	    "and OLD lacks, with the executables, the first frame in your code (the\n"
	    "innermost frame outside libc, libpthread, the dynamic loader and the\n"
	    "vDSO: the module that asked for it) and the symbolised stacks; then the\n"
	    "calls OLD has and NEW lacks. A new call that is a known newer twin of\n"
	    "an older one (clone3 of clone, faccessat2 of faccessat, statx of\n"
	    "newfstatat, the *_time64 calls of i386, ...) or a probe that callers do\n"
	    "without (rseq, map_shadow_stack, ...) is named as such. When NEW comes\n"
	    "from 'record --baseline' runs alone, the calls gone cannot be told;\n"
	    "when OLD does, the calls its baseline allows count as added (the\n"
	    "output says so and names the baseline to compare with).\n\n"
	    "  -f, --format F  text (default), markdown (for a pull request) or json\n"
	    "  -h, --help      show this help\n\n"
	    "Exit status: 0 when NEW adds no call, 1 when it adds some, 2 on error\n"
	    "(a profile that cannot be read, bad options).\n",
	.exec = cmd_diff_exec,
};

typedef void (*diff_fn)(FILE *, const struct diff *, struct symbolizer *);

static const char *const format_names[] = { "text", "markdown", "json" };
static const diff_fn format_fns[] = { diff_text, diff_markdown, diff_json };

static int
cmd_diff_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *e = &cmd_diff_entry;
	diff_fn print = diff_text;
	struct profile old, new;
	struct symbolizer *s;
	struct diff d;
	int c, status;

	while ((c = cmd_getopt(e, argc, argv, "f:h", longopts)) != -1)
		print = format_fns[cmd_parse_choice(e, "--format", optarg,
		    format_names, sizeof format_names / sizeof *format_names)];
	if (argc - optind != 2) {
		cmd_usage_error(e, "diff wants two profiles, OLD and NEW");
	}
	profile_init(&old);
	profile_init(&new);
	cmd_load_profiles(argv + optind, 1, &old);
	cmd_load_profiles(argv + optind + 1, 1, &new);
	diff_compute(&old, &new, &d);
	d.old_name = argv[optind];
	d.new_name = argv[optind + 1];
	s = symbolize_new(NULL);
	print(stdout, &d, s);
	status = d.nadded > 0 ? 1 : 0;
	symbolize_free(s);
	diff_free(&d);
	profile_free(&old);
	profile_free(&new);
	if (fflush(stdout) != 0 || ferror(stdout))
		msg_fatal("cannot write the diff to standard output");
	return status;
}
