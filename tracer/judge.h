/* How the tracer's clients judge a stopped call by the filter that the
 * command meets (its own, or the approved calls of record --baseline), when
 * the filter installed traces more than that one refuses. */
#ifndef SANDCAST_TRACER_JUDGE_H
#define SANDCAST_TRACER_JUDGE_H

#include <stdint.h>

#include "gen/filter.h"
#include "tracer/tracer.h"

/* Return what F returns for the call of EV (emulated, gen/emu). */
uint32_t judge_call(const struct filter *f, const struct tracer_event *ev);

#endif
