/* Whole files, replaced atomically. */
#ifndef SANDCAST_CORE_FILE_H
#define SANDCAST_CORE_FILE_H

#include <stddef.h>

/* Replace PATH with the LEN bytes of DATA atomically: a temporary file beside
 * it (mode 0666 & ~umask) is written, synced and renamed over PATH; 0, or
 * -errno with PATH untouched and no temporary file left. */
int file_replace(const char *path, const void *data, size_t len);

#endif
