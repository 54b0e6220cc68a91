/* Unit tests of core/jsonpos: the line and column of a value found by its
 * path, across strings with brackets, escapes and multi-byte characters. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonpos.h"
#include "tests/unit/tap.h"

static const char doc[] =
	"{\n"
	"  \"a]\": \"x,}\\\"{[\", \"n\": -1.5e3,\n"
	"  \"list\": [ {\"k\": [1, [2, 3], {\"z\": null}]},\n"
	"    {\"\xc3\xa9t\xc3\xa9\": \"\xc3\xa9\", \"k\": true} ],\n"
	"  \"k\": {}\n"
	"}\n";

/* Check that PATH is at LINE:COLUMN of doc. */
static void
at(const char *path, int line, int column)
{
	int l = 0, c = 0;
	int rc = jsonpos_find(doc, strlen(doc), path, &l, &c);

	if (!tap_ok(rc == 0 && l == line && c == column, "'%s' at %d:%d", path, line,
	    column))
		printf("#   got %d, %d:%d\n", rc, l, c);
}

/* Check that PATH is not in doc. */
static void
missing(const char *path, const char *name)
{
	int l, c;

	tap_is_int(jsonpos_find(doc, strlen(doc), path, &l, &c), -ENOENT, name);
}

int
main(void)
{
	at("", 1, 1);
	at("a]", 2, 9);
	at("n", 2, 25);
	at("list", 3, 11);
	at("list[0]", 3, 13);
	at("list[0].k", 3, 19);
	at("list[0].k[1]", 3, 23);
	at("list[0].k[1][1]", 3, 27);
	at("list[0].k[2].z", 3, 37);
	at("list[1]", 4, 5);
	at("list[1].k", 4, 23);
	at("k", 5, 8);
	missing("list[2]", "an element past the end is not found");
	missing("missing", "a missing member is not found");
	missing("n.x", "a member of a number is not found");
	missing("list[x]", "a bad index is not found");
	return tap_done();
}
