/* Waiting for the next tracee event: poll briefly before sleeping, so that a
 * tracer whose tracees stop again within microseconds does not let its CPU
 * go idle (on a VM, an idle vCPU halts, and waking it costs tens of µs). */
#ifndef SANDCAST_TRACER_WAIT_H
#define SANDCAST_TRACER_WAIT_H

#include <stdint.h>
#include <sys/types.h>

/* How long to poll: grown when a sleep ended soon after it began, shrunk
 * when one lasted long (the halt-polling rule of KVM), dropped when a yield
 * showed that the CPU has other work. */
struct wait_poll {
	uint64_t budget_ns; /* 0: sleep at once */
	uint64_t max_ns;    /* the longest poll, and what counts as "soon" */
};

/* Set P up to poll for at most MAX_NS (0: never poll). */
void wait_poll_init(struct wait_poll *p, uint64_t max_ns);

/* Wait for the next event of any tracee, like waitpid(-1, STATUS, __WALL):
 * return its tid, or -1 with errno (EINTR, ECHILD). */
pid_t wait_next(struct wait_poll *p, int *status);

#endif
