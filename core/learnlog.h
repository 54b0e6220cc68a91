/* Learn logs: the records a filter built with -DSANDCAST_LEARN appends, one
 * line per call it would have refused (docs/learn.md), read into a profile. */
#ifndef SANDCAST_CORE_LEARNLOG_H
#define SANDCAST_CORE_LEARNLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/profile.h"

/* The word that starts a record, and the newest version of the line this
 * build reads. */
#define LEARNLOG_TAG "sandcast-learn"
#define LEARNLOG_VERSION 1

/* What a log held besides its records' calls. */
struct learnlog_stats {
	size_t records; /* records read */
	size_t others;  /* lines that are no record (a log on standard error
	                 * holds the program's own messages too) */
	size_t cut;     /* the number of the last line, a record cut short (the
	                 * program died while writing it), left out; 0 if none */
};

/* Add the records of the log TEXT (LEN bytes) of file PATH to P: each
 * counts its call once, with its executable and its stack (every stack
 * kept: cap them with profile_cap_stacks()); 0, or -EINVAL with *ERR set
 * to "PATH:LINE: what was wrong" (free() it). */
int learnlog_parse(const char *path, const char *text, size_t len, struct profile *p,
	struct learnlog_stats *st, char **err);

/* As learnlog_parse(), on the file PATH; -errno when it cannot be read. */
int learnlog_load(const char *path, struct profile *p, struct learnlog_stats *st,
	char **err);

#endif
