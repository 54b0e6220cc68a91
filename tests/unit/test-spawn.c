/* Unit tests of tracer/spawn: finding a command on PATH as execvp does. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "tests/unit/tap.h"
#include "tracer/spawn.h"

static void
make_file(const char *dir, const char *name, mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_CREAT | O_WRONLY, mode);

	close(fd);
	chmod(path, mode);
	free(path);
}

static void
check_resolve(const char *cmd, int want_rc, const char *want_path, const char *what)
{
	char *path = NULL;
	int rc = spawn_resolve(cmd, &path);

	tap_is_int(rc, want_rc, what);
	if (want_path != NULL)
		tap_is_str(path, want_path, "  and the path found");
	free(path);
}

int
main(void)
{
	char *a = tap_tmp_path("a"), *b = tap_tmp_path("b");
	char *path = xasprintf("%s:%s", a, b);
	char *prog_b = xasprintf("%s/prog", b), *both_b = xasprintf("%s/both", b);
	char *sub = xasprintf("%s/sub", a), *plain = xasprintf("%s/plain", a);

	mkdir(a, 0700);
	mkdir(b, 0700);
	mkdir(sub, 0700);
	make_file(b, "prog", 0755);
	make_file(a, "plain", 0644);
	make_file(a, "both", 0644);
	make_file(b, "both", 0755);
	setenv("PATH", path, 1);

	check_resolve("prog", 0, prog_b, "found in the second PATH directory");
	check_resolve("both", 0, both_b, "a later runnable one beats an earlier non-executable one");
	check_resolve("plain", -EACCES, NULL, "found but not executable: EACCES");
	check_resolve("sub", -EISDIR, NULL, "a directory on PATH: EISDIR");
	check_resolve("nosuch", -ENOENT, NULL, "not found: ENOENT");
	check_resolve("", -ENOENT, NULL, "the empty name: ENOENT");
	check_resolve(prog_b, 0, prog_b, "a path with '/' is taken as is");
	check_resolve(plain, -EACCES, NULL, "a path to a non-executable file: EACCES");
	check_resolve(sub, -EISDIR, NULL, "a path to a directory: EISDIR");

	unlink(prog_b);
	unlink(plain);
	unlink(both_b);
	free(both_b);
	both_b = xasprintf("%s/both", a);
	unlink(both_b);
	rmdir(sub);
	rmdir(a);
	rmdir(b);
	free(a), free(b), free(path), free(prog_b), free(both_b), free(sub), free(plain);
	return tap_done();
}
