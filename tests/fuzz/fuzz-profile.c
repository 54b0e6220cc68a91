/* libFuzzer target: the profile reader. Any bytes are read as a profile
 * (whole, and calls only); a profile read is written, and what is written
 * reads back into the same bytes: a profile sandcast wrote is always one it
 * can read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile-io.h"
#include "core/profile-json.h"
#include "core/strpool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read TEXT[0..LEN-1] back and abort unless it gives the same bytes. */
static void
read_back(const char *text, size_t len)
{
	struct profile q;
	char *err = NULL, *again;
	size_t n;

	profile_init(&q);
	if (profile_io_parse("written", text, len, &q, 0, &err) != 0) {
		fprintf(stderr, "a profile written cannot be read: %s\n%s", err, text);
		abort();
	}
	again = profile_io_text(&q, &n);
	if (n != len || memcmp(again, text, len) != 0) {
		fprintf(stderr, "read and written again, other bytes:\n%s---\n%s", text, again);
		abort();
	}
	free(again);
	profile_free(&q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	char *err = NULL, *text;
	size_t len;

	for (unsigned flags = 0; flags <= PROFILE_JSON_CALLS_ONLY; flags++) {
		profile_init(&p);
		if (profile_io_parse("fuzz", (const char *)data, size, &p, flags, &err) == 0) {
			text = profile_io_text(&p, &len);
			read_back(text, len);
			free(text);
		}
		free(err);
		err = NULL;
		profile_free(&p);
	}
	strpool_clear();
	return 0;
}
