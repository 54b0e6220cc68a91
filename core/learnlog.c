#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/argtable.h"
#include "core/file.h"
#include "core/learnlog.h"
#include "core/strpool.h"
#include "core/xmalloc.h"

/* A record being read: its tokens, and where it is for the messages. */
struct learnlog_reader {
	const char *path;
	size_t line;
	char *save; /* strtok_r()'s place in the record */
	char **err;
};

/* A module of a record's table. */
struct learnlog_module {
	const char *path, *build_id; /* interned; BUILD_ID NULL when "-" */
};

static int
learnlog_fail(struct learnlog_reader *r, const char *fmt, ...)
{
	char *what;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	*r->err = xasprintf("%s:%zu: %s", r->path, r->line, what ? what : "out of memory");
	free(what);
	return -EINVAL;
}

/* The next token of the record, or NULL at its end. */
static char *
learnlog_token(struct learnlog_reader *r)
{
	return strtok_r(NULL, " ", &r->save);
}

/* The next token, which must be there: WHAT it holds, for the message. */
static int
learnlog_need(struct learnlog_reader *r, const char *what, char **tok)
{
	*tok = learnlog_token(r);
	return *tok != NULL ? 0 : learnlog_fail(r, "the record ends before %s", what);
}

/* TOK as a whole number in BASE (16: with "0x") up to MAX into *V. */
static int
learnlog_number(struct learnlog_reader *r, const char *tok, const char *what, int base,
	uint64_t max, uint64_t *v)
{
	const char *digits = base == 16 && strncmp(tok, "0x", 2) == 0 ? tok + 2 : tok;
	char *end;

	errno = 0;
	*v = strtoull(digits, &end, base);
	if (*digits == '\0' || *end != '\0' || errno != 0 || *v > max ||
	    (base == 16 && digits == tok) || *digits == '-' || *digits == '+')
		return learnlog_fail(r, "%s: '%s' is not a %s number up to %#llx", what, tok,
		    base == 16 ? "0x hexadecimal" : "decimal", (unsigned long long)max);
	return 0;
}

/* TOK, its %XX escapes undone, interned into *S; "-" is NULL. */
static int
learnlog_text(struct learnlog_reader *r, const char *tok, const char *what, const char **s)
{
	char *t = xstrdup(tok), *o = t;

	if (strcmp(tok, "-") == 0) {
		*s = NULL;
		free(t);
		return 0;
	}
	for (const char *c = tok; *c != '\0'; c++) {
		unsigned v;
		if (*c == '%' && sscanf(c + 1, "%2x", &v) == 1 && strspn(c + 1, "0123456789ABCDEFabcdef") >= 2) {
			*o++ = (char)v;
			c += 2;
		} else if (*c == '%') {
			free(t);
			return learnlog_fail(r, "%s: '%s' has a %% not followed by two hex digits", what, tok);
		} else {
			*o++ = *c;
		}
	}
	*o = '\0';
	*s = strpool_intern(t);
	free(t);
	return 0;
}

/* The table of modules: its count, then a path and a build-id each. */
static int
learnlog_modules(struct learnlog_reader *r, struct learnlog_module **mods, size_t *n)
{
	uint64_t count;
	char *tok;
	int rc;

	if ((rc = learnlog_need(r, "the number of modules", &tok)) != 0 ||
	    (rc = learnlog_number(r, tok, "the number of modules", 10, 1000, &count)) != 0)
		return rc;
	*mods = xcalloc(count + 1, sizeof **mods);
	for (*n = 0; *n < count; (*n)++) {
		struct learnlog_module *m = &(*mods)[*n];
		if ((rc = learnlog_need(r, "a module's path", &tok)) != 0 ||
		    (rc = learnlog_text(r, tok, "a module's path", &m->path)) != 0 ||
		    (rc = learnlog_need(r, "a module's build-id", &tok)) != 0)
			return rc;
		if (m->path == NULL || (strcmp(tok, "-") != 0 &&
		    (strspn(tok, "0123456789abcdef") != strlen(tok) || strlen(tok) % 2 != 0)))
			return learnlog_fail(r, "module %zu: '%s' is no path and build-id (lower-case "
			    "hex, or -)", *n, m->path == NULL ? "-" : tok);
		m->build_id = strcmp(tok, "-") == 0 ? NULL : strpool_intern(tok);
	}
	return 0;
}

/* One frame, "MODULE:0xOFFSET[:exact]", MODULE an index in MODS or "-". */
static int
learnlog_frame(struct learnlog_reader *r, char *tok, const struct learnlog_module *mods,
	size_t nmods, struct profile_frame *f)
{
	char *colon = strchr(tok, ':'), *exact = colon ? strchr(colon + 1, ':') : NULL;
	uint64_t index = 0;
	int rc;

	if (colon == NULL || (exact != NULL && strcmp(exact, ":exact") != 0))
		return learnlog_fail(r, "'%s' is no frame (MODULE:0xOFFSET[:exact])", tok);
	*colon = '\0';
	if (exact != NULL)
		*exact = '\0';
	memset(f, 0, sizeof *f);
	f->exact = exact != NULL;
	if (strcmp(tok, "-") != 0) {
		if ((rc = learnlog_number(r, tok, "a frame's module", 10, UINT32_MAX, &index)) != 0)
			return rc;
		if (index >= nmods)
			return learnlog_fail(r, "a frame names module %llu of %zu",
			    (unsigned long long)index, nmods);
		f->module = mods[index].path;
		f->build_id = mods[index].build_id;
	}
	return learnlog_number(r, colon + 1, "a frame's offset", 16, UINT64_MAX, &f->offset);
}

/* The frames up to the end of the record, and whether it says "truncated". */
static int
learnlog_frames(struct learnlog_reader *r, const struct learnlog_module *mods, size_t nmods,
	struct profile_frame **frames, uint32_t *n, bool *truncated)
{
	char *tok;
	int rc = 0;

	*truncated = false;
	for (*n = 0; rc == 0 && (tok = learnlog_token(r)) != NULL; ) {
		if (*truncated)
			return learnlog_fail(r, "'%s' after \"truncated\", which ends a record", tok);
		if (strcmp(tok, "truncated") == 0) {
			*truncated = true;
			continue;
		}
		*frames = xreallocarray(*frames, *n + 1, sizeof **frames);
		rc = learnlog_frame(r, tok, mods, nmods, &(*frames)[(*n)++]);
	}
	return rc;
}

/* The six arguments, "0x0,0x1,...", into ARGS. */
static int
learnlog_args(struct learnlog_reader *r, char *tok, uint64_t args[6])
{
	char *copy = xstrdup(tok), *save = NULL;
	int n = 0, rc = 0;
	uint64_t v;

	for (char *a = strtok_r(copy, ",", &save); a != NULL && rc == 0;
	    a = strtok_r(NULL, ",", &save), n++) {
		rc = learnlog_number(r, a, "an argument", 16, UINT64_MAX, &v);
		if (n < 6)
			args[n] = v;
	}
	free(copy);
	if (rc == 0 && n != 6)
		rc = learnlog_fail(r, "the arguments: '%s' is not six 0x numbers and commas", tok);
	return rc;
}

/* The fields before the modules: version, arch, number, arguments, pid, exe. */
static int
learnlog_head(struct learnlog_reader *r, struct profile_key *key, uint64_t args[6],
	const char **exe)
{
	uint64_t v;
	char *tok;
	int rc;

	if ((rc = learnlog_need(r, "the version", &tok)) != 0 ||
	    (rc = learnlog_number(r, tok, "the version", 10, UINT32_MAX, &v)) != 0)
		return rc;
	if (v == 0 || v > LEARNLOG_VERSION)
		return learnlog_fail(r, "a record of version %llu: this sandcast reads version "
		    "%d: upgrade sandcast", (unsigned long long)v, LEARNLOG_VERSION);
	if ((rc = learnlog_need(r, "the architecture", &tok)) != 0)
		return rc;
	for (key->arch = 0; key->arch < ARCH_COUNT && strcmp(tok, arch_name(key->arch)); key->arch++)
		;
	if (key->arch == ARCH_COUNT)
		return learnlog_fail(r, "'%s' is not x86_64, i386 or x32", tok);
	if ((rc = learnlog_need(r, "the call's number", &tok)) != 0 ||
	    (rc = learnlog_number(r, tok, "the call's number", 10, 0x3fffffff, &v)) != 0)
		return rc;
	key->nr = (uint32_t)v;
	if ((rc = learnlog_need(r, "the arguments", &tok)) != 0 ||
	    (rc = learnlog_args(r, tok, args)) != 0 ||
	    (rc = learnlog_need(r, "the process id", &tok)) != 0 ||
	    (rc = learnlog_number(r, tok, "the process id", 10, INT32_MAX, &v)) != 0 ||
	    (rc = learnlog_need(r, "the executable", &tok)) != 0)
		return rc;
	return learnlog_text(r, tok, "the executable", exe);
}

/* Keep the values of the arguments of CALL that the argument table names,
 * ARGS as the record holds them, with the stack FRAMES[0..N-1], as record
 * keeps them (docs/arguments.md). */
static void
learnlog_keep_args(struct profile_call *call, const uint64_t args[6],
	const struct profile_frame *frames, uint32_t n, bool truncated)
{
	size_t nrules;
	const struct argrule *const *rules = argtable_rules(call->key.arch, call->key.nr,
	    &nrules);

	for (size_t i = 0; i < nrules; i++) {
		struct profile_value *v = profile_arg_add(profile_call_arg(call,
		    rules[i]->index), argtable_read(rules[i], call->key.arch,
		    args[rules[i]->index]), 1);
		if (v != NULL && n > 0)
			profile_value_add_stack(v, frames, n, truncated, 1, PROFILE_MAX_STACKS);
	}
}

/* Read the record REC (from its tag on) into P. */
static int
learnlog_record(struct learnlog_reader *r, char *rec, struct profile *p)
{
	struct learnlog_module *mods = NULL;
	struct profile_frame *frames = NULL;
	struct profile_key key = { 0, 0 };
	uint64_t args[6] = { 0 };
	const char *exe;
	size_t nmods = 0;
	uint32_t n = 0;
	bool truncated;
	int rc;

	strtok_r(rec, " ", &r->save);
	if ((rc = learnlog_head(r, &key, args, &exe)) == 0 &&
	    (rc = learnlog_modules(r, &mods, &nmods)) == 0 &&
	    (rc = learnlog_frames(r, mods, nmods, &frames, &n, &truncated)) == 0) {
		struct profile_call *call = profile_get(p, key.arch, key.nr);
		call->count++;
		if (exe != NULL)
			profile_call_add_exe(call, exe);
		if (n > 0)
			profile_call_add_stack(call, frames, n, truncated, 1, PROFILE_MAX_STACKS);
		learnlog_keep_args(call, args, frames, n, truncated);
	}
	free(mods);
	free(frames);
	return rc;
}

/* One line (NUL-terminated, without its newline); LAST when the log ends
 * in it with no newline. */
static int
learnlog_line(struct learnlog_reader *r, char *line, bool last, struct profile *p,
	struct learnlog_stats *st)
{
	char *rec = strstr(line, LEARNLOG_TAG " ");

	if (rec == NULL) {
		st->others++;
		return 0;
	}
	if (last) {
		st->cut = r->line;
		return 0;
	}
	st->records++;
	return learnlog_record(r, rec, p);
}

int
learnlog_parse(const char *path, const char *text, size_t len, struct profile *p,
	struct learnlog_stats *st, char **err)
{
	struct learnlog_reader r = { path, 0, NULL, err };
	const char *at = text, *end = text + len;
	int rc = 0;

	memset(st, 0, sizeof *st);
	while (rc == 0 && at < end) {
		const char *nl = memchr(at, '\n', (size_t)(end - at));
		char *line = xasprintf("%.*s", (int)((nl ? nl : end) - at), at);
		r.line++;
		rc = learnlog_line(&r, line, nl == NULL, p, st);
		free(line);
		at = nl ? nl + 1 : end;
	}
	return rc;
}

int
learnlog_load(const char *path, struct profile *p, struct learnlog_stats *st, char **err)
{
	char *text;
	size_t len;
	int rc = file_read(path, &text, &len);

	if (rc != 0) {
		*err = xasprintf("cannot read %s: %s", path, strerror(-rc));
		return rc;
	}
	rc = learnlog_parse(path, text, len, p, st, err);
	free(text);
	return rc;
}
