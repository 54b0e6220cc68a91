#include <sched.h>
#include <sys/wait.h>
#include <time.h>

#include "tracer/wait.h"

/* The first poll after a sleep that could have been one. */
#define WAIT_POLL_START_NS 4000

/* A yield that took this long ran another task. */
#define WAIT_CONTENDED_NS 20000

static uint64_t
wait_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
wait_poll_init(struct wait_poll *p, uint64_t max_ns)
{
	p->max_ns = max_ns;
	p->budget_ns = max_ns;
}

static pid_t
wait_poll(struct wait_poll *p, int *status)
{
	uint64_t now = wait_now_ns(), end = now + p->budget_ns;
	pid_t tid;

	while ((tid = waitpid(-1, status, __WALL | WNOHANG)) == 0 && now < end) {
		/* Polling only keeps an idle CPU from halting: when the yield
		 * ran another task, the CPU is busy anyway, so sleep instead. */
		uint64_t before = now;
		sched_yield();
		now = wait_now_ns();
		if (now - before > WAIT_CONTENDED_NS) {
			p->budget_ns = 0;
			break;
		}
	}
	return tid;
}

static void
wait_adapt(struct wait_poll *p, uint64_t slept_ns)
{
	if (slept_ns > p->max_ns)
		p->budget_ns /= 2;
	else if (p->budget_ns < WAIT_POLL_START_NS)
		p->budget_ns = WAIT_POLL_START_NS;
	else
		p->budget_ns *= 2;
	if (p->budget_ns > p->max_ns)
		p->budget_ns = p->max_ns;
}

pid_t
wait_next(struct wait_poll *p, int *status)
{
	uint64_t start;
	pid_t tid;

	if (p->budget_ns > 0) {
		tid = wait_poll(p, status);
		if (tid != 0)
			return tid;
	}
	start = wait_now_ns();
	tid = waitpid(-1, status, __WALL);
	if (p->max_ns > 0)
		wait_adapt(p, wait_now_ns() - start);
	return tid;
}
