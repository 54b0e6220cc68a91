#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/message.h"

static void
main_usage(FILE *out)
{
	fputs("usage: sandcast COMMAND [OPTION]... [ARG]...\n\n"
	    "Cast a seccomp sandbox from what a program really does.\n\n"
	    "Commands:\n", out);
	for (size_t i = 0; cmd_table[i] != NULL; i++)
		fprintf(out, "  %-9s %s\n", cmd_table[i]->name, cmd_table[i]->summary);
	fputs("\n'sandcast COMMAND --help' tells more; see also sandcast(1).\n", out);
}

/* Parse the options of E and run it. */
static int
main_run(const struct cmd_entry *e, int argc, char **argv)
{
	struct cmd_args a;
	int rc;

	msg_set_command(e->name);
	cmd_parse(e, argc, argv, &a);
	rc = e->exec(&a);
	cmd_args_free(&a);
	return rc;
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
	for (size_t i = 0; cmd_table[i] != NULL; i++) {
		if (strcmp(argv[1], cmd_table[i]->name) == 0) {
			static char prog[32];
			/* getopt prefixes its own messages with argv[0]. */
			snprintf(prog, sizeof prog, "sandcast %s", argv[1]);
			argv[1] = prog;
			return main_run(cmd_table[i], argc - 1, argv + 1);
		}
	}
	msg_error("'%s' is not a command; 'sandcast --help' lists them", argv[1]);
	return MSG_EXIT_FAILURE;
}
