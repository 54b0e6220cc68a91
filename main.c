#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/message.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_diff_entry,
	&cmd_gen_entry,
	&cmd_merge_entry,
	&cmd_record_entry,
	&cmd_report_entry,
	&cmd_run_entry,
	&cmd_syscalls_entry,
	&cmd_verify_entry,
};

#define CMD_COUNT (sizeof cmd_table / sizeof *cmd_table)

static void
main_usage(FILE *out)
{
	fputs("usage: sandcast COMMAND [OPTION]... [ARG]...\n\n"
	    "Cast a seccomp sandbox from what a program really does.\n\n"
	    "Commands:\n", out);
	for (size_t i = 0; i < CMD_COUNT; i++)
		fprintf(out, "  %-9s %s\n", cmd_table[i]->name, cmd_table[i]->summary);
	fputs("\n'sandcast COMMAND --help' tells more; see also sandcast(1).\n", out);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		main_usage(stderr);
		return MSG_EXIT_FAILURE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("sandcast " SANDCAST_VERSION);
		return 0;
	}
	for (size_t i = 0; i < CMD_COUNT; i++) {
		if (strcmp(argv[1], cmd_table[i]->name) == 0) {
			static char prog[32];
			/* getopt prefixes its own messages with argv[0]. */
			snprintf(prog, sizeof prog, "sandcast %s", argv[1]);
			argv[1] = prog;
			msg_set_command(cmd_table[i]->name);
			return cmd_table[i]->exec(argc - 1, argv + 1);
		}
	}
	msg_error("'%s' is not a command; 'sandcast --help' lists them", argv[1]);
	return MSG_EXIT_FAILURE;
}
