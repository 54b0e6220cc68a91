/* The profile as a JSON document (docs/profile-format.md), through jansson. */
#ifndef SANDCAST_CORE_PROFILE_JSON_H
#define SANDCAST_CORE_PROFILE_JSON_H

#include <jansson.h>

#include "core/profile.h"

/* The "format" value that marks a sandcast profile. */
#define PROFILE_JSON_FORMAT "sandcast-profile"

/* The newest profile version this build reads and the one it writes. */
#define PROFILE_JSON_VERSION 2

/* Build the JSON document of P, every key and entry in a fixed order. */
json_t *profile_json_encode(const struct profile *p);

/* Add the calls and runs of DOC to P; on bad input return -EINVAL and set
 * *ERR to "where: what was expected" (free() it). */
int profile_json_decode(const json_t *doc, struct profile *p, char **err);

#endif
