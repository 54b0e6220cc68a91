/* Whole files: told apart, read at once, replaced atomically. */
#ifndef SANDCAST_CORE_FILE_H
#define SANDCAST_CORE_FILE_H

#include <stddef.h>

/* What a file given to sandcast holds. */
enum file_kind {
	FILE_PROFILE, /* JSON: its first byte other than white space is '{' */
	FILE_FILTER,  /* anything else: a filter as gen writes it (gen/cbpf.h) */
};

/* Tell what kind of file PATH holds, from its first bytes; 0 or -errno. */
int file_kind(const char *path, enum file_kind *kind);

/* Read the open file FD to its end into *TEXT (free() it), NUL-terminated,
 * *LEN getting the bytes read (without the NUL); 0 or -errno. */
int file_read_fd(int fd, char **text, size_t *len);

/* Read the whole file PATH as file_read_fd() does; 0 or -errno. */
int file_read(const char *path, char **text, size_t *len);

/* Replace PATH with the LEN bytes of DATA atomically: a temporary file beside
 * it (the mode of the regular file at PATH, else 0666 & ~umask) is written, synced and renamed over PATH; 0, or
 * -errno with PATH untouched and no temporary file left, even when the
 * writer is killed (temporary files of killed writers are removed). */
int file_replace(const char *path, const void *data, size_t len);

/* The regular file that file_write_out(PATH) replaces or creates, in
 * *TARGET (free() it): PATH, or the file a link of it names; NULL when it
 * writes through instead; 0 or -errno (-EISDIR for a directory). */
int file_out_target(const char *path, char **target);

/* Write the LEN bytes of DATA to the output PATH (an -o): "-", /dev/stdout,
 * /dev/stderr, /dev/fd/N and /proc/self/fd/N are written to that
 * descriptor; a device, a FIFO, a link to one and a link to nothing are
 * written through, never replaced; a regular file (or the one a link
 * names) is replaced with file_replace(), keeping its permissions; 0 or
 * -errno. */
int file_write_out(const char *path, const void *data, size_t len);

#endif
