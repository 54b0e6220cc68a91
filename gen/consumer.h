/* The programs that read a generated filter by the names of its calls, and
 * the names they cannot resolve: a name a consumer does not know is left
 * out by it (crun, runc and systemd warn and go on) or makes it refuse
 * the whole filter (minijail, libseccomp's strict rules). */
#ifndef SANDCAST_GEN_CONSUMER_H
#define SANDCAST_GEN_CONSUMER_H

#include <stdbool.h>

#include "core/arch.h"

enum consumer {
	CONSUMER_NONE,       /* numbers, not names (c, bpf) */
	CONSUMER_LIBSECCOMP, /* libseccomp 2.5.4: its own format, and crun,
	                      * runc and systemd 252, which resolve names
	                      * through it */
	CONSUMER_MINIJAIL,   /* minijail built with Linux 6.1's headers */
	CONSUMER_COUNT
};

/* Who CONSUMER is, for messages: "libseccomp 2.5.4 (Debian 12; ...)". */
const char *consumer_describe(enum consumer consumer);

/* Whether CONSUMER resolves the name NAME of call NR of ARCH. */
bool consumer_knows(enum consumer consumer, enum arch arch, const char *name);

#endif
