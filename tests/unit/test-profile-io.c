/* Unit tests of core/profile-io and profile-json: round trips, deterministic
 * bytes, precise errors for bad files, and concurrent appends. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/profile-io.h"
#include "core/strpool.h"
#include "core/xmalloc.h"
#include "tests/unit/tap.h"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = xcalloc(1, 1 << 20);

	if (f != NULL) {
		size_t n = fread(buf, 1, (1 << 20) - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

static void
spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void
sample(struct profile *p)
{
	struct profile_frame fr[2] = {
		{ strpool_intern("/lib/libc.so.6"), strpool_intern("abcd"), 0x10e1f2, 0 },
		{ NULL, NULL, 0x7fff0000, 0 },
	};
	struct profile_frame sig[3] = {
		{ strpool_intern("/lib32/libc.so.6"), NULL, 0x3c059, 0 },
		{ strpool_intern("/lib/libc.so.6"), strpool_intern("abcd"), 0x3c050, 1 },
		{ strpool_intern("/lib/libc.so.6"), strpool_intern("ef01"), 0x1169, 1 },
	};
	char a0[] = "make", a1[] = "check", *argv[] = { a0, a1, NULL };
	struct profile_call *c;

	profile_init(p);
	p->stack_limit = 8;
	c = profile_get(p, ARCH_X86_64, 0);
	c->count = 1234;
	profile_call_add_exe(c, strpool_intern("/usr/bin/cat"));
	profile_call_add_stack(c, fr, 2, true, 1200, 8);
	profile_call_add_stack(c, sig, 3, false, 1, 8);
	c = profile_get(p, ARCH_X32, 527);
	c->count = 1;
	c = profile_get(p, ARCH_I386, 281);
	c->count = 2;
	profile_add_run(p, argv, 0, "ptrace", NULL);
}

static void
test_round_trip(void)
{
	char *one = tap_tmp_path("one.json"), *two = tap_tmp_path("two.json");
	struct profile p, q;
	char *err = NULL, *t1, *t2;
	struct profile_call *c;

	sample(&p);
	tap_is_int(profile_io_save(one, &p, &err), 0, "save");
	profile_init(&q);
	tap_is_int(profile_io_load(one, &q, &err), 0, "load");
	c = profile_find(&q, ARCH_X86_64, 0);
	tap_ok(c != NULL && c->count == 1234 && c->nstacks == 2, "call read back");
	tap_ok(c != NULL && profile_call_find_stack(c, (struct profile_frame[]){
		{ strpool_intern("/lib32/libc.so.6"), NULL, 0x3c059, 0 },
		{ strpool_intern("/lib/libc.so.6"), strpool_intern("abcd"), 0x3c050, 1 },
		{ strpool_intern("/lib/libc.so.6"), strpool_intern("ef01"), 0x1169, 1 },
	    }, 3) != NULL, "exact frames and modules of one file name read back");
	tap_ok(profile_find(&q, ARCH_X32, 527) != NULL, "x32 call read back");
	tap_is_int(q.stack_limit, 8, "stack limit read back");
	profile_io_save(two, &q, &err);
	t1 = slurp(one);
	t2 = slurp(two);
	tap_is_str(t2, t1, "same profile, same bytes");
	tap_ok(strstr(t1, "\"libc.so.6+0x10e1f2\"") != NULL &&
	    strstr(t1, "\"0x7fff0000\"") != NULL, "frames as text, offsets in hex");
	tap_ok(strstr(t1, "\"libc.so.6#3+0x3c059\"") != NULL &&
	    strstr(t1, "\"libc.so.6+0x3c050 exact\"") != NULL &&
	    strstr(t1, "\"libc.so.6#2+0x1169 exact\"") != NULL,
	    "one name per (path, build-id), numbered in order; exact frames marked");
	tap_ok(strstr(t1, "\"name\": \"mq_notify\"") != NULL, "names written");
	tap_ok(strstr(t1, "\"truncated\": true") != NULL, "truncated flag written");
	unlink(one);
	unlink(two);
	free(t1);
	free(t2);
	free(one);
	free(two);
	profile_free(&p);
	profile_free(&q);
}

/* profile_io_load_calls(): the calls, counts and runs of a saved profile,
 * without its executables and stacks. */
static void
test_load_calls(void)
{
	char *path = tap_tmp_path("calls.json"), *err = NULL;
	struct profile p, q;
	struct profile_call *c;
	size_t np, nq;

	sample(&p);
	profile_io_save(path, &p, &err);
	profile_init(&q);
	tap_is_int(profile_io_load_calls(path, &q, &err), 0, "calls only: loads");
	c = profile_find(&q, ARCH_X86_64, 0);
	tap_ok(c != NULL && c->count == 1234 && c->nstacks == 0 && c->exes == NULL,
	    "calls only: the count, no stack, no executable");
	free(profile_sorted_calls(&p, &np));
	free(profile_sorted_calls(&q, &nq));
	tap_ok(np == nq && profile_find(&q, ARCH_X32, 527) != NULL &&
	    profile_find(&q, ARCH_I386, 281) != NULL, "calls only: every call of every arch");
	tap_ok(q.nruns == p.nruns, "calls only: the runs");
	unlink(path);
	free(path);
	profile_free(&p);
	profile_free(&q);
}

/* Arguments' values: written by value with their names and stacks, read
 * back the same, an open argument without values; calls only reads the
 * values without their stacks. */
static void
test_args(void)
{
	struct profile_frame fr = { strpool_intern("/lib/libc.so.6"), NULL, 0x10, 0 };
	char *path = tap_tmp_path("args.json"), *err = NULL, *t1, *t2;
	struct profile p, q, r;
	struct profile_call *c;
	struct profile_value *v;
	const struct profile_arg *a;

	profile_init(&p);
	p.stack_limit = 2;
	c = profile_get(&p, ARCH_X86_64, 16); /* ioctl */
	c->count = 3;
	profile_arg_add(profile_call_arg(c, 1), 0x5413, 1);
	v = profile_arg_add(profile_call_arg(c, 1), 0x5401, 2);
	profile_value_add_stack(v, &fr, 1, false, 2, 2);
	profile_arg_open(profile_call_arg(c, 2));
	c = profile_get(&p, ARCH_X86_64, 9); /* mmap */
	c->count = 1;
	profile_arg_add(profile_call_arg(c, 2), 0xffffffff00000003ULL, 1);
	profile_io_save(path, &p, &err);
	t1 = slurp(path);
	tap_ok(strstr(t1, "\"value\": \"0x5401\",\n              \"name\": \"TCGETS\",\n"
	    "              \"count\": 2,\n              \"stacks\": [") != NULL &&
	    strstr(t1, "\"libc.so.6+0x10\"") != NULL,
	    "a value: hex, its name, its count and its stacks");
	tap_ok(strstr(t1, "\"0x5401\"") < strstr(t1, "\"0x5413\""), "values by value");
	tap_ok(strstr(t1, "\"index\": 2,\n          \"open\": true,\n          \"values\": []")
	    != NULL,
	    "an open argument keeps no values");
	tap_ok(strstr(t1, "\"value\": \"0xffffffff00000003\"") != NULL,
	    "64-bit values whole");
	profile_init(&q);
	tap_is_int(profile_io_load(path, &q, &err), 0, "arguments load");
	c = profile_find(&q, ARCH_X86_64, 16);
	a = c != NULL ? profile_call_find_arg(c, 1) : NULL;
	tap_ok(a != NULL && a->nvalues == 2 && !a->open, "values read back");
	a = c != NULL ? profile_call_find_arg(c, 2) : NULL;
	tap_ok(a != NULL && a->open && a->nvalues == 0, "open read back");
	profile_io_save(path, &q, &err);
	t2 = slurp(path);
	tap_is_str(t2, t1, "arguments: same profile, same bytes");
	profile_init(&r);
	profile_io_load_calls(path, &r, &err);
	c = profile_find(&r, ARCH_X86_64, 16);
	a = c != NULL ? profile_call_find_arg(c, 1) : NULL;
	tap_ok(a != NULL && a->nvalues == 2 && a->values->nstacks == 0,
	    "calls only: the values, not their stacks");
	unlink(path);
	free(path);
	free(t1);
	free(t2);
	profile_free(&p);
	profile_free(&q);
	profile_free(&r);
}

/* Load TEXT from a file; return the error message (or NULL when it loaded). */
static char *
load_error(const char *text)
{
	char *path = tap_tmp_path("bad.json"), *err = NULL, *msg;
	struct profile p;

	spit(path, text);
	profile_init(&p);
	if (profile_io_load(path, &p, &err) == 0)
		err = NULL;
	profile_free(&p);
	msg = err ? xstrdup(strstr(err, "bad.json") ? strstr(err, "bad.json") : err) : NULL;
	unlink(path);
	free(path);
	free(err);
	return msg;
}

static void
expect_error(const char *text, const char *want, const char *name)
{
	char *err = load_error(text);

	if (!tap_ok(err != NULL && strstr(err, want) != NULL, "%s", name))
		printf("#   got:  %s\n#   want: ...%s...\n", err ? err : "(loaded)", want);
	free(err);
}

static void
test_bad_files(void)
{
	expect_error("{\n  \"format\": \"sandcast-profile\",\n  \"version\": 1,\n  \"syscalls\": [\n",
	    "bad.json:5:0: not valid JSON", "truncated file: line and column");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 1,,}",
	    "bad.json:1:", "corrupt file: line and column");
	expect_error("{\"name\": \"left-pad\", \"version\": \"1.3.0\"}",
	    "bad.json:1:1: top level: not a sandcast profile", "foreign JSON refused, at 1:1");
	expect_error("\n  {\"format\": \"other\"}",
	    "bad.json:2:14: top level: not a sandcast profile", "another format: at its value");
	expect_error("[1, 2]", "bad.json:1:1: top level: not a sandcast profile",
	    "a JSON array refused");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 7}",
	    "bad.json:1:43: top level: profile version 7 is not one this sandcast reads",
	    "newer version refused, at its value");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": \"0\", \"count\": 1}]}",
	    "bad.json:1:84: syscalls[0]: \"nr\" should be an integer, found a string",
	    "wrong type: line, column, path and expectation");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0}]}",
	    "bad.json:1:59: syscalls[0]: \"count\" should be an integer, found nothing",
	    "a missing member: at its object");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": "
	    "[{\"arch\": \"arm\", \"nr\": 0, \"count\": 1}]}",
	    "\"arch\" should be x86_64, i386 or x32", "unknown arch refused");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0, \"name\": \"write\", \"count\": 1}]}",
	    "does not match x86_64 call 0, which is read", "name mismatch refused");
}

/* Bad frames, runs and modules: at the value, with its path. */
static void
test_bad_members(void)
{
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 3, \"runs\": [{\"argv\": "
	    "[], \"exit\": 0, \"backend\": \"ptrace\", \"own_filters\": [{\"actions\": "
	    "[\"errno:1\", \"\"], \"hidden\": false}]}]}",
	    "runs[0].own_filters[0]: an action should be a name like \"errno:77\" (no ','), "
	    "found another string", "an empty action: refused (it would not come back)");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": [\n"
	    "  {\"arch\": \"x86_64\", \"nr\": 1, \"count\": 1},\n"
	    "  {\"arch\": \"x86_64\", \"nr\": 0, \"count\": 1, \"stacks\": [{\"count\": 1,\n"
	    "    \"frames\": [{\"offset\": \"0x1\"}, {\"offset\": \"12\"}]}]}]}",
	    "bad.json:4:46: syscalls[1].stacks[0].frames[1]: \"offset\" should be a hex number",
	    "bad offset: line, column and full path");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 1, \"runs\": [{\"argv\": "
	    "[\"a\", {\"x\": \"\xc3\xa9\"}], \"exit\": 0, \"backend\": \"ptrace\"}]}",
	    "bad.json:1:70: runs[0]: \"argv\" should hold strings (or "
	    "{\"bytes\": \"...\"} percent-encoded), found an object",
	    "a bad element of an array of strings: its column");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 2, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0, \"count\": 1, \"stacks\": [{\"count\": 1, "
	    "\"frames\": [\"libc.so.6+0x10\"]}]}]}",
	    "bad.json:1:134: syscalls[0].stacks[0].frames[0]: no module named \"libc.so.6\" in \"modules\"",
	    "frame naming no module of the table");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 2, \"modules\": "
	    "[{\"name\": \"a\", \"path\": \"/a\"}], \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0, \"count\": 1, \"stacks\": [{\"count\": 1, "
	    "\"frames\": [\"a+12\"]}]}]}",
	    "frames[0]: the offset should be a hex number like \"0x1f2\", found \"12\"",
	    "frame text with a bad offset");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 2, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0, \"count\": 1, \"stacks\": [{\"count\": 1, "
	    "\"frames\": [12]}]}]}",
	    "frames[0]: a frame should be a string like \"libc.so.6+0x1f2\", found an integer",
	    "frame of the wrong type");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 2, \"modules\": "
	    "[{\"name\": \"a\", \"path\": \"/a\"}, {\"name\": \"a\", \"path\": \"/b\"}]}",
	    "bad.json:1:96: modules[1]: module name \"a\" is given twice",
	    "module name used twice: at the name");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 2, \"modules\": "
	    "[{\"name\": \"a\"}]}",
	    "modules[0]: \"path\" should be a string, or {\"bytes\": \"...\"} "
	    "percent-encoded, found nothing", "module without a path");
}

/* Bad arguments: at the value, with its path. */
static void
test_bad_args(void)
{
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 3, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 16, \"count\": 1, \"args\": [{\"index\": 6}]}]}",
	    "syscalls[0].args[0]: \"index\" should be from 0 to 5, found 6",
	    "argument index out of range");
	expect_error("{\"format\": \"sandcast-profile\", \"version\": 3, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 16, \"count\": 1, \"args\": [{\"index\": 1, "
	    "\"values\": [{\"value\": \"21505\", \"count\": 1}]}]}]}",
	    "syscalls[0].args[0].values[0]: \"value\" should be a hex number like "
	    "\"0x5401\", found \"21505\"", "a value not in hex");
}

/* A version 1 file (frames as objects) reads as the same frames. */
static void
test_version_1(void)
{
	char *path = tap_tmp_path("v1.json"), *err = NULL;
	struct profile_frame want[2] = {
		{ strpool_intern("/lib/libc.so.6"), strpool_intern("abcd"), 0x10e1f2, 0 },
		{ NULL, NULL, 0x7fff0000, 0 },
	};
	struct profile p;

	spit(path, "{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0, \"count\": 1, \"stacks\": [{\"count\": 1, "
	    "\"frames\": [{\"module\": \"/lib/libc.so.6\", \"build_id\": \"abcd\", "
	    "\"offset\": \"0x10e1f2\"}, {\"offset\": \"0x7fff0000\"}]}]}]}");
	profile_init(&p);
	tap_is_int(profile_io_load(path, &p, &err), 0, "version 1 profile loads");
	tap_ok(profile_find(&p, ARCH_X86_64, 0) != NULL &&
	    profile_call_find_stack(profile_find(&p, ARCH_X86_64, 0), want, 2) != NULL,
	    "its frame objects read as the same frames");
	profile_free(&p);
	unlink(path);
	free(path);
}

/* Text of any bytes comes back as it went: paths, executables, argv and
 * the baseline that are not UTF-8 are written as {"bytes"} objects, and
 * module names stay strings; UTF-8 text is written as it is. */
static void
test_any_bytes(void)
{
	char *path = tap_tmp_path("bytes.json"), *err = NULL, *t1, *t2;
	char a0[] = "./d\xff/true", a1[] = "arg\xfe%", a2[] = "caf\xc3\xa9 100%";
	char *argv[] = { a0, a1, a2, NULL };
	struct profile_frame f = { strpool_intern("/d\xff/true"), NULL, 0x10, 0 };
	struct profile p, q;
	struct profile_call *c;

	profile_init(&p);
	p.stack_limit = 1;
	c = profile_get(&p, ARCH_X86_64, 0);
	c->count = 1;
	profile_call_add_exe(c, strpool_intern("/d\xff/true"));
	profile_call_add_stack(c, &f, 1, false, 1, 1);
	profile_run_set_launch(profile_add_run(&p, argv, 0, "ptrace", "/b\x80.json"),
	    "execve");
	tap_is_int(profile_io_save(path, &p, &err), 0, "a profile of bytes that are "
	    "not UTF-8 is saved");
	profile_init(&q);
	tap_is_int(profile_io_load(path, &q, &err), 0, "and loads");
	c = profile_find(&q, ARCH_X86_64, 0);
	tap_ok(c != NULL && c->exes != NULL &&
	    strcmp(c->exes->path, "/d\xff/true") == 0, "its executable comes back");
	tap_ok(c != NULL && profile_call_find_stack(c, &f, 1) != NULL,
	    "its module path comes back");
	tap_ok(q.nruns == 1 && strcmp(q.runs[0].argv[0], a0) == 0 &&
	    strcmp(q.runs[0].argv[1], a1) == 0 && strcmp(q.runs[0].argv[2], a2) == 0 &&
	    strcmp(q.runs[0].baseline, "/b\x80.json") == 0, "argv and baseline come back");
	tap_ok(q.nruns == 1 && q.runs[0].launch != NULL &&
	    strcmp(q.runs[0].launch, "execve") == 0, "so does the run's launch");
	t1 = slurp(path);
	tap_ok(strstr(t1, "{\n          \"bytes\": \"arg%FE%25\"\n        }") != NULL,
	    "bytes not UTF-8 and '%%' percent-encoded in a {\"bytes\"} object");
	tap_ok(strstr(t1, "\"caf\xc3\xa9 100%\"") != NULL, "UTF-8 text as it is");
	tap_ok(strstr(t1, "\"true+0x10\"") != NULL &&
	    strstr(t1, "\"name\": \"true\"") != NULL, "the module named by its file name");
	profile_io_save(path, &q, &err);
	t2 = slurp(path);
	tap_is_str(t2, t1, "read and written again: the same bytes");
	unlink(path);
	free(t1);
	free(t2);
	free(path);
	profile_free(&p);
	profile_free(&q);
}

/* A frame object with a build-id and no module keeps its build-id. */
static void
test_build_id_without_module(void)
{
	char *path = tap_tmp_path("bid.json"), *err = NULL, *text;
	struct profile_frame want = { NULL, strpool_intern("abcd"), 0x1234, 1 };
	struct profile p;

	spit(path, "{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0, \"count\": 1, \"stacks\": [{\"count\": 1, "
	    "\"frames\": [{\"build_id\": \"abcd\", \"offset\": \"0x1234\", "
	    "\"exact\": true}]}]}]}");
	profile_init(&p);
	tap_is_int(profile_io_load(path, &p, &err), 0, "a frame with a build-id, no module");
	tap_is_int(profile_io_save(path, &p, &err), 0, "is saved");
	profile_free(&p);
	profile_init(&p);
	tap_is_int(profile_io_load(path, &p, &err), 0, "and loaded again");
	tap_ok(profile_find(&p, ARCH_X86_64, 0) != NULL &&
	    profile_call_find_stack(profile_find(&p, ARCH_X86_64, 0), &want, 1) != NULL,
	    "with its build-id, offset and exact mark");
	text = slurp(path);
	tap_ok(strstr(text, "\"build_id\": \"abcd\"") != NULL, "written as an object");
	free(text);
	profile_free(&p);
	unlink(path);
	free(path);
}

static void
test_limit_from_stacks(void)
{
	char *path = tap_tmp_path("nolimit.json"), *err = NULL;
	struct profile p;

	spit(path, "{\"format\": \"sandcast-profile\", \"version\": 1, \"syscalls\": "
	    "[{\"arch\": \"x86_64\", \"nr\": 0, \"count\": 3, \"stacks\": ["
	    "{\"count\": 1, \"frames\": [{\"offset\": \"0x1\"}]},"
	    "{\"count\": 2, \"frames\": [{\"offset\": \"0x2\"}]}]}]}");
	profile_init(&p);
	tap_is_int(profile_io_load(path, &p, &err), 0, "profile without stack_limit loads");
	tap_is_int(p.stack_limit, 2, "its limit is the most stacks a call has");
	profile_cap_stacks(&p, p.stack_limit);
	tap_is_int(profile_find(&p, ARCH_X86_64, 0)->nstacks, 2, "no stack dropped");
	profile_free(&p);
	unlink(path);
	free(path);
}

static void
test_missing_file(void)
{
	struct profile p;
	char *err = NULL;

	profile_init(&p);
	tap_is_int(profile_io_load("/nonexistent/x.json", &p, &err), -ENOENT,
	    "missing file is ENOENT");
	tap_ok(err && strstr(err, "/nonexistent/x.json: cannot open profile"),
	    "missing file message names it");
	free(err);
}

static void
append_child(const char *path, unsigned nr)
{
	struct profile p;
	char *err;
	char a0[] = "child", *argv[] = { a0, NULL };

	profile_init(&p);
	profile_get(&p, ARCH_X86_64, nr)->count = 1;
	profile_get(&p, ARCH_X86_64, 0)->count = 1;
	profile_add_run(&p, argv, (int)nr, "ptrace", NULL);
	_exit(profile_io_append(path, &p, &err) == 0 ? 0 : 1);
}

static void
test_concurrent_append(void)
{
	enum { N = 16 };
	char *path = tap_tmp_path("append.json"), *err;
	struct profile p;
	int ok = 1, status;

	unlink(path);
	for (unsigned i = 0; i < N; i++)
		if (fork() == 0)
			append_child(path, 100 + i);
	while (wait(&status) > 0)
		ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	tap_ok(ok, "every concurrent append succeeded");
	profile_init(&p);
	tap_is_int(profile_io_load(path, &p, &err), 0, "appended profile loads");
	tap_is_int((long long)profile_find(&p, ARCH_X86_64, 0)->count, N,
	    "shared call counted by every child");
	tap_is_int(HASH_COUNT(p.calls), N + 1, "every child's own call present");
	tap_is_int((long long)p.nruns, N, "every run present");
	profile_free(&p);
	unlink(path);
	free(path);
}

int
main(void)
{
	test_round_trip();
	test_load_calls();
	test_args();
	test_bad_args();
	test_bad_files();
	test_bad_members();
	test_version_1();
	test_any_bytes();
	test_build_id_without_module();
	test_limit_from_stacks();
	test_missing_file();
	test_concurrent_append();
	return tap_done();
}
