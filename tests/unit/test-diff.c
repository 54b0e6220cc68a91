/* Unit tests of reporter/diff: added and gone calls per arch, known
 * fallbacks, baseline runs, and the exact text and markdown of a small diff. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/strpool.h"
#include "reporter/diff.h"
#include "tests/unit/tap.h"

static struct profile_call *
call(struct profile *p, enum arch arch, uint32_t nr, uint64_t count, const char *exe)
{
	struct profile_call *c = profile_get(p, arch, nr);

	c->count = count;
	profile_call_add_exe(c, strpool_intern(exe));
	return c;
}

/* OLD: read, clone; i386 fstatat64. NEW: read, clone3 (with a stack), rseq;
 * i386 statx. */
static void
build(struct profile *old, struct profile *new)
{
	struct profile_frame f[2] = {
		{ strpool_intern("/gone/libc.so.6"), NULL, 0x10, 0 },
		{ strpool_intern("/gone/libfoo.so.2"), NULL, 0x1234, 0 },
	};

	profile_init(old);
	profile_init(new);
	call(old, ARCH_X86_64, 0, 5, "/bin/app");
	call(old, ARCH_X86_64, 56, 2, "/bin/app");
	call(old, ARCH_I386, 300, 1, "/bin/app32");
	call(new, ARCH_X86_64, 0, 5, "/bin/app");
	profile_call_add_stack(call(new, ARCH_X86_64, 435, 2, "/bin/app"), f, 2,
	    false, 2, 8);
	call(new, ARCH_X86_64, 334, 1, "/bin/app");
	call(new, ARCH_I386, 383, 1, "/bin/app32");
}

static void
name_text(FILE *out, const char *name)
{
	fputs(name, out);
}

static char *
render(void (*fn)(FILE *, const struct diff *, struct symbolizer *), const struct diff *d)
{
	struct symbolizer *s = symbolize_new(":");
	char *text = NULL;
	size_t size;
	FILE *out = open_memstream(&text, &size);

	fn(out, d, s);
	fclose(out);
	symbolize_free(s);
	return text;
}

static void
test_compute(const struct profile *old, const struct profile *new)
{
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char *fb;

	diff_compute(old, new, &d);
	tap_is_int((long long)d.nadded, 3, "three calls added");
	tap_ok(d.nadded == 3 && d.added[0]->key.nr == 435 && d.added[1]->key.nr == 334 &&
	    d.added[2]->key.arch == ARCH_I386, "added by arch, then name");
	tap_is_int((long long)d.nremoved, 2, "two calls gone");
	tap_ok(d.removed_known, "gone calls known without a baseline run");
	fb = diff_fallback_text(&d, d.added[0]);
	tap_is_str(fb, "newer twin of clone (56), which is gone: glibc 2.34+ "
	    "(pthread_create; posix_spawn and system() on 2.36) tries clone3 and "
	    "uses clone on ENOSYS",
	    "clone3: twin of clone, which is gone");
	free(fb);
	fb = diff_fallback_text(&d, d.added[1]);
	tap_ok(fb != NULL && strncmp(fb, "known probe: glibc 2.35+ registers rseq", 39) == 0,
	    "rseq: a probe callers do without");
	free(fb);
	fb = diff_fallback_text(&d, d.added[2]);
	tap_ok(fb != NULL && strncmp(fb, "newer twin of fstatat64 (300), which is gone", 44) == 0,
	    "i386 statx: twin of fstatat64");
	free(fb);
	fb = diff_fallback_text(&d, profile_find(new, ARCH_X86_64, 0));
	tap_ok(fb == NULL, "read: nothing known");
	free(fb);
	diff_free(&d);
}

static void
test_baseline(const struct profile *old, struct profile *new)
{
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char a0[] = "app", *argv[] = { a0, NULL };
	char *fb;

	profile_add_run(new, argv, 0, "ptrace", "old.json");
	diff_compute(old, new, &d);
	tap_ok(!d.removed_known && d.nremoved == 0,
	    "a --baseline run: gone calls cannot be told");
	fb = diff_fallback_text(&d, d.added[0]);
	tap_ok(fb != NULL && strstr(fb, "which is gone") == NULL,
	    "a --baseline run: the twin is not said to be gone");
	free(fb);
	diff_free(&d);
}

/* A profile of one read on ARCH, from runs against BASE1 and BASE2 (NULL: a
 * full run; "": none). */
static void
runs_profile(struct profile *p, enum arch arch, const char *base1, const char *base2)
{
	char a0[] = "app", *argv[] = { a0, NULL };

	profile_init(p);
	call(p, arch, arch == ARCH_I386 ? 3 : 0, 1, "/bin/app");
	if (base1 == NULL || *base1 != '\0')
		profile_add_run(p, argv, 0, "ptrace", base1);
	if (base2 == NULL || *base2 != '\0')
		profile_add_run(p, argv, 0, "ptrace", base2);
}

/* Render D's notes as text. */
static char *
notes(const struct profile *old, const struct profile *new)
{
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char *text = NULL;
	size_t size;
	FILE *out = open_memstream(&text, &size);

	diff_compute(old, new, &d);
	diff_notes_print(out, &d, name_text, "", "\n");
	fclose(out);
	diff_free(&d);
	return text;
}

static void
test_partial(void)
{
	struct profile full, updated, base_a, base_a2, base_b;
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char *got;

	runs_profile(&full, ARCH_X86_64, NULL, "");
	runs_profile(&updated, ARCH_X86_64, NULL, "a.json");
	runs_profile(&base_a, ARCH_X86_64, "a.json", "");
	runs_profile(&base_a2, ARCH_X86_64, "a.json", "a.json");
	runs_profile(&base_b, ARCH_X86_64, "b.json", "");
	diff_compute(&full, &updated, &d);
	tap_ok(d.removed_known && d.new_baseline == NULL,
	    "a full run and a --baseline one (record --update): a whole profile");
	diff_free(&d);
	diff_compute(&base_a, &base_a2, &d);
	tap_ok(d.removed_known && !diff_old_partial(&d),
	    "both from --baseline runs against one baseline: gone calls known");
	diff_free(&d);
	diff_compute(&base_a, &base_b, &d);
	tap_ok(!d.removed_known && diff_old_partial(&d),
	    "against different baselines: gone unknown, OLD partial");
	diff_free(&d);
	got = notes(&base_a, &full);
	tap_is_str(got, "old.json comes from a --baseline run against a.json: it holds "
	    "only the calls that profile lacks, so the calls of new.json that the "
	    "baseline allows are listed as added too. Compare new.json with a.json "
	    "instead, or merge the baseline into old.json first.\n",
	    "OLD from a --baseline run: the note says what to compare instead");
	free(got);
	got = notes(&full, &base_a);
	tap_is_str(got, "new.json comes from a --baseline run, which records only calls "
	    "its baseline lacks: calls gone cannot be told.\n",
	    "NEW from a --baseline run: calls gone cannot be told");
	free(got);
	profile_free(&full);
	profile_free(&updated);
	profile_free(&base_a);
	profile_free(&base_a2);
	profile_free(&base_b);
}

static void
test_arches(void)
{
	struct profile x64, i386, both;
	char *got;

	runs_profile(&x64, ARCH_X86_64, NULL, "");
	runs_profile(&i386, ARCH_I386, NULL, "");
	profile_init(&both);
	profile_merge(&both, &x64);
	profile_merge(&both, &i386);
	got = notes(&x64, &both);
	tap_is_str(got, "old.json has no i386 call at all: a filter made from it kills "
	    "every i386 call.\n", "NEW adds a whole arch: said so");
	free(got);
	got = notes(&both, &x64);
	tap_is_str(got, "new.json makes no i386 call at all.\n", "NEW drops a whole arch: said so");
	free(got);
	got = notes(&x64, &x64);
	tap_is_str(got, "", "same arches: no note");
	free(got);
	profile_free(&x64);
	profile_free(&i386);
	profile_free(&both);
}

static void
test_text(const struct profile *old, const struct profile *new)
{
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char *got;

	diff_compute(old, new, &d);
	got = render(diff_text, &d);
	tap_is_str(got,
	    "x86_64: 2 calls added, 1 gone\n"
	    "  + clone3 (435): 2 calls by /bin/app\n"
	    "      newer twin of clone (56), which is gone: glibc 2.34+ "
	    "(pthread_create; posix_spawn and system() on 2.36) tries clone3 and "
	    "uses clone on ENOSYS\n"
	    "      first frame in your code: libfoo.so.2+0x1234 [module gone since recording]\n"
	    "      stack 1 of 1, 2 calls:\n"
	    "        #0  libc.so.6+0x10 [module gone since recording]\n"
	    "        #1  libfoo.so.2+0x1234 [module gone since recording]\n"
	    "  + rseq (334): 1 call by /bin/app\n"
	    "      known probe: glibc 2.35+ registers rseq at start and for each "
	    "thread, and runs without it on ENOSYS (as with "
	    "GLIBC_TUNABLES=glibc.pthread.rseq=0)\n"
	    "      no stack recorded\n"
	    "  - clone (56): 2 calls in OLD\n"
	    "\n"
	    "i386: 1 call added, 1 gone\n"
	    "  + statx (383): 1 call by /bin/app32\n"
	    "      newer twin of fstatat64 (300), which is gone: glibc 2.33+ on i386 "
	    "makes every stat() a statx (for 64-bit times) and uses fstatat64 on "
	    "ENOSYS; glibc's statx() emulates it with newfstatat on ENOSYS\n"
	    "      no stack recorded\n"
	    "  - fstatat64 (300): 1 call in OLD\n"
	    "\n"
	    "3 system calls added: new.json makes calls that old.json lacks.\n",
	    "text: added with fallbacks, first frames and stacks; then gone");
	free(got);
	diff_free(&d);
	diff_compute(old, old, &d);
	got = render(diff_text, &d);
	tap_is_str(got, "No system call added: new.json makes no call that old.json lacks.\n",
	    "text: nothing added");
	free(got);
	diff_free(&d);
}

/* Arches with calls added only, gone only, or both, in arch order. */
static void
test_text_arches(void)
{
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	struct profile old, new;
	char *got;

	profile_init(&old);
	profile_init(&new);
	call(&old, ARCH_X86_64, 0, 1, "/bin/a");
	call(&old, ARCH_X32, 0, 3, "/bin/x");
	call(&new, ARCH_I386, 3, 2, "/bin/b");
	call(&new, ARCH_X32, 1, 4, "/bin/x");
	diff_compute(&old, &new, &d);
	got = render(diff_text, &d);
	tap_is_str(got,
	    "x86_64: 0 calls added, 1 gone\n"
	    "  - read (0): 1 call in OLD\n"
	    "\n"
	    "i386: 1 call added, 0 gone\n"
	    "  + read (3): 2 calls by /bin/b\n"
	    "      no stack recorded\n"
	    "\n"
	    "x32: 1 call added, 1 gone\n"
	    "  + write (1): 4 calls by /bin/x\n"
	    "      no stack recorded\n"
	    "  - read (0): 3 calls in OLD\n"
	    "\n"
	    "new.json makes no x86_64 call at all.\n"
	    "old.json has no i386 call at all: a filter made from it kills every i386 call.\n"
	    "2 system calls added: new.json makes calls that old.json lacks.\n",
	    "text: an arch of calls gone only, one of added only, one of both");
	free(got);
	diff_free(&d);
	profile_free(&old);
	profile_free(&new);
}

static void
test_markdown(const struct profile *old, const struct profile *new)
{
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char *got;

	diff_compute(old, new, &d);
	d.nadded = 1; /* clone3 only, to keep the expected text short */
	got = render(diff_markdown, &d);
	tap_is_str(got,
	    "### sandcast diff: 1 system call added\n\n"
	    "`new.json` makes calls that `old.json` lacks: a filter made from it "
	    "would stop them.\n\n"
	    "| Arch | Call | Nr | Count | First frame in your code | Known fallback |\n"
	    "| --- | --- | ---: | ---: | --- | --- |\n"
	    "| x86_64 | `clone3` | 435 | 2 | `libfoo.so.2+0x1234` *(module gone since "
	    "recording)* | newer twin of clone (56), which is gone: glibc 2.34+ "
	    "(pthread_create; posix_spawn and system() on 2.36) tries clone3 and "
	    "uses clone on ENOSYS |\n"
	    "\n<details><summary>Stacks of the added calls</summary>\n"
	    "\nx86_64 clone3 (435):\n\n"
	    "```text\n"
	    "stack 1 of 1, 2 calls:\n"
	    "  #0  libc.so.6+0x10 [module gone since recording]\n"
	    "  #1  libfoo.so.2+0x1234 [module gone since recording]\n"
	    "```\n"
	    "\n</details>\n"
	    "\n**Gone** (in `old.json`, not in `new.json`): x86_64 `clone`, i386 `fstatat64`.\n",
	    "markdown: a table, stacks under <details>, the calls gone");
	free(got);
	diff_free(&d);
}

static void
test_json(const struct profile *old, const struct profile *new)
{
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char *text;
	json_t *doc, *clone3;

	diff_compute(old, new, &d);
	text = render(diff_json, &d);
	doc = json_loads(text, 0, NULL);
	clone3 = json_array_get(json_object_get(doc, "added"), 0);
	tap_is_str(json_string_value(json_object_get(doc, "format")), "sandcast-diff",
	    "json: format");
	tap_is_str(json_string_value(json_object_get(json_object_get(clone3, "fallback"),
	    "older")), "clone", "json: fallback's older twin");
	tap_is_int(json_integer_value(json_object_get(json_object_get(clone3, "fallback"),
	    "older_nr")), 56, "json: its number");
	tap_is_int((long long)json_array_size(json_object_get(clone3, "stacks")), 1,
	    "json: stacks of an added call");
	tap_is_int((long long)json_array_size(json_object_get(doc, "removed")), 2,
	    "json: calls gone");
	tap_ok(json_is_true(json_object_get(json_object_get(clone3, "fallback"),
	    "falls_back")), "json: clone3 falls back");
	tap_ok(json_is_null(json_object_get(doc, "old_baseline")) &&
	    json_is_null(json_object_get(doc, "new_baseline")),
	    "json: neither from a --baseline run");
	tap_is_str(json_string_value(json_array_get(json_object_get(doc, "new_arches"), 1)),
	    "i386", "json: the arches of NEW");
	json_decref(doc);
	free(text);
	diff_free(&d);
}

/* New values of arguments: those OLD constrains and lacks, by call then
 * value; an argument OLD does not record constrains nothing; one NEW has
 * opened is a change. */
static void
test_values(void)
{
	struct profile_frame f = { strpool_intern("/bin/app"), NULL, 0x42, 0 };
	struct profile old, new;
	struct profile_call *c;
	struct diff d = { .old_name = "old.json", .new_name = "new.json" };
	char *text;

	profile_init(&old);
	profile_init(&new);
	c = call(&old, ARCH_X86_64, 16, 1, "/bin/app");          /* ioctl */
	profile_arg_add(profile_call_arg(c, 1), 0x5401, 1);
	c = call(&old, ARCH_X86_64, 41, 1, "/bin/app");          /* socket */
	profile_arg_add(profile_call_arg(c, 0), 1, 1);
	call(&old, ARCH_X86_64, 9, 1, "/bin/app");               /* mmap, no args */
	c = call(&new, ARCH_X86_64, 16, 3, "/bin/app");
	profile_arg_add(profile_call_arg(c, 1), 0x5401, 1);
	profile_value_add_stack(profile_arg_add(profile_call_arg(c, 1), 0x5412, 2), &f, 1,
	    false, 2, 8);
	c = call(&new, ARCH_X86_64, 41, 1, "/bin/app");
	profile_arg_open(profile_call_arg(c, 0));
	c = call(&new, ARCH_X86_64, 9, 1, "/bin/app");
	profile_arg_add(profile_call_arg(c, 2), 7, 1);
	diff_compute(&old, &new, &d);
	tap_is_int((long long)d.nvalues, 2, "two changes: a new ioctl cmd, socket opened");
	tap_ok(d.nvalues == 2 && d.values[0].value != NULL &&
	    d.values[0].value->value == 0x5412 && d.values[1].value == NULL,
	    "ioctl 0x5412 new; socket's domain open; mmap's prot, unconstrained in OLD, "
	    "is no change");
	tap_ok(diff_changed(&d), "values alone make a change (exit status 1)");
	text = render(diff_text, &d);
	tap_ok(strstr(text, "x86_64: 0 calls added, 2 new argument values, 0 gone\n"
	    "  ~ ioctl cmd 0x5412 (TIOCSTI) is new: 2 calls\n") != NULL &&
	    strstr(text, "  ~ socket domain is open: more than 32 values, any allowed\n")
	    != NULL && strstr(text, "app+0x42") != NULL, "text: the value decoded, "
	    "with its stack");
	if (text != NULL && strstr(text, "TIOCSTI") == NULL)
		printf("# %s", text);
	free(text);
	text = render(diff_markdown, &d);
	tap_ok(strstr(text, "### sandcast diff: no system call added, 2 new argument "
	    "values\n") != NULL && strstr(text, "| x86_64 | `ioctl` | `cmd` | "
	    "`0x5412 (TIOCSTI)` | 2 | `app+0x42`") != NULL, "markdown: the head counts "
	    "them, a row each");
	free(text);
	diff_free(&d);
	profile_free(&old);
	profile_free(&new);
}

int
main(void)
{
	struct profile old, new;

	build(&old, &new);
	test_compute(&old, &new);
	test_text(&old, &new);
	test_text_arches();
	test_markdown(&old, &new);
	test_json(&old, &new);
	test_baseline(&old, &new);
	test_partial();
	test_arches();
	test_values();
	profile_free(&old);
	profile_free(&new);
	return tap_done();
}
