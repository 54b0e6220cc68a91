/* What the tracer's clients need from a filter: its decision for a stopped
 * call, when the filter installed traces more than the filter the command
 * meets (its own, or the approved calls of record --baseline) refuses. The
 * tracer knows no filter format: a client hands it a function and the
 * filter that function reads. */
#ifndef SANDCAST_TRACER_JUDGE_H
#define SANDCAST_TRACER_JUDGE_H

#include <linux/seccomp.h>
#include <stdint.h>

#include "tracer/tracer.h"

struct judge {
	/* Return what FILTER returns (a SECCOMP_RET_* value) for the call D. */
	uint32_t (*decide)(const void *filter, const struct seccomp_data *d);
	const void *filter;
};

/* Return what J's filter returns for the call of EV, as the kernel would
 * hand it over (the x32 bit put back into the number). */
uint32_t judge_call(const struct judge *j, const struct tracer_event *ev);

#endif
