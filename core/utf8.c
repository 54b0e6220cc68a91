#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/message.h"
#include "core/utf8.h"
#include "core/xmalloc.h"

/* The first byte of each sequence length, and the range its second byte
 * may take (the others are 0x80 to 0xbf): RFC 3629, table 3-7 of Unicode. */
static size_t
utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef) {
		*lo = c == 0xe0 ? 0xa0 : 0x80;
		*hi = c == 0xed ? 0x9f : 0xbf;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		*lo = c == 0xf0 ? 0x90 : 0x80;
		*hi = c == 0xf4 ? 0x8f : 0xbf;
		return 4;
	}
	return 0;
}

size_t
utf8_sequence(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo, hi;
	size_t n;

	if (u[0] != 0 && u[0] < 0x80)
		return 1;
	n = utf8_lead(u[0], &lo, &hi);
	if (n == 0 || u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++) {
		if (u[i] < 0x80 || u[i] > 0xbf)
			return 0;
	}
	return n;
}

bool
utf8_valid(const char *s)
{
	while (*s != '\0') {
		size_t n = utf8_sequence(s);
		if (n == 0)
			return false;
		s += n;
	}
	return true;
}

/* Return the text F has written to memory; free() it. */
static char *
utf8_close(FILE *f, char **text)
{
	if (fclose(f) != 0)
		msg_fatal("out of memory");
	return *text;
}

static FILE *
utf8_open(char **text, size_t *size)
{
	FILE *f = open_memstream(text, size);

	if (f == NULL)
		msg_fatal("out of memory");
	return f;
}

char *
utf8_percent_encode(const char *s)
{
	char *text;
	size_t size, n;
	FILE *f = utf8_open(&text, &size);

	for (; *s != '\0'; s += n) {
		n = utf8_sequence(s);
		if (n == 0 || *s == '%') {
			fprintf(f, "%%%02X", (unsigned char)*s);
			n = 1;
		} else {
			fwrite(s, 1, n, f);
		}
	}
	return utf8_close(f, &text);
}

static int
utf8_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
utf8_percent_decode(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++) {
		int hi, lo;
		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		hi = utf8_hex(s[1]);
		lo = hi < 0 ? -1 : utf8_hex(s[2]);
		if (lo < 0 || (hi | lo) == 0) {
			free(out);
			return NULL;
		}
		*o++ = (char)(hi << 4 | lo);
		s += 2;
	}
	*o = '\0';
	return out;
}

/* Whether the sequence S of N bytes is a control character: C0, DEL, or C1
 * (U+0080 to U+009F, which a terminal may take as an escape). */
static bool
utf8_is_control(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];

	return (n == 1 && (c < 0x20 || c == 0x7f)) ||
	    (n == 2 && c == 0xc2 && (unsigned char)s[1] < 0xa0);
}

char *
utf8_escape(const char *s)
{
	char *text;
	size_t size, n;
	FILE *f = utf8_open(&text, &size);

	for (; *s != '\0'; s += n) {
		n = utf8_sequence(s);
		if (*s == '\\') {
			fputs("\\\\", f);
		} else if (n == 0 || utf8_is_control(s, n)) {
			n = n == 0 ? 1 : n;
			for (size_t i = 0; i < n; i++)
				fprintf(f, "\\x%02x", (unsigned char)s[i]);
		} else {
			fwrite(s, 1, n, f);
		}
	}
	return utf8_close(f, &text);
}
