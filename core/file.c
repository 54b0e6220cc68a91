#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/xmalloc.h"

int
file_read_fd(int fd, char **text, size_t *len)
{
	size_t size = 65536;

	*text = xmalloc(size);
	*len = 0;
	for (;;) {
		ssize_t n = read(fd, *text + *len, size - *len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(*text);
			*text = NULL;
			return -e;
		}
		if (n == 0) {
			(*text)[*len] = '\0';
			return 0;
		}
		*len += (size_t)n;
		if (*len + 1 == size)
			*text = xreallocarray(*text, size *= 2, 1);
	}
}

int
file_kind(const char *path, enum file_kind *kind)
{
	FILE *f = fopen(path, "rbe");
	int c;

	if (f == NULL)
		return -errno;
	do
		c = getc(f);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	fclose(f);
	*kind = c == '{' ? FILE_PROFILE : FILE_FILTER;
	return 0;
}

int
file_read(const char *path, char **text, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	*text = NULL;
	*len = 0;
	if (fd < 0)
		return -errno;
	rc = file_read_fd(fd, text, len);
	close(fd);
	return rc;
}

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
