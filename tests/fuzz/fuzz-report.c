/* libFuzzer target: every report format. The input is one or two profiles
 * separated by a NUL byte; the first is reported as text, markdown, JSON and
 * folded stacks, with and without stacks, and diffed against the second in
 * text, markdown and JSON. Module paths under /dev, /proc and /sys are moved
 * away first: the symbolizer opens what a profile names. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile-io.h"
#include "core/strpool.h"
#include "core/xmalloc.h"
#include "reporter/diff.h"
#include "reporter/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *sink;
static struct symbolizer *sym;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	unsetenv("DEBUGINFOD_URLS");
	sink = fopen("/dev/null", "w");
	return 0;
}

/* Move the modules P's frames name under /dev, /proc or /sys away. */
static void
tame(struct profile *p)
{
	struct profile_call *c, *ct;
	struct profile_stack *s, *st;

	HASH_ITER(hh, p->calls, c, ct) {
		HASH_ITER(hh, c->stacks, s, st) {
			for (uint32_t i = 0; i < s->nframes; i++) {
				const char *m = s->frames[i].module;
				char *moved;
				if (m == NULL || (strncmp(m, "/dev", 4) && strncmp(m, "/proc", 5) &&
				    strncmp(m, "/sys", 4) && strncmp(m, "/run", 4)))
					continue;
				moved = xasprintf("/nonexistent%s", m);
				s->frames[i].module = strpool_intern(moved);
				free(moved);
			}
		}
	}
}

/* Read the part TEXT[0..LEN-1] into P; 0 when it is a profile. */
static int
load(const char *text, size_t len, struct profile *p)
{
	char *err = NULL;
	int rc;

	profile_init(p);
	rc = profile_io_parse("fuzz", text, len, p, 0, &err);
	free(err);
	if (rc == 0)
		tame(p);
	return rc;
}

static void
reports(const struct profile *p)
{
	static void (*const formats[])(FILE *, const struct profile *,
	    const struct report_options *, struct symbolizer *) = {
		report_text, report_markdown, report_json, report_folded,
	};

	for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
		for (int stacks = 0; stacks < 2; stacks++) {
			struct report_options o = { ARCH_MASK_ALL, stacks };
			formats[f](sink, p, &o, sym);
		}
	}
}

static void
diffs(const struct profile *a, const struct profile *b)
{
	struct diff d;

	diff_compute(a, b, &d);
	d.old_name = "old.json";
	d.new_name = "new\xff.json";
	diff_text(sink, &d, sym);
	diff_markdown(sink, &d, sym);
	diff_json(sink, &d, sym);
	diff_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul = memchr(data, '\0', size);
	size_t first = nul != NULL ? (size_t)(nul - text) : size;
	struct profile a, b;

	sym = symbolize_new(NULL);
	if (load(text, first, &a) == 0) {
		reports(&a);
		if (nul != NULL) {
			if (load(nul + 1, size - first - 1, &b) == 0)
				diffs(&a, &b);
			profile_free(&b);
		}
	}
	profile_free(&a);
	symbolize_free(sym);
	fflush(sink);
	strpool_clear();
	return 0;
}
