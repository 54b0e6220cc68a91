#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonpos.h"

struct jsonpos {
	const char *p, *end;
	int line, column;
};

static void
pos_step(struct jsonpos *c)
{
	if (*c->p == '\n') {
		c->line++;
		c->column = 1;
	} else if ((*c->p & 0xc0) != 0x80) {
		c->column++; /* not a UTF-8 continuation byte */
	}
	c->p++;
}

static void
pos_skip_space(struct jsonpos *c)
{
	while (c->p < c->end && strchr(" \t\r\n", *c->p) != NULL)
		pos_step(c);
}

/* Step over the string at C, quotes included. */
static void
pos_skip_string(struct jsonpos *c)
{
	pos_step(c);
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' && c->p + 1 < c->end)
			pos_step(c);
		pos_step(c);
	}
	if (c->p < c->end)
		pos_step(c);
}

/* Step over the value at C, whatever it is. */
static void
pos_skip_value(struct jsonpos *c)
{
	bool scalar;
	int depth = 0;

	if (c->p >= c->end)
		return;
	scalar = strchr("\"{[", *c->p) == NULL;
	do {
		if (*c->p == '"') {
			pos_skip_string(c);
			continue;
		}
		if (*c->p == '{' || *c->p == '[')
			depth++;
		else if (*c->p == '}' || *c->p == ']')
			depth--;
		pos_step(c);
	} while (c->p < c->end && (depth > 0 ||
	    (scalar && strchr(",}] \t\r\n", *c->p) == NULL)));
}

/* From the '{' at C, go to the value of member KEY (LEN bytes). */
static bool
pos_member(struct jsonpos *c, const char *key, size_t len)
{
	if (*c->p != '{')
		return false;
	pos_step(c);
	for (;;) {
		bool match;

		pos_skip_space(c);
		if (c->p >= c->end || *c->p != '"')
			return false;
		match = (size_t)(c->end - c->p) > len + 1 &&
		    memcmp(c->p + 1, key, len) == 0 && c->p[len + 1] == '"';
		pos_skip_string(c);
		pos_skip_space(c);
		if (c->p >= c->end || *c->p != ':')
			return false;
		pos_step(c);
		pos_skip_space(c);
		if (match)
			return c->p < c->end;
		pos_skip_value(c);
		pos_skip_space(c);
		if (c->p >= c->end || *c->p != ',')
			return false;
		pos_step(c);
	}
}

/* From the '[' at C, go to element INDEX. */
static bool
pos_element(struct jsonpos *c, unsigned long index)
{
	if (*c->p != '[')
		return false;
	pos_step(c);
	for (unsigned long i = 0;; i++) {
		pos_skip_space(c);
		if (c->p >= c->end || *c->p == ']')
			return false;
		if (i == index)
			return true;
		pos_skip_value(c);
		pos_skip_space(c);
		if (c->p >= c->end || *c->p != ',')
			return false;
		pos_step(c);
	}
}

int
jsonpos_find(const char *text, size_t len, const char *path, int *line,
	int *column)
{
	struct jsonpos c = { text, text + len, 1, 1 };

	pos_skip_space(&c);
	while (*path != '\0' && c.p < c.end) {
		size_t n = strcspn(path, ".[");
		char *end;

		if (n > 0 && !pos_member(&c, path, n))
			return -ENOENT;
		path += n;
		while (*path == '[') {
			unsigned long index = strtoul(path + 1, &end, 10);
			if (*end != ']' || !pos_element(&c, index))
				return -ENOENT;
			path = end + 1;
		}
		if (*path == '.')
			path++;
	}
	if (*path != '\0' || c.p >= c.end)
		return -ENOENT;
	*line = c.line;
	*column = c.column;
	return 0;
}
