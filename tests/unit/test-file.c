/* Unit tests of core/file: what kind of file (a profile or a filter),
 * whole-file reads (NULs, sizes past the first buffer, empty files, errors)
 * and atomic replacement (contents, mode from the umask, failures that
 * leave the target and no temporary file). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/xmalloc.h"
#include "tests/unit/tap.h"

/* How many entries of directory DIR start with PREFIX. */
static int
count_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d != NULL && (e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (d != NULL)
		closedir(d);
	return n;
}

static void
test_read(const char *dir)
{
	char *path = xasprintf("%s/data", dir), *text;
	size_t big = 200000, len;
	char *data = xmalloc(big);

	for (size_t i = 0; i < big; i++)
		data[i] = (char)(i % 251);
	tap_is_int(file_replace(path, data, big), 0, "replace writes 200000 bytes");
	tap_ok(file_read(path, &text, &len) == 0 && len == big &&
	    memcmp(text, data, big) == 0 && text[len] == '\0',
	    "read gives them back, NULs included, past the first buffer, NUL-terminated");
	free(text);
	tap_is_int(file_replace(path, "", 0), 0, "replace with nothing");
	tap_ok(file_read(path, &text, &len) == 0 && len == 0 && text[0] == '\0',
	    "an empty file reads as an empty string");
	free(text);
	tap_is_int(file_read(dir, &text, &len), -EISDIR, "a directory: -EISDIR");
	tap_ok(text == NULL, "and no text");
	unlink(path);
	free(path);
	path = xasprintf("%s/missing", dir);
	tap_is_int(file_read(path, &text, &len), -ENOENT, "a missing file: -ENOENT");
	free(path);
	free(data);
}

static void
test_replace(const char *dir)
{
	char *path = xasprintf("%s/target", dir), *text;
	char *sub = xasprintf("%s/sub", dir), *nodir = xasprintf("%s/no/such", dir);
	mode_t old = umask(027);
	struct stat st;
	size_t len;

	tap_is_int(file_replace(path, "one\n", 4), 0, "replace creates a file");
	tap_ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "with mode 0666 less the umask 027 (got %o)", (unsigned)(st.st_mode & 07777));
	tap_is_int(file_replace(path, "two\n", 4), 0, "replace an existing file");
	tap_ok(file_read(path, &text, &len) == 0 && strcmp(text, "two\n") == 0,
	    "which then holds the new bytes only");
	free(text);
	tap_ok(mkdir(sub, 0700) == 0, "a directory to replace");
	tap_is_int(file_replace(sub, "x", 1), -EISDIR, "replacing a directory fails");
	tap_is_int(file_replace(nodir, "x", 1), -ENOENT, "so does a file in a missing directory");
	tap_is_int(count_prefixed(dir, "sub.tmp."), 0, "no temporary file is left");
	tap_is_int(count_prefixed(dir, "target.tmp."), 0, "nor of the replacements that worked");
	umask(old);
	rmdir(sub);
	unlink(path);
	free(path);
	free(sub);
	free(nodir);
}

/* Check the kind of a file holding TEXT (LEN bytes). */
static void
kind_is(const char *path, const char *text, size_t len, enum file_kind want,
	const char *what)
{
	enum file_kind kind = (enum file_kind)-1;

	file_replace(path, text, len);
	tap_ok(file_kind(path, &kind) == 0 && kind == want, "%s (got %d)", what, kind);
}

static void
test_kind(const char *dir)
{
	char *path = xasprintf("%s/kind", dir);
	enum file_kind kind;

	kind_is(path, "{\"format\": 1}", 14, FILE_PROFILE, "JSON: a profile");
	kind_is(path, " \r\n\t{}", 6, FILE_PROFILE, "after white space too");
	kind_is(path, "struct sock_filter f[] = {", 26, FILE_FILTER, "C source: a filter");
	kind_is(path, "\x06\0\0\0\0\0\xff\x7f", 8, FILE_FILTER, "raw BPF: a filter");
	kind_is(path, "", 0, FILE_FILTER, "an empty file: a filter (which the reader refuses)");
	unlink(path);
	tap_is_int(file_kind(path, &kind), -ENOENT, "a missing file: -ENOENT");
	free(path);
}

int
main(void)
{
	char *dir = tap_tmp_path("file");

	if (mkdir(dir, 0700) != 0)
		return tap_ok(false, "cannot make %s", dir), tap_done();
	test_kind(dir);
	test_read(dir);
	test_replace(dir);
	rmdir(dir);
	free(dir);
	return tap_done();
}
