#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/xmalloc.h"

/* Write all LEN bytes of DATA to FD; 0 or -errno. */
static int
file_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			data += n, len -= (size_t)n;
	}
	return 0;
}

/* Give the new file FD the mode open(2) with 0666 would (mkstemp() makes
 * it 0600), write DATA and sync it; 0 or -errno. */
static int
file_fill(int fd, const void *data, size_t len)
{
	mode_t mask = umask(0);
	int rc;

	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0)
		return -errno;
	if ((rc = file_write_all(fd, data, len)) != 0)
		return rc;
	return fsync(fd) != 0 ? -errno : 0;
}

/* Replace PATH with the LEN bytes of DATA atomically: a temporary file beside
 * it (mode 0666 & ~umask) is written, synced and renamed over PATH; 0, or
 * -errno with PATH untouched and no temporary file left. */
int
file_replace(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC), rc;

	if (fd < 0) {
		rc = -errno;
		free(tmp);
		return rc;
	}
	rc = file_fill(fd, data, len);
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
