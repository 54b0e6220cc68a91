#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/message.h"
#include "core/profile-io.h"
#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/bpf.h"
#include "gen/cbpf.h"
#include "gen/emu.h"
#include "tracer/spawn.h"

void
cmd_usage(const struct cmd_entry *e, int status)
{
	FILE *out = status == 0 ? stdout : stderr;
	const char *sep = "\nDeprecated, taken with a warning until the next release:\n  ";

	fprintf(out, "usage: sandcast %s %s\n", e->name, e->usage);
	if (status != 0) {
		fprintf(out, "Try 'sandcast %s --help' for more.\n", e->name);
		exit(status);
	}
	fprintf(out, "\n%s\n\n%s", e->summary, e->help);
	for (const struct cmd_option *o = e->options; o->name != NULL; o++) {
		if (o->old != 0)
			fprintf(out, "%s-%c for --%s", sep, o->old, o->name);
		if (o->old != 0)
			sep = ", ";
	}
	if (*sep != '\n')
		fputc('\n', out);
	exit(0);
}

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

/* getopt_long()'s value for option I of an entry. */
#define CMD_LONG 256

struct cmd_given {
	char **texts;        /* each text given, in order */
	size_t n;            /* how many times it was given */
	unsigned long value; /* the last one, parsed */
};

const struct cmd_entry *const cmd_table[] = {
	&cmd_diff_entry,
	&cmd_gen_entry,
	&cmd_import_entry,
	&cmd_merge_entry,
	&cmd_record_entry,
	&cmd_report_entry,
	&cmd_run_entry,
	&cmd_syscalls_entry,
	&cmd_verify_entry,
	NULL,
};

static size_t
cmd_count(const struct cmd_entry *e)
{
	size_t n = 0;

	while (e->options[n].name != NULL)
		n++;
	return n;
}

/* The index of option NAME of E; a name E lacks is a mistake in sandcast. */
static size_t
cmd_find(const struct cmd_entry *e, const char *name)
{
	for (size_t i = 0; e->options[i].name != NULL; i++) {
		if (strcmp(e->options[i].name, name) == 0)
			return i;
	}
	msg_error("internal error: %s has no option --%s", e->name, name);
	abort();
}

/* Append LETTER to P, with the colons getopt wants for O's value. */
static char *
cmd_optchars(char *p, char letter, const struct cmd_option *o)
{
	*p++ = letter;
	if (o->kind != CMD_FLAG)
		*p++ = ':';
	if (o->kind != CMD_FLAG && o->optional)
		*p++ = ':';
	return p;
}

/* E's short options for getopt (free() it): '+' first when options end at
 * the command, then -h, the letters and the old letters. */
static char *
cmd_optstring(const struct cmd_entry *e)
{
	char *s = xcalloc(8 * cmd_count(e) + 3, 1), *p = s;

	if (e->command)
		*p++ = '+';
	*p++ = 'h';
	for (const struct cmd_option *o = e->options; o->name != NULL; o++) {
		if (o->letter != 0)
			p = cmd_optchars(p, o->letter, o);
		if (o->old != 0)
			p = cmd_optchars(p, o->old, o);
	}
	return s;
}

/* E's long options for getopt_long, --help last (free() it). */
static struct option *
cmd_longopts(const struct cmd_entry *e)
{
	size_t n = cmd_count(e);
	struct option *l = xcalloc(n + 2, sizeof *l);

	for (size_t i = 0; i < n; i++) {
		const struct cmd_option *o = &e->options[i];
		l[i] = (struct option){ o->name, o->kind == CMD_FLAG ? no_argument :
		    o->optional ? optional_argument : required_argument, NULL,
		    CMD_LONG + (int)i };
	}
	l[n] = (struct option){ "help", no_argument, NULL, 'h' };
	return l;
}

/* The index of the option getopt_long() returned as C; an old letter says
 * so. */
static size_t
cmd_which(const struct cmd_entry *e, int c)
{
	size_t i = 0;

	if (c >= CMD_LONG)
		return (size_t)(c - CMD_LONG);
	while (e->options[i].letter != c && e->options[i].old != c)
		i++;
	if (e->options[i].old == c)
		msg_warn("-%c is deprecated and goes in the next release: say --%s",
		    c, e->options[i].name);
	return i;
}

static bool
cmd_parse_whole(const char *text, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(text, &end, 0);
	return errno == 0 && end != text && *end == '\0' && text[0] != '-' && *v <= max;
}

static bool
cmd_parse_identifier(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s != '\0'; s++) {
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')))
			return false;
	}
	return true;
}

static bool
cmd_parse_choice(const struct cmd_option *o, const char *text, unsigned long *v)
{
	for (*v = 0; o->choices[*v] != NULL; (*v)++) {
		if (strcmp(text, o->choices[*v]) == 0)
			return true;
	}
	return false;
}

/* Parse TEXT as a value of O into *V; true, or false with what O wants in
 * WANT. */
static bool
cmd_parse_kind(const struct cmd_option *o, const char *text, unsigned long *v,
	char *want, size_t size)
{
	arch_mask mask;
	uint32_t action;
	int rc;

	switch (o->kind) {
	case CMD_IDENTIFIER:
		snprintf(want, size, "a C identifier");
		return cmd_parse_identifier(text);
	case CMD_NUMBER:
		snprintf(want, size, "a whole number from 0 to %lu", o->max);
		return cmd_parse_whole(text, o->max, v);
	case CMD_STACKS:
		snprintf(want, size, "a whole number from 0 to %d, or off",
		    PROFILE_MAX_STACKS);
		*v = 0;
		return strcmp(text, "off") == 0 ||
		    cmd_parse_whole(text, PROFILE_MAX_STACKS, v);
	case CMD_ARCHES:
		snprintf(want, size, "x86_64, i386 or x32, or several joined by commas");
		rc = arch_parse_list(text, &mask);
		*v = mask;
		return rc == 0;
	case CMD_ACTION:
		snprintf(want, size, "one of %s", ACTION_NAMES);
		rc = action_parse(text, &action);
		*v = action;
		return rc == 0;
	default:
		return true;
	}
}

/* Parse TEXT, given to O of E, into *V; or exit saying what O wants. */
static void
cmd_parse_value(const struct cmd_entry *e, const struct cmd_option *o,
	const char *text, unsigned long *v)
{
	char want[256] = "one of ";

	if (text == NULL) {
		*v = o->omitted;
		return;
	}
	if (o->kind == CMD_CHOICE) {
		for (size_t i = 0; o->choices[i] != NULL; i++)
			snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s",
			    i > 0 ? ", " : "", o->choices[i]);
		if (cmd_parse_choice(o, text, v))
			return;
	} else if (cmd_parse_kind(o, text, v, want, sizeof want)) {
		return;
	}
	cmd_usage_error(e, "--%s wants %s; not '%s'", o->name, want, text);
}

/* Keep the value TEXT of option I of A's command, parsed. */
static void
cmd_keep(struct cmd_args *a, size_t i, const char *text)
{
	struct cmd_given *g = &a->given[i];

	cmd_parse_value(a->entry, &a->entry->options[i], text, &g->value);
	g->texts = xreallocarray(g->texts, g->n + 1, sizeof *g->texts);
	g->texts[g->n++] = (char *)text;
}

/* Check what A holds against its command's required options and bounds on
 * operands. */
static void
cmd_check(const struct cmd_args *a)
{
	const struct cmd_entry *e = a->entry;

	for (size_t i = 0; e->options[i].name != NULL; i++) {
		if (e->options[i].required && a->given[i].n == 0)
			cmd_usage_error(e, "--%s is required", e->options[i].name);
	}
	if (a->argc < e->operands.lower ||
	    (e->operands.upper >= 0 && a->argc > e->operands.upper))
		cmd_usage_error(e, "%s", e->operands.what);
}

void
cmd_parse(const struct cmd_entry *e, int argc, char **argv, struct cmd_args *a)
{
	char *optstring = cmd_optstring(e);
	struct option *longopts = cmd_longopts(e);
	int c;

	msg_set_fatal_status(e->command ? CMD_FAILURE : MSG_EXIT_FAILURE);
	*a = (struct cmd_args){ e, 0, NULL, argc, argv,
	    xcalloc(cmd_count(e) + 1, sizeof *a->given) };
	optind = 0;
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		if (c == 'h')
			cmd_usage(e, 0);
		if (c == '?' || c == ':')
			cmd_usage(e, msg_get_fatal_status());
		cmd_keep(a, cmd_which(e, c), optarg);
	}
	free(optstring);
	free(longopts);
	a->argc = argc - optind;
	a->argv = argv + optind;
	cmd_check(a);
}

void
cmd_args_free(struct cmd_args *a)
{
	for (size_t i = 0; a->entry->options[i].name != NULL; i++)
		free(a->given[i].texts);
	free(a->given);
}

bool
cmd_has(const struct cmd_args *a, const char *name)
{
	return a->given[cmd_find(a->entry, name)].n > 0;
}

const char *
cmd_text(const struct cmd_args *a, const char *name)
{
	const struct cmd_given *g = &a->given[cmd_find(a->entry, name)];

	return g->n > 0 ? g->texts[g->n - 1] : NULL;
}

char *const *
cmd_texts(const struct cmd_args *a, const char *name, size_t *n)
{
	const struct cmd_given *g = &a->given[cmd_find(a->entry, name)];

	*n = g->n;
	return g->texts;
}

unsigned long
cmd_value(const struct cmd_args *a, const char *name, unsigned long dflt)
{
	const struct cmd_given *g = &a->given[cmd_find(a->entry, name)];

	return g->n > 0 ? g->value : dflt;
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

void
cmd_load_profiles(char *const *paths, int n, struct profile *p)
{
	cmd_load_with(profile_io_load, paths, n, p);
}

void
cmd_load_calls(char *const *paths, int n, struct profile *p)
{
	cmd_load_with(profile_io_load_calls, paths, n, p);
}

void
cmd_load_filter(const char *path, struct filter *f)
{
	char why[160], *err;

	if (cbpf_load(path, f, &err) != 0)
		msg_fatal("%s", err);
	if (emu_check(f->insns, f->len, why, sizeof why) != 0)
		msg_fatal("%s: the kernel would refuse this program: %s", path, why);
}

const char *const cmd_args_choices[] = { "on", "off", NULL };

unsigned
cmd_args_flag(const struct cmd_args *a)
{
	return cmd_value(a, "args", 0) == 0 ? FILTER_ARGS : 0;
}

int
cmd_filter_from_profile(const char *path, unsigned flags, uint32_t action,
	struct filter *f, struct filter_set *set)
{
	struct profile p;
	int rc;

	profile_init(&p);
	cmd_load_calls((char *const *)&path, 1, &p);
	rc = filter_from_profile(&p, flags, action, f, set);
	profile_free(&p);
	if (rc == -E2BIG)
		msg_fatal("the filter of %s would take %zu instructions, " BPF_TOO_LONG,
		    path, f->len);
	return rc;
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

static int
cmd_own_install(const struct tracer_install *in, struct sock_filter **out,
	size_t *outlen, void *ctx)
{
	struct filter f;
	int number = ownfilter_rewrite(ctx, in->prog, in->len, in->under, &f);

	if (number < 0)
		return -1;
	*out = f.insns;
	*outlen = f.len;
	return number;
}

static void
cmd_own_installed(const struct tracer_install *in, int number, bool ok, void *ctx)
{
	char actions[256];

	if (ok && ownfilter_outranks(in->prog, in->len, in->below, actions, sizeof actions))
		ownfilter_note(ctx, in->exe, actions, number < 0);
}

static uint64_t
cmd_own_resolve(int number, const struct seccomp_data *d, void *ctx)
{
	uint32_t ret;

	return ownfilter_resolve(ctx, number, d, &ret);
}

struct tracer_own
cmd_own_filters(struct ownfilter *o)
{
	struct tracer_own own = { cmd_own_install, cmd_own_installed, cmd_own_resolve, o };

	return own;
}

void
cmd_own_report(const char *name, const struct ownfilter *o, struct profile_run *run,
	bool quiet)
{
	const struct profile_run *notes = ownfilter_notes(o);

	for (size_t i = 0; i < notes->nown; i++) {
		const struct profile_own *own = &notes->own[i];
		const char *exe = own->exe != NULL ? own->exe : "a process";
		if (run != NULL)
			profile_run_add_own(run, own->exe, own->actions, own->hidden);
		if (own->hidden)
			msg_warn("%s installed a seccomp filter that answers calls before "
			    "sandcast's (%s), which it cannot rewrite: the calls it answered "
			    "were not seen%s", exe, own->actions, run != NULL ? ", and may be "
			    "missing from the profile (under --backend notify, always: "
			    "record with --backend ptrace)" : "");
		else if (!quiet)
			fprintf(stderr, "sandcast %s: %s installed a seccomp filter that "
			    "answers calls itself (%s): they were seen, and answered as it "
			    "says\n", name, exe, own->actions);
	}
}
