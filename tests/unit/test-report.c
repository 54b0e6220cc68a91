/* Unit tests of reporter/report-*: the exact text, markdown and folded output
 * of a small hand-written profile whose frames need no file (modules gone,
 * anonymous memory, the vDSO), and the shape of the JSON. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/profile-io.h"
#include "reporter/report.h"
#include "tests/unit/tap.h"

static const char small[] =
	"{\"format\": \"sandcast-profile\", \"version\": 1, \"stack_limit\": 2,\n"
	" \"syscalls\": [\n"
	"  {\"arch\": \"x86_64\", \"nr\": 0, \"count\": 12, \"exes\": [\"/bin/b\", \"/bin/a\"],\n"
	"   \"stacks\": [\n"
	"    {\"count\": 10, \"frames\": [\n"
	"      {\"module\": \"/nonexistent/libc.so.6\", \"build_id\": \"aa11\", \"offset\": \"0x10e1f2\"},\n"
	"      {\"offset\": \"0x7f0000001000\"},\n"
	"      {\"module\": \"/nonexistent/app\", \"build_id\": \"bb22\", \"offset\": \"0x1176\"}]},\n"
	"    {\"count\": 1, \"truncated\": true, \"frames\": [\n"
	"      {\"module\": \"[vdso]\", \"offset\": \"0x577\"},\n"
	"      {\"module\": \"/nonexistent/app\", \"build_id\": \"bb22\", \"offset\": \"0x1180\"}]}]},\n"
	"  {\"arch\": \"x86_64\", \"nr\": 3, \"count\": 4, \"exes\": [\"/bin/a\"]},\n"
	"  {\"arch\": \"i386\", \"nr\": 281, \"count\": 2, \"exes\": [\"/bin/c\"],\n"
	"   \"stacks\": [{\"count\": 2, \"frames\": [\n"
	"      {\"module\": \"/nonexistent/libc.so.6\", \"offset\": \"0x10\"}]}]},\n"
	"  {\"arch\": \"x32\", \"nr\": 0, \"count\": 1, \"exes\": []}\n"
	" ]}\n";

typedef void (*report_fn)(FILE *, const struct profile *,
	const struct report_options *, struct symbolizer *);

static char *
render(report_fn fn, const struct profile *p, arch_mask arches, bool stacks)
{
	struct report_options o = { .arches = arches, .stacks = stacks };
	struct symbolizer *s = symbolize_new(":");
	char *text = NULL;
	size_t size;
	FILE *out = open_memstream(&text, &size);

	fn(out, p, &o, s);
	fclose(out);
	symbolize_free(s);
	return text;
}

static void
expect(report_fn fn, const struct profile *p, arch_mask arches, bool stacks,
	const char *want, const char *name)
{
	char *got = render(fn, p, arches, stacks);

	tap_is_str(got, want, name);
	free(got);
}

static void
test_text(const struct profile *p)
{
	expect(report_text, p, ARCH_MASK_ALL, false,
	    "x86_64: 2 system calls, 16 calls in all\n"
	    "  NAME   NR  COUNT  EXECUTABLES\n"
	    "  close   3      4  /bin/a\n"
	    "  read    0     12  /bin/a, /bin/b\n"
	    "\n"
	    "i386: 1 system call, 2 calls in all\n"
	    "  NAME        NR  COUNT  EXECUTABLES\n"
	    "  mq_notify  281      2  /bin/c\n"
	    "\n"
	    "x32: 1 system call, 1 call in all\n"
	    "  NAME  NR  COUNT  EXECUTABLES\n"
	    "  read   0      1  -\n", "text: a table per arch, sorted by name");
	expect(report_text, p, 1u << ARCH_X86_64, true,
	    "x86_64: 2 system calls, 16 calls in all\n"
	    "  NAME   NR  COUNT  EXECUTABLES\n"
	    "  close   3      4  /bin/a\n"
	    "    no stack recorded\n"
	    "  read    0     12  /bin/a, /bin/b\n"
	    "    stack 1 of 2, 10 calls:\n"
	    "      #0  libc.so.6+0x10e1f2 [module gone since recording]\n"
	    "      #1  0x7f0000001000 [no module: anonymous memory]\n"
	    "      #2  app+0x1176 [module gone since recording]\n"
	    "    stack 2 of 2, 1 call:\n"
	    "      #0  [vdso]+0x577\n"
	    "      #1  app+0x1180 [module gone since recording]\n"
	    "      ... truncated: the unwinder stopped here\n"
	    "    1 more call, stacks not kept\n", "text --stacks --arch x86_64");
	expect(report_text, p, 1u << ARCH_X32, false,
	    "x32: 1 system call, 1 call in all\n"
	    "  NAME  NR  COUNT  EXECUTABLES\n"
	    "  read   0      1  -\n", "text --arch x32");
}

static void
test_markdown(const struct profile *p)
{
	expect(report_markdown, p, (1u << ARCH_X86_64) | (1u << ARCH_I386), false,
	    "### x86_64: 2 system calls, 16 calls in all\n\n"
	    "| Call | Nr | Count | Executables | First frame in your code |\n"
	    "| --- | ---: | ---: | --- | --- |\n"
	    "| `close` | 3 | 4 | `/bin/a` | *no stack recorded* |\n"
	    "| `read` | 0 | 12 | `/bin/a`<br>`/bin/b` | `0x7f0000001000` "
	    "*(no module: anonymous memory)* (10)<br>`app+0x1180` "
	    "*(module gone since recording)* (1) |\n"
	    "\n"
	    "### i386: 1 system call, 2 calls in all\n\n"
	    "| Call | Nr | Count | Executables | First frame in your code |\n"
	    "| --- | ---: | ---: | --- | --- |\n"
	    "| `mq_notify` | 281 | 2 | `/bin/c` | *C runtime only* |\n",
	    "markdown: first frames in your code, most calls first");
	expect(report_markdown, p, 1u << ARCH_I386, true,
	    "### i386: 1 system call, 2 calls in all\n\n"
	    "| Call | Nr | Count | Executables | First frame in your code |\n"
	    "| --- | ---: | ---: | --- | --- |\n"
	    "| `mq_notify` | 281 | 2 | `/bin/c` | *C runtime only* |\n"
	    "\n<details><summary>Stacks</summary>\n"
	    "\ni386 mq_notify (281):\n\n"
	    "```text\n"
	    "stack 1 of 1, 2 calls:\n"
	    "  #0  libc.so.6+0x10 [module gone since recording]\n"
	    "```\n"
	    "\n</details>\n", "markdown --stacks: stacks under <details>");
	expect(report_markdown, p, 0, false, "No system calls recorded.\n",
	    "markdown: nothing to show");
}

static void
test_folded(const struct profile *p)
{
	expect(report_folded, p, ARCH_MASK_ALL, false,
	    "x86_64;/bin/a;close 4\n"
	    "x86_64;[several];app+0x1176;0x7f0000001000;libc.so.6+0x10e1f2;read 10\n"
	    "x86_64;[several];[truncated];app+0x1180;[vdso]+0x577;read 1\n"
	    "x86_64;[several];read 1\n"
	    "i386;/bin/c;libc.so.6+0x10;mq_notify 2\n"
	    "x32;[unknown];read 1\n",
	    "folded: outermost first, every call counted once");
}

static void
test_json(const struct profile *p)
{
	char *text = render(report_json, p, 1u << ARCH_X86_64, true);
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err), *read, *frames;

	tap_ok(doc != NULL, "json: valid JSON");
	tap_is_str(json_string_value(json_object_get(doc, "format")), "sandcast-report",
	    "json: format");
	tap_is_int((long long)json_array_size(json_object_get(doc, "syscalls")), 2,
	    "json: --arch keeps x86_64's two calls");
	read = json_array_get(json_object_get(doc, "syscalls"), 1);
	tap_is_str(json_string_value(json_object_get(read, "name")), "read",
	    "json: sorted by name");
	tap_is_int(json_integer_value(json_object_get(read, "unattributed")), 1,
	    "json: calls without a kept stack");
	frames = json_object_get(json_array_get(json_object_get(read, "stacks"), 0), "frames");
	tap_is_str(json_string_value(json_object_get(json_array_get(frames, 0),
	    "module_status")), "gone", "json: module status of a frame");
	tap_is_str(json_string_value(json_object_get(json_array_get(frames, 0),
	    "offset")), "0x10e1f2", "json: the recorded offset kept");
	tap_is_str(json_string_value(json_object_get(json_object_get(json_array_get(
	    json_object_get(read, "first_frames"), 0), "frame"), "module_status")),
	    "no-module", "json: first frame in your code");
	json_decref(doc);
	free(text);
	text = render(report_json, p, ARCH_MASK_ALL, false);
	tap_ok(strstr(text, "\"stacks\"") == NULL, "json: stacks only with --stacks");
	free(text);
}

/* Arguments' values, decoded: names, hex where none is known, open; with
 * --stacks, each value with its stacks; in markdown under the name; in JSON. */
static void
test_args(void)
{
	struct profile_frame f = { NULL, NULL, 0x7f0000001000, 0 };
	struct profile p;
	struct profile_call *c;
	char *text;

	profile_init(&p);
	c = profile_get(&p, ARCH_X86_64, 16);
	c->count = 3;
	profile_arg_add(profile_call_arg(c, 1), 0x5401, 2);
	profile_value_add_stack(profile_arg_add(profile_call_arg(c, 1), 0x1234, 1), &f, 1,
	    false, 1, 8);
	c = profile_get(&p, ARCH_X86_64, 9);
	c->count = 1;
	profile_arg_add(profile_call_arg(c, 2), 3, 1);
	c = profile_get(&p, ARCH_X86_64, 41);
	c->count = 40;
	profile_arg_open(profile_call_arg(c, 0));
	expect(report_text, &p, ARCH_MASK_ALL, false,
	    "x86_64: 3 system calls, 44 calls in all\n"
	    "  NAME    NR  COUNT  EXECUTABLES\n"
	    "  ioctl   16      3  -\n"
	    "    cmd: 0x1234 (1), TCGETS (2)\n"
	    "  mmap     9      1  -\n"
	    "    prot: PROT_READ|PROT_WRITE (1)\n"
	    "  socket  41     40  -\n"
	    "    domain: any (more than 32 values)\n", "text: values decoded, by value");
	text = render(report_text, &p, 1u << ARCH_X86_64, true);
	tap_ok(strstr(text, "    cmd:\n      0x1234: 1 call\n"
	    "        stack 1 of 1, 1 call:\n          #0  0x7f0000001000") != NULL,
	    "text --stacks: each value with its stacks");
	free(text);
	text = render(report_markdown, &p, ARCH_MASK_ALL, false);
	tap_ok(strstr(text, "| `ioctl`<br>cmd: `0x1234`, `TCGETS` |") != NULL &&
	    strstr(text, "`socket`<br>domain: *any*") != NULL, "markdown: under the name");
	free(text);
	text = render(report_json, &p, ARCH_MASK_ALL, false);
	tap_ok(strstr(text, "\"value\": \"0x5401\",\n              \"name\": \"TCGETS\"")
	    != NULL, "json: value and name");
	free(text);
	profile_free(&p);
}

int
main(void)
{
	char *path = tap_tmp_path("small.json"), *err = NULL;
	FILE *f = fopen(path, "w");
	struct profile p;

	fputs(small, f);
	fclose(f);
	profile_init(&p);
	if (!tap_ok(profile_io_load(path, &p, &err) == 0, "the profile loads"))
		printf("# %s\n", err);
	test_text(&p);
	test_markdown(&p);
	test_folded(&p);
	test_json(&p);
	test_args();
	profile_free(&p);
	unlink(path);
	free(path);
	return tap_done();
}
