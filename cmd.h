/* The subcommands: one cmd-NAME.c file per command, each with an entry that
 * declares its options and operands as data; cmd.c parses them once, and a
 * command's exec only asks for what was given (cmd_has(), cmd_text(), ...). */
#ifndef SANDCAST_CMD_H
#define SANDCAST_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/file.h"
#include "core/profile.h"
#include "gen/filter.h"
#include "gen/ownfilter.h"
#include "tracer/tracer.h"

/* What an option's value is. Each kind has one parser, and one wording for
 * a value it refuses ("--NAME wants ...; not 'TEXT'"). */
enum cmd_kind {
	CMD_FLAG,       /* no value */
	CMD_TEXT,       /* any text (a path, a glob), kept as given */
	CMD_IDENTIFIER, /* a C identifier */
	CMD_NUMBER,     /* a whole number from 0 to the option's max */
	CMD_CHOICE,     /* one of the option's choices: its index */
	CMD_ARCHES,     /* a comma-separated list of architectures: an arch_mask */
	CMD_ACTION,     /* a seccomp action (gen/action.h): a SECCOMP_RET_* value */
	CMD_STACKS,     /* N, up to PROFILE_MAX_STACKS, or off (0) */
};

/* One option of a command. Its letter, where it has one, means the same
 * option in every command (tests/unit/test-cmd.c holds the table to it). */
struct cmd_option {
	const char *name;  /* the long name, without "--" */
	char letter;       /* the short name, or 0 */
	char old;          /* a letter of 0.1.0 for it, still taken with a warning
	                    * for one release, or 0 */
	enum cmd_kind kind;
	bool required;     /* the command refuses to run without it */
	bool optional;     /* the value may be left out: "--NAME" alone, or "--NAME=V" */
	unsigned long omitted;      /* the value of "--NAME" alone */
	const char *const *choices; /* CMD_CHOICE: the values, NULL-ended */
	unsigned long max;          /* CMD_NUMBER: the largest value */
};

/* What a command that runs a command (record, run) exits with when sandcast
 * itself fails, apart from the command's own statuses, as env(1) and
 * timeout(1) do. */
#define CMD_FAILURE 125

struct cmd_given;

/* A command line, parsed. */
struct cmd_args {
	const struct cmd_entry *entry;
	int argc;     /* the operands */
	char **argv;
	int line_argc; /* the whole command line, "sandcast NAME" first */
	char **line_argv;
	struct cmd_given *given; /* by option, as entry->options */
};

struct cmd_entry {
	const char *name;
	const char *usage;   /* the synopsis after "sandcast NAME" */
	const char *summary; /* one line for "sandcast --help" */
	const char *help;    /* what the options do, for "sandcast NAME --help" */
	const struct cmd_option *options; /* ended by a NULL name */
	struct {
		int lower, upper; /* how many operands it takes (upper -1: no limit) */
		const char *what; /* the message when it is given another number */
	} operands;
	/* The operands are a command that sandcast runs: the options end
	 * before it, and sandcast's own failures exit with CMD_FAILURE. */
	bool command;
	int (*exec)(const struct cmd_args *args);
};

extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_gen_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_merge_entry;
extern const struct cmd_entry cmd_record_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_syscalls_entry;
extern const struct cmd_entry cmd_verify_entry;

/* Every command, NULL-ended, in the order "sandcast --help" lists them. */
extern const struct cmd_entry *const cmd_table[];

/* Parse ARGV[1..ARGC-1] as the options and operands of E into A (free it
 * with cmd_args_free()); print the usage and exit on --help, or with E's
 * failure status on a mistake. The status of msg_fatal() is then E's. */
void cmd_parse(const struct cmd_entry *e, int argc, char **argv, struct cmd_args *a);

/* Free what A holds. */
void cmd_args_free(struct cmd_args *a);

/* Print the usage of E, on stdout when STATUS is 0 (--help), else on stderr,
 * and exit with STATUS. */
void cmd_usage(const struct cmd_entry *e, int status) __attribute__((noreturn));

/* Print the error FMT and the usage of E on stderr, and exit with
 * msg_get_fatal_status(). */
void cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Whether the option NAME of A's command was given. */
bool cmd_has(const struct cmd_args *a, const char *name);

/* The text given to option NAME the last time, or NULL. */
const char *cmd_text(const struct cmd_args *a, const char *name);

/* Every text given to option NAME, in order: *N of them. */
char *const *cmd_texts(const struct cmd_args *a, const char *name, size_t *n);

/* The value of option NAME as its kind parsed it (enum cmd_kind), or DFLT
 * when it was not given. */
unsigned long cmd_value(const struct cmd_args *a, const char *name, unsigned long dflt);

/* Find CMD as execvp(3) would and return its path (free() it), or exit 127
 * when it is not found and 126 when it cannot be executed, with a message. */
char *cmd_find_command(const char *cmd);

/* Load and merge the profiles PATHS[0..N-1] into P (the stack limit applied),
 * or exit with the loader's message. */
void cmd_load_profiles(char *const *paths, int n, struct profile *p);

/* As cmd_load_profiles(), but only the calls, their counts and the runs
 * (profile_io_load_calls()): what a filter needs, at less cost. */
void cmd_load_calls(char *const *paths, int n, struct profile *p);

/* Load in F the filter file PATH (gen's c or bpf output, or raw BPF), or
 * exit saying why it cannot be read or why the kernel would refuse it. */
void cmd_load_filter(const char *path, struct filter *f);

/* Build in F the filter of the calls of profile PATH, with FLAGS, ACTION for
 * any other call, and fill SET (NULL: none) with its set; 0, or -ENOENT when
 * PATH has no call; exit when it cannot be read or the filter would be too
 * large for the kernel. */
int cmd_filter_from_profile(const char *path, unsigned flags, uint32_t action,
	struct filter *f, struct filter_set *set);

/* The choices of --args: on (the default), off. */
extern const char *const cmd_args_choices[];

/* Return FILTER_ARGS unless A has --args off. */
unsigned cmd_args_flag(const struct cmd_args *a);

/* Return what kind of file PATH holds (file_kind()), or exit when it cannot
 * be read. */
enum file_kind cmd_file_kind(const char *path);

/* The tracer's way to the command's own filters through O: each one it
 * installs is rewritten so that the calls it answers stay seen. */
struct tracer_own cmd_own_filters(struct ownfilter *o);

/* Say on stderr, as NAME, which filters of its own the command installed
 * (O's notes, added to RUN when not NULL): a warning for those whose calls
 * were not seen, a note for the others unless QUIET. */
void cmd_own_report(const char *name, const struct ownfilter *o,
	struct profile_run *run, bool quiet);

#endif
