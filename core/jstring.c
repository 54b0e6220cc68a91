#include <stdlib.h>

#include "core/jstring.h"
#include "core/message.h"
#include "core/utf8.h"
#include "core/xmalloc.h"

json_t *
jstring_encode(const char *s)
{
	char *bytes;
	json_t *v;

	if (utf8_valid(s))
		v = json_string(s);
	else {
		bytes = utf8_percent_encode(s);
		v = json_pack("{s:s}", JSTRING_BYTES_KEY, bytes);
		free(bytes);
	}
	if (v == NULL)
		msg_fatal("out of memory");
	return v;
}

char *
jstring_decode(const json_t *v)
{
	const json_t *bytes;

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (!json_is_object(v) || json_object_size(v) != 1 ||
	    !json_is_string(bytes = json_object_get(v, JSTRING_BYTES_KEY)))
		return NULL;
	return utf8_percent_decode(json_string_value(bytes));
}
