/* uthash, set up so that running out of memory ends the program with a message. */
#ifndef SANDCAST_CORE_HASH_H
#define SANDCAST_CORE_HASH_H

#include "core/message.h"

#define uthash_fatal(msg) msg_fatal("out of memory")
#include <uthash.h>

#endif
