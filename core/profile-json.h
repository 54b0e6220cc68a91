/* The profile as a JSON document (docs/profile-format.md), through jansson. */
#ifndef SANDCAST_CORE_PROFILE_JSON_H
#define SANDCAST_CORE_PROFILE_JSON_H

#include <jansson.h>

#include "core/profile.h"

/* The "format" value that marks a sandcast profile. */
#define PROFILE_JSON_FORMAT "sandcast-profile"

/* The newest profile version this build reads and the one it writes. */
#define PROFILE_JSON_VERSION 3

/* Build the JSON document of P, every key and entry in a fixed order. */
json_t *profile_json_encode(const struct profile *p);

/* Why a document is not a profile. */
struct profile_json_error {
	char *path; /* the value at fault, as "syscalls[3].count" ("" for the
	             * document), for jsonpos_find() */
	char *what; /* "where: what was wrong and what was expected" */
};

/* profile_json_decode() flag: the calls, their counts and the runs only,
 * not the modules, executables and stacks (neither read nor checked). */
#define PROFILE_JSON_CALLS_ONLY 1u

/* Add the calls and runs of DOC to P, as FLAGS say; on bad input return
 * -EINVAL and set ERR (free() its members). */
int profile_json_decode(const json_t *doc, struct profile *p, unsigned flags,
	struct profile_json_error *err);

#endif
