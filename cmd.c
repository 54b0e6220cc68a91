#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/message.h"
#include "core/profile-io.h"
#include "gen/cbpf.h"
#include "gen/bpf.h"
#include "gen/emu.h"
#include "tracer/spawn.h"

/* Print the usage of E, on stdout when STATUS is 0 (--help), else on stderr,
 * and exit with STATUS. */
void
cmd_usage(const struct cmd_entry *e, int status)
{
	FILE *out = status == 0 ? stdout : stderr;

	fprintf(out, "usage: sandcast %s %s\n", e->name, e->args);
	if (status == 0)
		fprintf(out, "\n%s\n\n%s", e->summary, e->help);
	else
		fprintf(out, "Try 'sandcast %s --help' for more.\n", e->name);
	exit(status);
}

/* Print the error FMT and the usage of E on stderr, and exit with
 * msg_get_fatal_status(). */
void
cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		msg_fatal("out of memory");
	va_end(ap);
	msg_error("%s", text);
	free(text);
	cmd_usage(e, msg_get_fatal_status());
}

/* Parse the next option with getopt_long; on --help or a bad option print the
 * usage of E and exit. Return the option, or -1 at the end of the options. */
int
cmd_getopt(const struct cmd_entry *e, int argc, char **argv,
	const char *optstring, const struct option *longopts)
{
	int c = getopt_long(argc, argv, optstring, longopts, NULL);

	if (c == 'h')
		cmd_usage(e, 0);
	if (c == '?' || c == ':')
		cmd_usage(e, msg_get_fatal_status());
	return c;
}

/* Parse a whole number from 0 to MAX given to option NAME, or exit with a message. */
unsigned long
cmd_parse_number(const struct cmd_entry *e, const char *name, const char *text,
	unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 0);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v > max) {
		cmd_usage_error(e, "%s wants a whole number from 0 to %lu, not '%s'",
		    name, max, text);
	}
	return v;
}

/* Return the index of TEXT, given to option NAME, in CHOICES[0..N-1], or exit
 * with a message that lists them. */
size_t
cmd_parse_choice(const struct cmd_entry *e, const char *name, const char *text,
	const char *const *choices, size_t n)
{
	char list[256] = "";

	for (size_t i = 0; i < n; i++) {
		if (strcmp(text, choices[i]) == 0)
			return i;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
		    i > 0 ? ", " : "", choices[i]);
	}
	cmd_usage_error(e, "%s wants one of %s; not '%s'", name, list, text);
}

enum file_kind
cmd_file_kind(const char *path)
{
	enum file_kind kind;
	int rc = file_kind(path, &kind);

	if (rc != 0)
		msg_fatal("cannot read %s: %s", path, strerror(-rc));
	return kind;
}

static void
cmd_load_with(int (*load)(const char *, struct profile *, char **),
	char *const *paths, int n, struct profile *p)
{
	for (int i = 0; i < n; i++) {
		char *err;
		if (load(paths[i], p, &err) != 0)
			msg_fatal("%s", err);
	}
	profile_cap_stacks(p, p->stack_limit);
}

/* Load and merge the profiles PATHS[0..N-1] into P (the stack limit applied),
 * or exit with the loader's message. */
void
cmd_load_profiles(char *const *paths, int n, struct profile *p)
{
	cmd_load_with(profile_io_load, paths, n, p);
}

/* As cmd_load_profiles(), but only the calls, their counts and the runs
 * (profile_io_load_calls()): what a filter needs, at less cost. */
void
cmd_load_calls(char *const *paths, int n, struct profile *p)
{
	cmd_load_with(profile_io_load_calls, paths, n, p);
}

/* Parse the value TEXT of E's --stacks N|off: N, or 0 for off; or exit with
 * a message. */
unsigned
cmd_parse_stacks(const struct cmd_entry *e, const char *text)
{
	if (strcmp(text, "off") == 0)
		return 0;
	return (unsigned)cmd_parse_number(e, "--stacks", text, PROFILE_MAX_STACKS);
}

/* Load in F the filter file PATH (gen's c or bpf output, or raw BPF), or
 * exit saying why it cannot be read or why the kernel would refuse it. */
void
cmd_load_filter(const char *path, struct filter *f)
{
	char why[160], *err;

	if (cbpf_load(path, f, &err) != 0)
		msg_fatal("%s", err);
	if (emu_check(f->insns, f->len, why, sizeof why) != 0)
		msg_fatal("%s: the kernel would refuse this program: %s", path, why);
}

/* Build in F the filter of the calls of profile PATH, with FLAGS, ACTION for
 * any other call; 0, or -ENOENT when PATH has no call; exit when it cannot
 * be read or the filter would be too large for the kernel. */
int
cmd_filter_from_profile(const char *path, unsigned flags, uint32_t action,
	struct filter *f)
{
	struct profile p;
	int rc;

	profile_init(&p);
	cmd_load_calls((char *const *)&path, 1, &p);
	rc = filter_from_profile(&p, flags, action, f);
	profile_free(&p);
	if (rc == -E2BIG)
		msg_fatal("the filter of %s would take %zu instructions, " BPF_TOO_LONG,
		    path, f->len);
	return rc;
}

/* Find CMD as execvp(3) would and return its path (free() it), or exit 127
 * when it is not found and 126 when it cannot be executed, with a message. */
char *
cmd_find_command(const char *cmd)
{
	char *path = NULL;
	int rc = spawn_resolve(cmd, &path);

	if (rc == -ENOENT) {
		msg_error("'%s': command not found", cmd);
		exit(127);
	}
	if (rc != 0) {
		msg_error("'%s': cannot execute: %s", cmd, strerror(-rc));
		exit(126);
	}
	return path;
}
