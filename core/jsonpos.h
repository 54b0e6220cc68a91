/* Where a value is in the text of a JSON document: the line and column that
 * a message about it names, since jansson keeps no positions once parsed. */
#ifndef SANDCAST_CORE_JSONPOS_H
#define SANDCAST_CORE_JSONPOS_H

#include <stddef.h>

/* Find the value at PATH ("syscalls[3].stacks[0].count"; "" for the whole
 * document) in the valid JSON TEXT of LEN bytes and set *LINE and *COLUMN
 * (from 1, columns in characters) to its first character; 0, or -ENOENT. */
int jsonpos_find(const char *text, size_t len, const char *path, int *line,
	int *column);

#endif
