#include <stdio.h>

#include "cmd.h"
#include "core/message.h"
#include "core/profile-io.h"

static int cmd_merge_exec(int, char **);

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.args = "-o OUT PROFILE...",
	.summary = "Unite profiles: counts add, executables and stacks unite.",
	.help =
	    "Each call keeps, of its stacks, those of smallest stack hash up to the\n"
	    "smallest stack limit of the inputs, so that the result does not depend\n"
	    "on the order of the inputs nor on how they are grouped (successive\n"
	    "merges give the bytes of one). OUT may be one of them. It is written\n"
	    "atomically.\n\n"
	    "  -o, --output OUT  the merged profile to write (required)\n"
	    "  -h, --help        show this help\n",
	.exec = cmd_merge_exec,
};

static int
cmd_merge_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *e = &cmd_merge_entry;
	const char *out = NULL;
	struct profile p;
	char *err;
	int c;

	while ((c = cmd_getopt(e, argc, argv, "o:h", longopts)) != -1)
		out = optarg;
	if (out == NULL || optind == argc) {
		cmd_usage_error(e, "%s", out == NULL ? "-o OUT is required" :
		    "no profile to merge");
	}
	profile_init(&p);
	cmd_load_profiles(argv + optind, argc - optind, &p);
	if (profile_io_save(out, &p, &err) != 0)
		msg_fatal("%s", err);
	profile_free(&p);
	return 0;
}
