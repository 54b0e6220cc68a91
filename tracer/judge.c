#include <string.h>

#include "tracer/judge.h"

uint32_t
judge_call(const struct judge *j, const struct tracer_event *ev)
{
	struct seccomp_data d = { .arch = arch_audit(ev->arch),
	    .instruction_pointer = ev->ip };

	d.nr = (int)(ev->arch == ARCH_X32 ? ev->nr | ARCH_X32_SYSCALL_BIT : ev->nr);
	memcpy(d.args, ev->args, sizeof d.args);
	return j->decide(j->filter, &d);
}
