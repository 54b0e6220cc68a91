#include <stdio.h>

#include "cmd.h"
#include "core/learnlog.h"
#include "core/message.h"
#include "core/profile-io.h"

static int cmd_import_exec(const struct cmd_args *);

static const struct cmd_option cmd_import_options[] = {
	{ .name = "output", .letter = 'o', .kind = CMD_TEXT },
	{ NULL },
};

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "[-o PROFILE] LOG...",
	.summary = "Make a profile of the logs of learn mode (-DSANDCAST_LEARN).",
	.help =
	    "A filter that gen wrote, compiled with -DSANDCAST_LEARN, logs each call\n"
	    "it would refuse, with its stack, to the file SANDCAST_LEARN_LOG names\n"
	    "(else standard error), and lets the program run on. import reads such\n"
	    "logs into a profile, as record would have written it: the calls per\n"
	    "architecture, counts, executables and stacks; merge it with the\n"
	    "profile the filter came from and generate the filter again. Lines that\n"
	    "are no record are passed over (a log on standard error holds the\n"
	    "program's own messages too); a last line cut short (the program died\n"
	    "while writing it) is left out with a warning. The format of the log\n"
	    "is in docs/learn.md.\n\n"
	    "  -o, --output PROFILE  write PROFILE instead of standard output (-),\n"
	    "                        replaced atomically, keeping its mode; a device\n"
	    "                        or FIFO is written to\n"
	    "  -h, --help            show this help\n\n"
	    "Exit status: 0, or 2 when a log cannot be read or holds a record that\n"
	    "is not one (its file and line are named).\n",
	.options = cmd_import_options,
	.operands = { 1, -1, "give one learn log or more" },
	.exec = cmd_import_exec,
};

/* Add the records of the log PATH to P, or exit saying why it cannot be read. */
static void
cmd_import_log(const char *path, struct profile *p)
{
	struct learnlog_stats st;
	char *err;

	if (learnlog_load(path, p, &st, &err) != 0)
		msg_fatal("%s", err);
	if (st.cut != 0)
		msg_warn("%s:%zu: the last record is cut short (the program died while "
		    "writing it): left out", path, st.cut);
	if (st.records == 0)
		msg_warn("%s: no learn record in it", path);
}

static int
cmd_import_exec(const struct cmd_args *a)
{
	const char *out = cmd_text(a, "output");
	struct profile p;
	char *err;

	profile_init(&p);
	p.stack_limit = PROFILE_DEFAULT_STACKS;
	for (int i = 0; i < a->argc; i++)
		cmd_import_log(a->argv[i], &p);
	profile_cap_stacks(&p, p.stack_limit);
	if (profile_io_save(out != NULL ? out : "-", &p, &err) != 0)
		msg_fatal("%s", err);
	profile_free(&p);
	return 0;
}
