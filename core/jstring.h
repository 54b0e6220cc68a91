/* Text of any bytes in JSON (a path, an argument): a JSON string when it is
 * UTF-8, else {"bytes": PERCENT-ENCODED} (docs/profile-format.md). */
#ifndef SANDCAST_CORE_JSTRING_H
#define SANDCAST_CORE_JSTRING_H

#include <jansson.h>

/* The key of the object that holds text that is not UTF-8. */
#define JSTRING_BYTES_KEY "bytes"

/* Return S as JSON: a string when it is well-formed UTF-8, else an object
 * {"bytes": S percent-encoded}. */
json_t *jstring_encode(const char *s);

/* Return the text V holds, a string or a {"bytes"} object, or NULL when it
 * is neither, or its "bytes" are badly encoded; free() it. */
char *jstring_decode(const json_t *v);

#endif
