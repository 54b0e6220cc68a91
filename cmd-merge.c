#include <stdio.h>

#include "cmd.h"
#include "core/message.h"
#include "core/profile-io.h"

static int cmd_merge_exec(const struct cmd_args *);

static const struct cmd_option cmd_merge_options[] = {
	{ .name = "output", .letter = 'o', .kind = CMD_TEXT, .required = true },
	{ NULL },
};

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "-o OUT PROFILE...",
	.summary = "Unite profiles: counts add, executables and stacks unite.",
	.help =
	    "Each call keeps, of its stacks, those of smallest stack hash up to the\n"
	    "smallest stack limit of the inputs, so that the result does not depend\n"
	    "on the order of the inputs nor on how they are grouped (successive\n"
	    "merges give the bytes of one). OUT may be one of them. It is written\n"
	    "atomically.\n\n"
	    "  -o, --output OUT  the merged profile to write (required; - is standard\n"
	    "                    output, a device or FIFO is written to)\n"
	    "  -h, --help        show this help\n",
	.options = cmd_merge_options,
	.operands = { 1, -1, "give one profile to merge or more" },
	.exec = cmd_merge_exec,
};

static int
cmd_merge_exec(const struct cmd_args *a)
{
	struct profile p;
	char *err;

	profile_init(&p);
	cmd_load_profiles(a->argv, a->argc, &p);
	if (profile_io_save(cmd_text(a, "output"), &p, &err) != 0)
		msg_fatal("%s", err);
	profile_free(&p);
	return 0;
}
