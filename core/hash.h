/* uthash, set up so that running out of memory ends the program with a message. */
#ifndef SANDCAST_CORE_HASH_H
#define SANDCAST_CORE_HASH_H

#include "core/message.h"

#define uthash_fatal(msg) msg_fatal("out of memory")
#include <uthash.h>

/* Take every element out of the hash HEAD (handle hh) and pass it to
 * DESTROY, which frees it. */
#define HASH_DESTROY(head, destroy) do {				\
		__typeof__(head) hash_el_, hash_tmp_;			\
		HASH_ITER(hh, head, hash_el_, hash_tmp_) {		\
			HASH_DEL(head, hash_el_);			\
			destroy(hash_el_);				\
		}							\
	} while (0)

#endif
