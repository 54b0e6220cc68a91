/* Unit tests of core/learnlog: records into a profile (calls, counts,
 * executables, stacks as recorded ones are), the lines that are no record,
 * a last record cut short, and the refusal of every malformed field with
 * its file and line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/learnlog.h"
#include "core/strpool.h"
#include "tests/unit/tap.h"

#define LIBC "/usr/lib/x86_64-linux-gnu/libc.so.6"
#define ID "93ac61ec5a8eb1396f9fbd350e3169a558528a40"
#define HEAD "sandcast-learn 1 x86_64 110 0x0,0x1,0x2,0x3,0x4,0x5 42 /tmp/my%20app "

/* Parse TEXT as the log "t.log" into P; the status, with *ERR. */
static int
parse(const char *text, struct profile *p, struct learnlog_stats *st, char **err)
{
	*err = NULL;
	return learnlog_parse("t.log", text, strlen(text), p, st, err);
}

static void
test_record(void)
{
	struct profile p;
	struct learnlog_stats st;
	struct profile_call *c;
	struct profile_stack **stacks;
	char *err;
	const char *log =
	    "hello from the program\n"
	    HEAD "02 " LIBC " " ID " /tmp/my%20app - 0:0xd54f7 1:0x2df2 0:0x3c050:exact "
	    "-:0x7f0000001234 truncated\n"
	    "more output, then a record on the same line: " HEAD "00 -:0x10\n"
	    HEAD "02 " LIBC " " ID " /tmp/my%20app - 0:0xd54f7 1:0x2df2 0:0x3c050:exact "
	    "-:0x7f0000001234 truncated\n";

	profile_init(&p);
	tap_is_int(parse(log, &p, &st, &err), 0, "a log of three records and a line of output");
	tap_is_int((long long)st.records, 3, "three records");
	tap_is_int((long long)st.others, 1, "one other line");
	tap_is_int((long long)st.cut, 0, "none cut short");
	c = profile_find(&p, ARCH_X86_64, 110);
	if (!tap_ok(c != NULL, "the call x86_64 110"))
		return;
	tap_is_int((long long)c->count, 3, "counted three times");
	tap_ok(c->exes != NULL && strcmp(c->exes->path, "/tmp/my app") == 0 &&
	    HASH_COUNT(c->exes) == 1, "its executable, %%20 undone");
	stacks = profile_call_sorted_stacks(c);
	tap_is_int(c->nstacks, 2, "two distinct stacks");
	tap_ok(stacks[0]->count == 2 && stacks[0]->nframes == 4 && stacks[0]->truncated,
	    "the first: twice, 4 frames, truncated");
	tap_ok(stacks[0]->frames[0].module == strpool_intern(LIBC) &&
	    stacks[0]->frames[0].build_id == strpool_intern(ID) &&
	    stacks[0]->frames[0].offset == 0xd54f7 && !stacks[0]->frames[0].exact,
	    "frame 0: libc, its build-id, 0xd54f7");
	tap_ok(stacks[0]->frames[1].module == strpool_intern("/tmp/my app") &&
	    stacks[0]->frames[1].build_id == NULL, "frame 1: a module with no build-id");
	tap_ok(stacks[0]->frames[2].exact && stacks[0]->frames[3].module == NULL &&
	    stacks[0]->frames[3].offset == 0x7f0000001234, "frame 2 exact, frame 3 no module");
	tap_ok(stacks[1]->count == 1 && stacks[1]->nframes == 1 && !stacks[1]->truncated,
	    "the second: once, one frame");
	free(stacks);
	profile_free(&p);
}

static void
test_cut(void)
{
	struct profile p;
	struct learnlog_stats st;
	char *err;

	profile_init(&p);
	tap_is_int(parse(HEAD "00 -:0x10\n" HEAD "02 /usr/lib/x86_64-linux-g", &p, &st, &err), 0,
	    "a last record cut short is no error");
	tap_ok(st.records == 1 && st.cut == 2 && profile_find(&p, ARCH_X86_64, 110)->count == 1,
	    "it is left out, and its line number told (%zu)", st.cut);
	tap_is_int(parse("no newline at the end", &p, &st, &err), 0, "a last line that is no record");
	tap_ok(st.others == 1 && st.cut == 0, "is another line, not a record cut short");
	profile_free(&p);
}

/* Malformed records, each refused with this message after "t.log:2: ". */
static const struct {
	const char *record, *message;
} bad[] = {
	{ "sandcast-learn 2 x86_64 1", "a record of version 2: this sandcast reads version 1: "
	  "upgrade sandcast" },
	{ "sandcast-learn 1 arm64 1", "'arm64' is not x86_64, i386 or x32" },
	{ "sandcast-learn 1 x32 1073741824", "the call's number: '1073741824' is not a decimal "
	  "number up to 0x3fffffff" },
	{ "sandcast-learn 1 i386 3 0x0,zz,0x2,0x3,0x4,0x5", "an argument: 'zz' is not a 0x hexadecimal number "
	  "up to 0xffffffffffffffff" },
	{ "sandcast-learn 1 i386 3 0x0,0x1 1", "the arguments: '0x0,0x1' is not six 0x "
	  "numbers and commas" },
	{ "sandcast-learn 1 i386 3 0x0,0x1,0x2,0x3,0x4,0x5 1", "the record ends before "
	  "the executable" },
	{ "sandcast-learn 1 i386 3 0x0,0x1,0x2,0x3,0x4,0x5 1 /a%2 00", "the executable: '/a%2' has a % not "
	  "followed by two hex digits" },
	{ HEAD "01 /lib/libc.so.6 93AC", "module 0: '93AC' is no path and build-id "
	  "(lower-case hex, or -)" },
	{ HEAD "01 /lib/libc.so.6 - 1:0x10", "a frame names module 1 of 1" },
	{ HEAD "00 -:10", "a frame's offset: '10' is not a 0x hexadecimal number up to "
	  "0xffffffffffffffff" },
	{ HEAD "00 -:0x10:inexact", "'-:0x10:inexact' is no frame (MODULE:0xOFFSET[:exact])" },
	{ HEAD "00 truncated -:0x10", "'-:0x10' after \"truncated\", which ends a record" },
};

static void
test_bad(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct profile p;
		struct learnlog_stats st;
		char *text, *err, *want;

		profile_init(&p);
		text = malloc(strlen(bad[i].record) + 32);
		strcpy(text, "output\n");
		strcat(strcat(text, bad[i].record), "\n");
		want = malloc(strlen(bad[i].message) + 16);
		strcat(strcpy(want, "t.log:2: "), bad[i].message);
		tap_is_int(parse(text, &p, &st, &err), -EINVAL, bad[i].message);
		tap_is_str(err, want, "  and says so");
		free(err);
		free(want);
		free(text);
		profile_free(&p);
	}
}

static void
test_load(void)
{
	struct profile p;
	struct learnlog_stats st;
	char *err = NULL;

	profile_init(&p);
	tap_is_int(learnlog_load("/nonexistent/t.log", &p, &st, &err), -ENOENT,
	    "a log that cannot be read");
	tap_is_str(err, "cannot read /nonexistent/t.log: No such file or directory",
	    "  says why");
	free(err);
	profile_free(&p);
}

/* The values of the arguments the argument table names are kept, with the
 * record's stack; the others are not. */
static void
test_args(void)
{
	struct profile p;
	struct learnlog_stats st;
	const struct profile_arg *a;
	const struct profile_call *c;
	char *err;
	const char *log =
	    "sandcast-learn 1 x86_64 16 0x3,0xffffffff00005412,0x7ffc0,0x0,0x0,0x0 42 - 00 -:0x10\n"
	    "sandcast-learn 1 x86_64 16 0x3,0x5401,0x7ffc0,0x0,0x0,0x0 42 - 00 -:0x10\n";

	profile_init(&p);
	tap_is_int(parse(log, &p, &st, &err), 0, "two ioctl records");
	c = profile_find(&p, ARCH_X86_64, 16);
	a = c != NULL ? profile_call_find_arg(c, 1) : NULL;
	tap_ok(c != NULL && c->nargs == 1 && a != NULL && a->nvalues == 2 &&
	    profile_arg_find(a, 0x5412) != NULL && profile_arg_find(a, 0x5401) != NULL,
	    "ioctl's cmd kept as record keeps it (the low 32 bits), not its fd or pointer");
	tap_ok(a != NULL && profile_arg_find(a, 0x5412)->nstacks == 1,
	    "with the record's stack");
	profile_free(&p);
}

int
main(void)
{
	test_record();
	test_args();
	test_cut();
	test_bad();
	test_load();
	return tap_done();
}
