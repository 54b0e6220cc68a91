/* libFuzzer target: merging. The input is up to four profiles separated by
 * NUL bytes; those that read are merged all at once and in two groupings
 * and orders, each step written and read back (as merge -o and record
 * --append do): the bytes must be the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile-io.h"
#include "core/strpool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_PARTS 4

/* Merge the texts V[0..N-1] as 'sandcast merge' does; NULL when one does
 * not read; free() the result. */
static char *
merge(char *const *v, size_t n)
{
	struct profile p;
	char *err = NULL, *text = NULL;
	size_t len, i;

	profile_init(&p);
	for (i = 0; i < n; i++) {
		if (profile_io_parse("part", v[i], strlen(v[i]), &p, 0, &err) != 0)
			break;
	}
	if (i == n) {
		profile_cap_stacks(&p, p.stack_limit);
		text = profile_io_text(&p, &len);
	}
	free(err);
	profile_free(&p);
	return text;
}

/* Split DATA at its NUL bytes into V (copies, NUL-terminated); return how
 * many parts read as a profile alone (only those are kept). */
static size_t
split(const uint8_t *data, size_t size, char **v)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= size && n < FUZZ_PARTS; i++) {
		char *part, *alone;
		if (i < size && data[i] != '\0')
			continue;
		part = strndup((const char *)data + start, i - start);
		start = i + 1;
		if ((alone = merge(&part, 1)) == NULL) {
			free(part);
			continue;
		}
		free(alone);
		v[n++] = part;
	}
	return n;
}

static void
same(const char *a, const char *b, const char *how)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0)) {
		fprintf(stderr, "merged %s, other bytes:\n%s---\n%s", how, a, b);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v[FUZZ_PARTS], *r[FUZZ_PARTS], *once, *pair[2], *grouped, *reversed;
	size_t n = split(data, size, v);

	if (n > 0) {
		once = merge(v, n);
		pair[0] = merge(v + 1, n - 1);
		pair[1] = v[0];
		grouped = n > 1 ? merge(pair, 2) : merge(&once, 1);
		for (size_t i = 0; i < n; i++)
			r[i] = v[n - 1 - i];
		reversed = merge(r, n);
		same(once, grouped, "as (b c ...) a");
		same(once, reversed, "in reverse");
		free(once);
		free(pair[0]);
		free(grouped);
		free(reversed);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	strpool_clear();
	return 0;
}
