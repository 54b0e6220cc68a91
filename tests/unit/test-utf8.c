/* Unit tests of core/utf8 and core/jstring: which bytes are UTF-8, the
 * percent-encoded form and its way back, how text is shown escaped. */
#include <stdlib.h>
#include <string.h>

#include "core/jstring.h"
#include "core/utf8.h"
#include "tests/unit/tap.h"

static const struct {
	const char *text;
	size_t len;
} sequences[] = {
	{ "a", 1 }, { "\xc3\xa9", 2 }, { "\xe2\x82\xac", 3 }, { "\xf0\x9f\x98\x80", 4 },
	{ "\xff", 0 }, { "\x80", 0 }, { "\xc0\xaf", 0 },     /* overlong '/' */
	{ "\xed\xa0\x80", 0 },                               /* a surrogate */
	{ "\xf4\x90\x80\x80", 0 },                           /* past U+10FFFF */
	{ "\xe2\x82", 0 }, { "", 0 },
};

static void
test_sequences(void)
{
	for (size_t i = 0; i < sizeof sequences / sizeof *sequences; i++)
		tap_is_int((long long)utf8_sequence(sequences[i].text),
		    (long long)sequences[i].len, "utf8_sequence of one case");
	tap_ok(utf8_valid("caf\xc3\xa9") && !utf8_valid("d\xff/x"), "utf8_valid");
}

static void
test_percent(void)
{
	char *e = utf8_percent_encode("d\xff/100%\xc3\xa9"), *d;

	tap_is_str(e, "d%FF/100%25\xc3\xa9", "bytes not UTF-8 and '%' encoded, "
	    "the rest as is");
	d = utf8_percent_decode(e);
	tap_is_str(d, "d\xff/100%\xc3\xa9", "and decoded back");
	free(d);
	free(e);
	d = utf8_percent_decode("%fe%2");
	tap_ok(d == NULL, "a '%%' without two hex digits is refused");
	d = utf8_percent_decode("a%00b");
	tap_ok(d == NULL, "so is an encoded NUL");
}

static void
test_escape(void)
{
	char *e = utf8_escape("a\nb\x1b[31m\\c\xff\xc2\x9b\xc3\xa9");

	tap_is_str(e, "a\\x0ab\\x1b[31m\\\\c\\xff\\xc2\\x9b\xc3\xa9",
	    "newline, ESC, C1, a byte not UTF-8 as \\xHH; backslash doubled; "
	    "UTF-8 as is");
	free(e);
}

static void
test_jstring(void)
{
	json_t *s = jstring_encode("caf\xc3\xa9"), *b = jstring_encode("d\xff");
	json_t *bad = json_pack("{s:s}", "bytes", "%zz"), *two = json_pack("{s:s,s:i}",
	    "bytes", "a", "x", 1), *num = json_integer(1);
	char *t;

	tap_ok(json_is_string(s), "UTF-8 text is a JSON string");
	tap_is_str(json_string_value(json_object_get(b, "bytes")), "d%FF",
	    "other text a {\"bytes\"} object");
	t = jstring_decode(b);
	tap_is_str(t, "d\xff", "which decodes back");
	free(t);
	tap_ok(jstring_decode(bad) == NULL && jstring_decode(two) == NULL &&
	    jstring_decode(num) == NULL, "bad bytes, other keys, other "
	    "types are refused");
	json_decref(s);
	json_decref(b);
	json_decref(bad);
	json_decref(two);
	json_decref(num);
}

int
main(void)
{
	test_sequences();
	test_percent();
	test_escape();
	test_jstring();
	return tap_done();
}
