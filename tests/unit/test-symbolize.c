/* Unit tests of reporter/symbolize against the callchain fixture, built -g
 * for x86-64 and i386, as PIE and as ET_EXEC. The expected names, lines and
 * offsets come from the fixture itself (callchain --sites: __LINE__,
 * dl_iterate_phdr and /proc/self/maps), never from libdw. Then a stripped
 * copy, separate debuginfo found by build-id, a deleted module, a changed
 * one, frames with no module or a pseudo one, and exact frames. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strpool.h"
#include "core/xmalloc.h"
#include "reporter/symbolize.h"
#include "tests/unit/tap.h"

/* One line of callchain --sites. */
struct site {
	char function[64];
	int line;
	unsigned long long function_offset;
	char module[4096];
	char build_id[64];
	unsigned long long offset;
};

enum { MAX_SITES = 8 };

static char *
fixture(const char *name)
{
	const char *b = getenv("B");

	return xasprintf("%s/tests/progs/%s", b != NULL ? b : "build", name);
}

static int
read_sites(const char *path, struct site *sites)
{
	char *cmd = xasprintf("'%s' --sites", path);
	FILE *p = popen(cmd, "r");
	int n = 0;

	while (p != NULL && n < MAX_SITES &&
	    fscanf(p, "%63s %d %llx %4095s %63s %llx", sites[n].function,
	    &sites[n].line, &sites[n].function_offset, sites[n].module,
	    sites[n].build_id, &sites[n].offset) == 6)
		n++;
	if (p == NULL || pclose(p) != 0)
		n = -1;
	free(cmd);
	return n;
}

static struct profile_frame
site_frame(const struct site *site)
{
	struct profile_frame f = {
		strpool_intern(site->module), strpool_intern(site->build_id), site->offset, 0
	};
	return f;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = s != NULL ? strlen(s) : 0, m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

static void
check_site(struct symbolizer *s, const struct site *site, const char *label)
{
	struct profile_frame f = site_frame(site);
	struct symbolize_frame sf;
	char name[128];

	symbolize_frame(s, &f, &sf);
	snprintf(name, sizeof name, "%s: %s", label, site->function);
	tap_is_int(sf.status, SYMBOLIZE_OK, name);
	tap_is_str(sf.function, site->function, name);
	tap_is_int((long long)sf.function_offset, (long long)site->function_offset, name);
	if (site->line > 0) {
		if (!tap_ok(ends_with(sf.file, "/tests/progs/callchain.c"), "%s: file", name))
			printf("#   got: %s\n", sf.file ? sf.file : "(null)");
		tap_is_int(sf.line, site->line, name);
	}
}

/* Names, offsets and lines of every site of one fixture build. */
static void
test_fixture(struct symbolizer *s, const char *name, struct site *sites, int *n)
{
	char *path = fixture(name);

	*n = read_sites(path, sites);
	if (!tap_ok(*n == 6, "%s --sites printed 6 sites", name)) {
		free(path);
		return;
	}
	for (int i = 0; i < *n; i++)
		check_site(s, &sites[i], name);
	free(path);
}

/* Run the shell command CMD (freed); true when it succeeded. */
static bool
sh(char *cmd)
{
	int rc = system(cmd);

	free(cmd);
	return rc == 0;
}

/* The f3 site of SITES resolved against the module at PATH. */
static void
resolve_f3(struct symbolizer *s, const struct site *sites, const char *path,
	const char *build_id, struct symbolize_frame *sf)
{
	struct site copy = sites[4];

	snprintf(copy.module, sizeof copy.module, "%s", path);
	if (build_id != NULL)
		snprintf(copy.build_id, sizeof copy.build_id, "%s", build_id);
	struct profile_frame f = site_frame(&copy);
	symbolize_frame(s, &f, sf);
}

/* A stripped copy, its separate debuginfo by build-id, then the copy deleted. */
static void
test_stripped_and_gone(const char *name, const struct site *sites)
{
	char *dir = tap_tmp_path("debug"), *copy = tap_tmp_path(name);
	char *src = fixture(name), *debug;
	const char *id = sites[4].build_id;
	struct symbolizer *plain = symbolize_new(":"), *with_debug;
	struct symbolize_frame sf;

	debug = xasprintf("%s/.build-id/%.2s/%s.debug", dir, id, id + 2);
	tap_ok(sh(xasprintf("cp '%s' '%s' && strip --strip-all '%s'", src, copy, copy)) &&
	    sh(xasprintf("mkdir -p \"$(dirname '%s')\" && objcopy --only-keep-debug '%s' '%s'",
	    debug, src, debug)), "%s: stripped copy and debuginfo made", name);
	with_debug = symbolize_new(dir);

	resolve_f3(plain, sites, copy, NULL, &sf);
	tap_ok(sf.status == SYMBOLIZE_OK && sf.function == NULL && sf.file == NULL,
	    "%s stripped: no name, no line, module fine", name);
	resolve_f3(with_debug, sites, copy, NULL, &sf);
	tap_is_str(sf.function, "f3", "stripped + debuginfo by build-id: function");
	tap_is_int(sf.line, sites[4].line, "stripped + debuginfo by build-id: line");
	tap_ok(sf.debuginfo == NULL, "the module itself was used");

	/* Cached: the handle opened above outlives the file. */
	unlink(copy);
	resolve_f3(plain, sites, copy, NULL, &sf);
	tap_is_int(sf.status, SYMBOLIZE_OK, "one handle per module, kept");

	symbolize_free(plain);
	plain = symbolize_new(":");
	resolve_f3(plain, sites, copy, id, &sf);
	tap_ok(sf.status == SYMBOLIZE_GONE && sf.function == NULL,
	    "%s deleted: module gone, no name", name);
	resolve_f3(with_debug, sites, "/nonexistent/callchain", id, &sf);
	tap_ok(sf.status == SYMBOLIZE_GONE && sf.function != NULL &&
	    strcmp(sf.function, "f3") == 0 && sf.line == sites[4].line &&
	    sf.debuginfo != NULL && strcmp(sf.debuginfo, debug) == 0,
	    "%s gone: named from its debuginfo by build-id", name);
	tap_is_int((long long)sf.function_offset, (long long)sites[4].function_offset,
	    "gone: offset in function from the debuginfo");

	sh(xasprintf("rm -rf '%s'", dir));
	symbolize_free(plain);
	symbolize_free(with_debug);
	free(debug);
	free(src);
	free(copy);
	free(dir);
}

static void
test_changed(struct symbolizer *s, const struct site *sites)
{
	struct symbolize_frame sf;

	resolve_f3(s, sites, sites[4].module, "00112233445566778899aabbccddeeff00112233", &sf);
	tap_ok(sf.status == SYMBOLIZE_CHANGED && sf.function == NULL,
	    "another build-id: module changed, no name");
	resolve_f3(s, sites, sites[4].module, "../../../../etc/passwd", &sf);
	tap_ok(sf.status == SYMBOLIZE_CHANGED && sf.debuginfo == NULL,
	    "a build-id that is no hex is never a file name");
}

static void
test_odd_frames(struct symbolizer *s)
{
	struct profile_frame anon = { NULL, NULL, 0x7f0000001234, 0 };
	struct profile_frame vdso = { strpool_intern("[vdso]"), NULL, 0x577, 0 };
	struct profile_frame text = { strpool_intern("/etc/hostname"), NULL, 0x10, 0 };
	struct profile_frame fifo = { strpool_intern("/dev/zero"), NULL, 0x10, 0 };
	struct profile_frame gone = { strpool_intern("/nonexistent/lib.so"),
		strpool_intern("abcdef"), 0x10, 0 };
	struct symbolize_frame sf;

	symbolize_frame(s, &anon, &sf);
	tap_ok(sf.status == SYMBOLIZE_NO_MODULE && sf.function == NULL, "no module");
	symbolize_frame(s, &vdso, &sf);
	tap_ok(sf.status == SYMBOLIZE_PSEUDO && sf.function == NULL, "[vdso] is pseudo");
	symbolize_frame(s, &text, &sf);
	tap_ok(sf.status == SYMBOLIZE_UNREADABLE && sf.function == NULL,
	    "a file that is no ELF: unreadable");
	symbolize_frame(s, &fifo, &sf);
	tap_ok(sf.status == SYMBOLIZE_UNREADABLE, "a device is never read as a module");
	symbolize_frame(s, &gone, &sf);
	tap_ok(sf.status == SYMBOLIZE_GONE, "missing file: gone");
	tap_is_str(symbolize_status_text(SYMBOLIZE_CHANGED),
	    "module changed since recording", "status text");
}

/* libc is stripped: the dynamic symbol names the site; with libc6-dbg (or its
 * i386 twin) installed, the separate debuginfo gives the line too. */
static void
test_libc(struct symbolizer *s, const struct site *site, const char *label)
{
	struct profile_frame f = site_frame(site);
	struct symbolize_frame sf;
	char *debug = xasprintf("/usr/lib/debug/.build-id/%.2s/%s.debug",
	    site->build_id, site->build_id + 2);

	symbolize_frame(s, &f, &sf);
	tap_is_str(sf.function, site->function, label);
	tap_is_int((long long)sf.function_offset, 4, label);
	if (access(debug, R_OK) == 0)
		tap_ok(sf.file != NULL && sf.line > 0, "%s: line from %s", label, debug);
	else
		tap_skip(label, "no separate debuginfo of this libc (libc6-dbg or libc6-dbg:i386) for its line");
	free(debug);
}

/* A frame exact at the first instruction of f3 (as one a signal interrupted
 * there would be) names f3+0x0 on f3's line; as a return address, the same
 * offset is a call just before f3, in another function. */
static void
test_exact(struct symbolizer *s, const struct site *sites, const char *label)
{
	struct profile_frame f = site_frame(&sites[4]);
	struct symbolize_frame sf;

	f.offset -= sites[4].function_offset;
	f.exact = 1;
	symbolize_frame(s, &f, &sf);
	tap_ok(sf.function != NULL && strcmp(sf.function, "f3") == 0 &&
	    sf.function_offset == 0, "%s: exact at f3's start: f3+0x0", label);
	tap_ok(sf.line > 0 && sf.line < sites[4].line, "%s: on f3's opening line %d",
	    label, sf.line);
	f.exact = 0;
	symbolize_frame(s, &f, &sf);
	tap_ok(sf.function == NULL || strcmp(sf.function, "f3") != 0,
	    "%s: a return address there is a call before f3 (in %s)", label,
	    sf.function != NULL ? sf.function : "no function");
}

int
main(void)
{
	struct symbolizer *s = symbolize_new(NULL);
	struct site sites[MAX_SITES];
	char *why = tap_cannot("i386"); /* the fixture prints its sites */
	int n;

	unsetenv("DEBUGINFOD_URLS");
	test_fixture(s, "callchain", sites, &n);
	if (n == 6) {
		test_libc(s, &sites[5], "x86_64 libc: dynamic symbol");
		test_exact(s, sites, "x86_64");
		test_stripped_and_gone("callchain", sites);
		test_changed(s, sites);
	}
	test_fixture(s, "callchain-nopie", sites, &n);
	if (why == NULL) {
		test_fixture(s, "callchain-32", sites, &n);
		if (n == 6) {
			test_libc(s, &sites[5], "i386 libc: dynamic symbol");
			test_exact(s, sites, "i386");
			test_stripped_and_gone("callchain-32", sites);
		}
		test_fixture(s, "callchain-nopie-32", sites, &n);
	} else {
		tap_skip("i386 fixtures", why);
	}
	free(why);
	test_odd_frames(s);
	symbolize_free(s);
	return tap_done();
}
