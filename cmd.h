/* The subcommand table: one cmd-NAME.c file per command, each with an entry. */
#ifndef SANDCAST_CMD_H
#define SANDCAST_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/file.h"
#include "core/profile.h"
#include "gen/filter.h"

struct cmd_entry {
	const char *name;
	const char *args;    /* the synopsis after "sandcast NAME" */
	const char *summary; /* one line for "sandcast --help" */
	const char *help;    /* what the options do, for "sandcast NAME --help" */
	int (*exec)(int argc, char **argv); /* argv[0] is NAME */
};

extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_gen_entry;
extern const struct cmd_entry cmd_merge_entry;
extern const struct cmd_entry cmd_record_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_syscalls_entry;
extern const struct cmd_entry cmd_verify_entry;

/* Print the usage of E, on stdout when STATUS is 0 (--help), else on stderr,
 * and exit with STATUS. */
void cmd_usage(const struct cmd_entry *e, int status) __attribute__((noreturn));

/* Print the error FMT and the usage of E on stderr, and exit with
 * msg_get_fatal_status(). */
void cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Parse the next option with getopt_long; on --help or a bad option print the
 * usage of E and exit. Return the option, or -1 at the end of the options. */
int cmd_getopt(const struct cmd_entry *e, int argc, char **argv,
	const char *optstring, const struct option *longopts);

/* Parse a whole number from 0 to MAX given to option NAME, or exit with a message. */
unsigned long cmd_parse_number(const struct cmd_entry *e, const char *name,
	const char *text, unsigned long max);

/* Return the index of TEXT, given to option NAME, in CHOICES[0..N-1], or exit
 * with a message that lists them. */
size_t cmd_parse_choice(const struct cmd_entry *e, const char *name,
	const char *text, const char *const *choices, size_t n);

/* Find CMD as execvp(3) would and return its path (free() it), or exit 127
 * when it is not found and 126 when it cannot be executed, with a message. */
char *cmd_find_command(const char *cmd);

/* Load and merge the profiles PATHS[0..N-1] into P (the stack limit applied),
 * or exit with the loader's message. */
void cmd_load_profiles(char *const *paths, int n, struct profile *p);

/* As cmd_load_profiles(), but only the calls, their counts and the runs
 * (profile_io_load_calls()): what a filter needs, at less cost. */
void cmd_load_calls(char *const *paths, int n, struct profile *p);

/* Parse the value TEXT of E's --stacks N|off: N, or 0 for off; or exit with
 * a message. */
unsigned cmd_parse_stacks(const struct cmd_entry *e, const char *text);

/* Load in F the filter file PATH (gen's c or bpf output, or raw BPF), or
 * exit saying why it cannot be read or why the kernel would refuse it. */
void cmd_load_filter(const char *path, struct filter *f);

/* Build in F the filter of the calls of profile PATH, with FLAGS, ACTION for
 * any other call; 0, or -ENOENT when PATH has no call; exit when it cannot
 * be read or the filter would be too large for the kernel. */
int cmd_filter_from_profile(const char *path, unsigned flags, uint32_t action,
	struct filter *f);

/* Return what kind of file PATH holds (file_kind()), or exit when it cannot
 * be read. */
enum file_kind cmd_file_kind(const char *path);

#endif
