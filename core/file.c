#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
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

/* The mode a file replacing PATH gets: the permissions of the regular file
 * there (not its set-user-ID and set-group-ID bits), or what open(2) with
 * 0666 gives a new one. */
static mode_t
file_mode_for(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 0777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Give the new file FD MODE, write DATA and sync it; 0 or -errno. */
static int
file_fill(int fd, mode_t mode, const void *data, size_t len)
{
	int rc;

	if (fchmod(fd, mode) != 0)
		return -errno;
	if ((rc = file_write_all(fd, data, len)) != 0)
		return rc;
	return fsync(fd) != 0 ? -errno : 0;
}

/* The directory of PATH ("." for a bare name); free() it. */
static char *
file_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

/* Whether NAME is "BASE.tmp.PID.XXXXXX" left by a process PID that is gone. */
static bool
file_is_stale(const char *name, const char *base)
{
	size_t n = strlen(base);
	char *end;
	long pid;

	if (strncmp(name, base, n) != 0 || strncmp(name + n, ".tmp.", 5) != 0)
		return false;
	errno = 0;
	pid = strtol(name + n + 5, &end, 10);
	if (errno != 0 || pid <= 0 || pid > INT_MAX || *end != '.' || strlen(end) != 7)
		return false;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove the temporary files beside PATH that writers killed before they
 * could rename them left behind (SIGKILL, a crash, a power cut). */
static void
file_clean_stale(const char *path)
{
	char *dir = file_dir(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (file_is_stale(e->d_name, base))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
}

/* The name "PATH.tmp.PID.XXXXXX" of a temporary file, with RANDOM's Xs
 * (for mkstemp() to fill when RANDOM is false); free() it. */
static char *
file_tmp_name(const char *path, bool random)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char *name = xasprintf("%s.tmp.%d.XXXXXX", path, (int)getpid());
	unsigned char r[6] = { 0 };

	if (random && getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		for (size_t i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)(rand() & 0xff);
	for (size_t i = 0; random && i < sizeof r; i++)
		name[strlen(name) - 6 + i] = chars[r[i] % (sizeof chars - 1)];
	return name;
}

/* A new file with no name in the directory of PATH holding DATA, synced,
 * with MODE; its descriptor, or -errno (-EOPNOTSUPP where O_TMPFILE is not
 * had). */
static int
file_anonymous(const char *path, mode_t mode, const void *data, size_t len)
{
	char *dir = file_dir(path);
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600), rc;

	free(dir);
	/* NOTE: file systems without O_TMPFILE fail it with EOPNOTSUPP,
	 * EISDIR or EINVAL (open(2), Linux 6.18). */
	if (fd < 0)
		return errno == EISDIR || errno == EINVAL ? -EOPNOTSUPP : -errno;
	rc = file_fill(fd, mode, data, len);
	if (rc != 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Give the anonymous file FD the temporary name *TMP (made from PATH) for
 * as long as it takes to rename it over PATH; 0 or -errno. */
static int
file_link_over(int fd, const char *path, char **tmp)
{
	char proc[64];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	for (int tries = 0; tries < 100; tries++) {
		/* A name linkat() takes, or finds taken: no race. */
		*tmp = file_tmp_name(path, true);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, *tmp, AT_SYMLINK_FOLLOW) == 0)
			return rename(*tmp, path) == 0 ? 0 : -errno;
		free(*tmp);
		*tmp = NULL;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

/* file_replace() where O_TMPFILE is not had: a named temporary file. */
static int
file_replace_named(const char *path, mode_t mode, const void *data, size_t len,
	char **tmp)
{
	int fd, rc;

	*tmp = file_tmp_name(path, false);
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		free(*tmp);
		*tmp = NULL;
		return rc;
	}
	rc = file_fill(fd, mode, data, len);
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(*tmp, path) != 0)
		rc = -errno;
	return rc;
}

/* The file is written without a name (O_TMPFILE) and named only to be
 * renamed, so that a writer killed meanwhile leaves nothing; what writers
 * killed between the two left is removed first. */
int
file_replace(const char *path, const void *data, size_t len)
{
	mode_t mode = file_mode_for(path);
	char *tmp = NULL;
	int fd, rc;

	file_clean_stale(path);
	fd = file_anonymous(path, mode, data, len);
	if (fd >= 0) {
		rc = file_link_over(fd, path, &tmp);
		close(fd);
	} else {
		rc = fd;
	}
	/* Without O_TMPFILE, or without /proc to link it from. */
	if ((rc == -EOPNOTSUPP || rc == -ENOENT) && tmp == NULL)
		rc = file_replace_named(path, mode, data, len, &tmp);
	if (rc != 0 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Write DATA to what PATH already is (a device, a FIFO, a file a dangling
 * link names, which the kernel creates), truncating a regular file; 0 or
 * -errno. */
static int
file_write_through(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666), rc;

	if (fd < 0)
		return -errno;
	rc = file_write_all(fd, data, len);
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	return rc;
}

/* The descriptor an output name stands for ("-", /dev/stdout, /dev/stderr,
 * /dev/fd/N, /proc/self/fd/N), written where it stands as a shell's
 * redirection expects; -1 for any other name. */
static int
file_fd_named(const char *path)
{
	static const char *const prefixes[] = { "/dev/fd/", "/proc/self/fd/" };
	char *end;
	long n;

	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t k = strlen(prefixes[i]);
		if (strncmp(path, prefixes[i], k) != 0 || path[k] < '0' || path[k] > '9')
			continue;
		errno = 0;
		n = strtol(path + k, &end, 10);
		if (errno == 0 && *end == '\0' && n <= INT_MAX)
			return (int)n;
	}
	return -1;
}

/* The path of the open file FD ("/proc/self/fd/FD" read); free() it. */
static char *
file_fd_path(int fd)
{
	char proc[64], *buf = xmalloc(PATH_MAX + 1);
	ssize_t n;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, PATH_MAX);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* The kernel follows a link (its protections of links in sticky
 * directories hold, which a resolution in user space would bypass): the
 * file it opens is the one replaced. */
int
file_out_target(const char *path, char **target)
{
	struct stat st, link;
	int fd, rc = 0;

	*target = NULL;
	if (file_fd_named(path) >= 0)
		return 0;
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT)
		return -errno;
	if (fd < 0) {
		/* Nothing there (made by the replacement), or a link to nothing
		 * (made where it points, by the kernel). */
		if (lstat(path, &link) != 0 || !S_ISLNK(link.st_mode))
			*target = xstrdup(path);
		return 0;
	}
	if (fstat(fd, &st) != 0)
		rc = -errno;
	else if (S_ISDIR(st.st_mode))
		rc = -EISDIR;
	else if (S_ISREG(st.st_mode) && lstat(path, &link) == 0 && S_ISLNK(link.st_mode))
		rc = (*target = file_fd_path(fd)) != NULL ? 0 : -errno;
	else if (S_ISREG(st.st_mode))
		*target = xstrdup(path);
	close(fd);
	return rc;
}

int
file_write_out(const char *path, const void *data, size_t len)
{
	int fd = file_fd_named(path), rc;
	char *target;

	if (fd >= 0)
		return file_write_all(fd, data, len);
	if ((rc = file_out_target(path, &target)) != 0)
		return rc;
	rc = target != NULL ? file_replace(target, data, len) :
	    file_write_through(path, data, len);
	free(target);
	return rc;
}
