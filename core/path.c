#include <string.h>

#include "core/path.h"

/* Return the part of PATH after its last '/', PATH itself when it has no
 * '/' or nothing follows the last one ("/usr/bin/" stays whole). */
const char *
path_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}
