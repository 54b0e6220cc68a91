/* The filter sandcast record installs when it is asked for nothing else. */
#ifndef SANDCAST_TRACER_CATCHALL_H
#define SANDCAST_TRACER_CATCHALL_H

#include <linux/filter.h>

/* Return a filter that stops every call of every architecture for the tracer. */
const struct sock_fprog *catchall_filter(void);

#endif
