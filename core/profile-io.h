/* Profiles on disk: loading with precise errors, atomic saving, locked appending. */
#ifndef SANDCAST_CORE_PROFILE_IO_H
#define SANDCAST_CORE_PROFILE_IO_H

#include <stddef.h>

#include "core/profile.h"

/* Add the profile in file PATH to P; on failure return -errno or -EINVAL and
 * set *ERR to "PATH[:LINE:COLUMN]: what was wrong" (free() it). */
int profile_io_load(const char *path, struct profile *p, char **err);

/* As profile_io_load(), but only the calls, their counts and the runs: no
 * modules, executables or stacks (what a filter needs, at less cost). */
int profile_io_load_calls(const char *path, struct profile *p, char **err);

/* Add the profile TEXT[0..LEN-1], read from a file named NAME, to P as
 * profile_io_load() does (FLAGS as profile_json_decode() takes them). */
int profile_io_parse(const char *name, const char *text, size_t len,
	struct profile *p, unsigned flags, char **err);

/* Return the text of P as profile_io_save() writes it, NUL-terminated;
 * *LEN gets its length; free() it. */
char *profile_io_text(const struct profile *p, size_t *len);

/* Write P to the output PATH as file_write_out() does; 0 or -errno with *ERR. */
int profile_io_save(const char *path, const struct profile *p, char **err);

/* Merge P into the profile at PATH (created if missing) under an exclusive
 * lock, so that concurrent appends lose nothing; 0 or -errno with *ERR. */
int profile_io_append(const char *path, const struct profile *p, char **err);

#endif
