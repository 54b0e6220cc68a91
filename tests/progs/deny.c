/* Unlinks the file argv[1]; exits 0 when the call failed with EACCES and the
 * file is still there (a tracer denied it), 1 when it was removed, 2 on
 * other failures. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int rc, err;

	if (argc < 2)
		return 2;
	rc = unlink(argv[1]);
	err = errno;
	if (rc == 0)
		return 1;
	if (err != EACCES || access(argv[1], F_OK) != 0) {
		fprintf(stderr, "deny: unlink failed with %d, file %s\n", err,
		    access(argv[1], F_OK) == 0 ? "kept" : "gone");
		return 2;
	}
	return 0;
}
