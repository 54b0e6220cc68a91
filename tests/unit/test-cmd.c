/* Unit tests of cmd: the grammar as data (one meaning per letter across
 * every command, deprecated letters that no command uses for anything
 * else, every option in its command's --help) and the parser (each kind of
 * value, optional values, deprecated letters, the end of the options at a
 * command). tests/e2e/docs.sh holds --help to the man page. */
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/arch.h"
#include "tests/unit/tap.h"

/* The long name that LETTER spells in live use anywhere, or NULL. */
static const char *
letter_name(char letter)
{
	for (size_t c = 0; cmd_table[c] != NULL; c++) {
		for (const struct cmd_option *o = cmd_table[c]->options; o->name != NULL; o++) {
			if (o->letter == letter)
				return o->name;
		}
	}
	return NULL;
}

static void
test_letters(void)
{
	for (size_t c = 0; cmd_table[c] != NULL; c++) {
		const struct cmd_entry *e = cmd_table[c];
		for (const struct cmd_option *o = e->options; o->name != NULL; o++) {
			if (o->letter != 0)
				tap_is_str(letter_name(o->letter), o->name, e->name);
			if (o->old != 0)
				tap_ok(letter_name(o->old) == NULL && o->old != 'h', "%s: the "
				    "old -%c means nothing else anywhere", e->name, o->old);
		}
	}
}

static void
test_help(void)
{
	for (size_t c = 0; cmd_table[c] != NULL; c++) {
		const struct cmd_entry *e = cmd_table[c];
		for (const struct cmd_option *o = e->options; o->name != NULL; o++) {
			char dashed[64], letter[3] = { '-', o->letter, 0 };
			snprintf(dashed, sizeof dashed, "--%s", o->name);
			tap_ok(strstr(e->help, dashed) != NULL &&
			    strstr(e->usage, o->letter != 0 ? letter : dashed) != NULL,
			    "%s: %s in the usage and the help", e->name, dashed);
		}
	}
}

/* Parse LINE, the words after "sandcast" split at spaces, as command E into
 * A; A's texts last until the next call. */
static void
parse(const struct cmd_entry *e, const char *line, struct cmd_args *a)
{
	static char buf[256];
	static char *argv[32];
	int argc = 0;

	snprintf(buf, sizeof buf, "%s", line);
	for (char *w = strtok(buf, " "); w != NULL && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	cmd_parse(e, argc, argv, a);
}

static void
test_kinds(void)
{
	const char *line = "gen -o f.c --format bpf --action errno:5 --arch i386,x32 "
	    "--function install --errno-fallback p.json";
	struct cmd_args a;

	parse(&cmd_gen_entry, line, &a);
	tap_is_str(cmd_text(&a, "output"), "f.c", "-o: the text");
	tap_is_int((long long)cmd_value(&a, "format", 0), 1, "--format bpf: its index");
	tap_is_int((long long)cmd_value(&a, "action", 0), SECCOMP_RET_ERRNO | 5,
	    "--action errno:5: the SECCOMP_RET_* value");
	tap_is_int((long long)cmd_value(&a, "arch", 0),
	    (1 << ARCH_I386) | (1 << ARCH_X32), "--arch i386,x32: the mask");
	tap_is_str(cmd_text(&a, "function"), "install", "--function: the identifier");
	tap_ok(cmd_has(&a, "errno-fallback"), "a flag");
	tap_ok(a.argc == 1 && strcmp(a.argv[0], "p.json") == 0, "the operand");
	cmd_args_free(&a);
}

static void
test_optional(void)
{
	const char *bare = "report --stacks p.json";
	const char *two = "report --stacks=2 p.json";
	const char *off = "report --stacks=off --arch x86_64 p.json";
	const char *none = "report p.json";
	struct cmd_args a;

	parse(&cmd_report_entry, bare, &a);
	tap_is_int((long long)cmd_value(&a, "stacks", 0), PROFILE_MAX_STACKS,
	    "--stacks alone: every stack");
	tap_is_int(a.argc, 1, "... and the profile stays an operand");
	cmd_args_free(&a);
	parse(&cmd_report_entry, two, &a);
	tap_is_int((long long)cmd_value(&a, "stacks", 0), 2, "--stacks=2");
	cmd_args_free(&a);
	parse(&cmd_report_entry, off, &a);
	tap_ok(cmd_has(&a, "stacks") && cmd_value(&a, "stacks", 9) == 0, "--stacks=off: 0");
	cmd_args_free(&a);
	parse(&cmd_report_entry, none, &a);
	tap_ok(!cmd_has(&a, "stacks") && cmd_value(&a, "stacks", 9) == 9,
	    "no --stacks: the default");
	cmd_args_free(&a);
}

static void
test_deprecated(void)
{
	const char *line = "run -f p.json -a kill-thread -- ls -l";
	const char *old = "report -s -a i386 -f json p.json";
	struct cmd_args a;

	parse(&cmd_run_entry, line, &a);
	tap_is_str(cmd_text(&a, "filter"), "p.json", "run -f: --filter");
	tap_is_int((long long)cmd_value(&a, "action", 0), SECCOMP_RET_KILL_THREAD,
	    "run -a: --action");
	tap_ok(a.argc == 2 && strcmp(a.argv[1], "-l") == 0, "the command's own options");
	cmd_args_free(&a);
	parse(&cmd_report_entry, old, &a);
	tap_is_int((long long)cmd_value(&a, "stacks", 0), PROFILE_MAX_STACKS,
	    "report -s: --stacks, every stack");
	tap_is_int((long long)cmd_value(&a, "arch", 0), 1 << ARCH_I386, "report -a: --arch");
	tap_is_int((long long)cmd_value(&a, "format", 0), 2, "report -f: --format");
	cmd_args_free(&a);
}

static void
test_command(void)
{
	const char *line = "record -q --exe a --exe b ls -q";
	struct cmd_args a;
	char *const *globs;
	size_t n;

	parse(&cmd_record_entry, line, &a);
	globs = cmd_texts(&a, "exe", &n);
	tap_ok(n == 2 && strcmp(globs[0], "a") == 0 && strcmp(globs[1], "b") == 0,
	    "--exe twice: both kept, in order");
	tap_ok(a.argc == 2 && strcmp(a.argv[0], "ls") == 0 && strcmp(a.argv[1], "-q") == 0,
	    "options end at the command: its -q is its own");
	tap_is_str(cmd_text(&a, "output"), NULL, "an option not given: NULL");
	cmd_args_free(&a);
}

int
main(void)
{
	test_letters();
	test_help();
	test_kinds();
	test_optional();
	test_deprecated();
	test_command();
	return tap_done();
}
