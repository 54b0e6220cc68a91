/* Strings of any bytes: which are UTF-8, how they are shown to people, and
 * their percent-encoded form (docs/profile-format.md, "Text of any bytes"). */
#ifndef SANDCAST_CORE_UTF8_H
#define SANDCAST_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Return the length of the well-formed UTF-8 sequence S starts with (1 to
 * 4; RFC 3629: no overlong form, no surrogate, nothing past U+10FFFF), or 0
 * when S starts with a byte that begins none, or with NUL. */
size_t utf8_sequence(const char *s);

/* Return whether the string S is well-formed UTF-8 throughout. */
bool utf8_valid(const char *s);

/* Return S with every byte outside a well-formed sequence, and every '%',
 * as "%XX" (upper-case hex); free() it. */
char *utf8_percent_encode(const char *s);

/* Return the string whose percent-encoded form is S, or NULL when S has a
 * '%' not followed by two hex digits, or encodes NUL; free() it. */
char *utf8_percent_decode(const char *s);

/* Return S as a terminal or a document may show it: a backslash as "\\",
 * control characters (C0, DEL, C1) and bytes outside a well-formed
 * sequence as "\xHH", anything else as is; free() it. */
char *utf8_escape(const char *s);

#endif
