#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/jsonpos.h"
#include "core/message.h"
#include "core/profile-io.h"
#include "core/profile-json.h"
#include "core/xmalloc.h"

static int
io_error(char **err, const char *path, const char *what, int errnum)
{
	*err = xasprintf("%s: %s: %s", path, what, strerror(errnum));
	return -errnum;
}

/* Set *ERR to "PATH:LINE:COLUMN: what", the place of the value at fault. */
static void
decode_error(const char *path, const char *text, size_t len,
	const struct profile_json_error *why, char **err)
{
	int line, column;

	if (jsonpos_find(text, len, why->path, &line, &column) == 0)
		*err = xasprintf("%s:%d:%d: %s", path, line, column, why->what);
	else
		*err = xasprintf("%s: %s", path, why->what);
}

static int
parse_text(const char *path, const char *text, size_t len, struct profile *p,
	unsigned flags, char **err)
{
	json_error_t jerr;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	struct profile_json_error why;
	int rc;

	if (doc == NULL) {
		*err = xasprintf("%s:%d:%d: not valid JSON: %s", path, jerr.line,
		    jerr.column, jerr.text);
		return -EINVAL;
	}
	rc = profile_json_decode(doc, p, flags, &why);
	if (rc != 0) {
		decode_error(path, text, len, &why, err);
		free(why.path);
		free(why.what);
	}
	json_decref(doc);
	return rc;
}

/* Add the profile TEXT to P, in which each call keeps at most the file's
 * own stack limit of its stacks (profile_cap_stacks()): a file with more
 * than it says (written by hand) then merges the same, alone or not. */
int
profile_io_parse(const char *path, const char *text, size_t len, struct profile *p,
	unsigned flags, char **err)
{
	struct profile one;
	int rc;

	if (p->calls == NULL && p->nruns == 0 && p->stack_limit == 0) {
		rc = parse_text(path, text, len, p, flags, err);
		profile_cap_stacks(p, p->stack_limit);
		return rc;
	}
	profile_init(&one);
	rc = parse_text(path, text, len, &one, flags, err);
	profile_cap_stacks(&one, one.stack_limit);
	if (rc == 0)
		profile_merge(p, &one);
	profile_free(&one);
	return rc;
}

/* Load the profile of the open file FD, named PATH, into P as FLAGS say. */
static int
load_fd(const char *path, int fd, struct profile *p, unsigned flags, char **err)
{
	char *text;
	size_t len;
	int rc = file_read_fd(fd, &text, &len);

	if (rc != 0)
		return io_error(err, path, "cannot read profile", -rc);
	rc = profile_io_parse(path, text, len, p, flags, err);
	free(text);
	return rc;
}

static int
load_file(const char *path, struct profile *p, unsigned flags, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return io_error(err, path, "cannot open profile", errno);
	rc = load_fd(path, fd, p, flags, err);
	close(fd);
	return rc;
}

int
profile_io_load(const char *path, struct profile *p, char **err)
{
	return load_file(path, p, 0, err);
}

int
profile_io_load_calls(const char *path, struct profile *p, char **err)
{
	return load_file(path, p, PROFILE_JSON_CALLS_ONLY, err);
}

/* The document is formatted in memory and written at once: json_dumpfd()
 * makes a write() per token, 100,000 of them for a profile with stacks. */
char *
profile_io_text(const struct profile *p, size_t *len)
{
	json_t *doc = profile_json_encode(p);
	char *text = json_dumps(doc, JSON_INDENT(2));

	json_decref(doc);
	if (text == NULL)
		msg_fatal("out of memory");
	*len = strlen(text);
	text = xreallocarray(text, *len + 2, 1);
	text[(*len)++] = '\n';
	text[*len] = '\0';
	return text;
}

int
profile_io_save(const char *path, const struct profile *p, char **err)
{
	size_t len;
	char *text = profile_io_text(p, &len);
	int rc = file_write_out(path, text, len);

	free(text);
	return rc != 0 ? io_error(err, path, "cannot write profile", -rc) : 0;
}

/* Open PATH and lock it; retry when another writer replaced it meanwhile. */
static int
open_locked(const char *path, char **err)
{
	for (;;) {
		struct stat held, now;
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

		if (fd < 0)
			return io_error(err, path, "cannot open profile", errno);
		int rc;

		/* A signal record catches while it waits is no reason to fail. */
		while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
			continue;
		if (rc != 0 || fstat(fd, &held) != 0) {
			int e = errno;
			close(fd);
			return io_error(err, path, "cannot lock profile", e);
		}
		if (stat(path, &now) == 0 && now.st_ino == held.st_ino &&
		    now.st_dev == held.st_dev)
			return fd;
		close(fd);
	}
}

/* Load the locked profile FD of PATH into P; *EMPTY tells whether it was
 * empty (made by the open, or by another appender that failed). */
static int
load_locked(const char *path, int fd, struct profile *p, bool *empty, char **err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return io_error(err, path, "cannot read profile", errno);
	*empty = st.st_size == 0;
	if (*empty)
		return 0;
	return load_fd(path, fd, p, 0, err);
}

/* Remove the file PATH names (the one a link of it names, not the link). */
static void
profile_io_unlink_target(const char *path)
{
	char *target;

	if (file_out_target(path, &target) == 0 && target != NULL)
		unlink(target);
	free(target);
}

int
profile_io_append(const char *path, const struct profile *p, char **err)
{
	struct profile merged;
	int fd = open_locked(path, err), rc;
	bool empty = false;

	if (fd < 0)
		return fd;
	profile_init(&merged);
	rc = load_locked(path, fd, &merged, &empty, err);
	if (rc == 0) {
		profile_merge(&merged, p);
		profile_cap_stacks(&merged, merged.stack_limit);
		rc = profile_io_save(path, &merged, err);
	}
	/* Leave no empty file behind (the disk full): still locked, so an
	 * appender waiting for it opens the path anew. A link stays. */
	if (rc != 0 && empty)
		profile_io_unlink_target(path);
	profile_free(&merged);
	close(fd);
	return rc;
}
