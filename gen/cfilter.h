/* A C filter read through the C compiler: the file is compiled as it ships
 * and linked with a small driver that calls its one function and catches
 * the program that function hands to seccomp(2) or prctl(2), so that what
 * verify, run and record --baseline read is what the compiler builds. */
#ifndef SANDCAST_GEN_CFILTER_H
#define SANDCAST_GEN_CFILTER_H

#include "gen/filter.h"

/* Load into F the program that the C source file PATH installs: compiled
 * with $CC (default cc) -m64, its one external function (the installer gen
 * writes, sandcast_install_filter or --function's) called by a driver; 0, or
 * -errno with *ERR set to what failed and what to do. */
int cfilter_load(const char *path, struct filter *f, char **err);

#endif
