/* Unit tests of tracer/wait: events of real children, and the poll budget
 * shrinking after long sleeps, coming back after short ones, and dropped on
 * a busy CPU. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "tracer/wait.h"

static pid_t
child_exiting_after(useconds_t us, int status)
{
	pid_t pid = fork();

	if (pid == 0) {
		usleep(us);
		_exit(status);
	}
	return pid;
}

/* On a CPU that another task keeps busy, a yield runs that task: polling
 * stops at once. */
static void
test_busy_cpu(void)
{
	struct wait_poll p;
	cpu_set_t one, saved;
	pid_t spinner, pid;
	int st;

	sched_getaffinity(0, sizeof saved, &saved);
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	sched_setaffinity(0, sizeof one, &one);
	spinner = fork();
	if (spinner == 0)
		for (;;)
			;
	pid = child_exiting_after(100000, 0);
	wait_poll_init(&p, 50000);
	tap_is_int(wait_next(&p, &st), pid, "a child is reported while a spinner shares the CPU");
	tap_is_int(p.budget_ns, 0, "and the busy CPU stopped the polling");
	kill(spinner, SIGKILL);
	waitpid(spinner, &st, 0);
	sched_setaffinity(0, sizeof saved, &saved);
}

int
main(void)
{
	struct wait_poll p;
	pid_t pid;
	int st;

	wait_poll_init(&p, 0);
	pid = child_exiting_after(0, 3);
	tap_is_int(wait_next(&p, &st), pid, "no polling: the child's exit is reported");
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "with its status");
	tap_is_int(p.budget_ns, 0, "and the budget stays 0");

	wait_poll_init(&p, 50000);
	tap_is_int(p.budget_ns, 50000, "polling starts at the longest poll");
	pid = child_exiting_after(200000, 0);
	tap_is_int(wait_next(&p, &st), pid, "a child that takes 0.2 s is reported");
	tap_ok(p.budget_ns < 50000, "after a long sleep the poll shrinks");

	wait_poll_init(&p, 1000000000);
	p.budget_ns = 0;
	pid = child_exiting_after(1000, 0);
	tap_is_int(wait_next(&p, &st), pid, "a child that takes 1 ms is reported");
	tap_ok(p.budget_ns > 0 && p.budget_ns < 1000000, "after a short sleep polling starts again, small");

	test_busy_cpu();
	errno = 0;
	tap_ok(wait_next(&p, &st) == -1 && errno == ECHILD, "no children: ECHILD");
	return tap_done();
}
