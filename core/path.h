/* File paths as the profile records them. */
#ifndef SANDCAST_CORE_PATH_H
#define SANDCAST_CORE_PATH_H

/* Return the part of PATH after its last '/', PATH itself when it has no
 * '/' or nothing follows the last one ("/usr/bin/" stays whole). */
const char *path_base_name(const char *path);

#endif
