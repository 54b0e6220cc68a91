#include <linux/seccomp.h>
#include <string.h>

#include "gen/emu.h"
#include "tracer/judge.h"

/* Return what F returns for the call of EV (emulated, gen/emu). */
uint32_t
judge_call(const struct filter *f, const struct tracer_event *ev)
{
	struct seccomp_data d = { .arch = arch_audit(ev->arch),
	    .instruction_pointer = ev->ip };

	d.nr = (int)(ev->arch == ARCH_X32 ? ev->nr | ARCH_X32_SYSCALL_BIT : ev->nr);
	memcpy(d.args, ev->args, sizeof d.args);
	return emu_run(f->insns, f->len, &d);
}
