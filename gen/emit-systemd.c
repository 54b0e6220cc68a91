#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>

#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/emit.h"

static const char *const emit_systemd_arch[ARCH_COUNT] = {
	[ARCH_X86_64] = "x86-64",
	[ARCH_I386] = "x86",
	[ARCH_X32] = "x32",
};

/* Write SystemCallArchitectures=, SystemCallFilter= (and
 * SystemCallErrorNumber= for errno:N) lines for a unit's [Service] section,
 * or refuse (-EINVAL) a deny action systemd cannot take. */
int
emit_systemd(FILE *out, const struct emit_input *in, char **err)
{
	uint32_t full = in->deny & SECCOMP_RET_ACTION_FULL;
	size_t n, partial;
	const char **names;
	char buf[32];

	if (full != SECCOMP_RET_KILL_PROCESS && full != SECCOMP_RET_ERRNO) {
		*err = xasprintf("systemd cannot make a refused call %s: use "
		    "--action kill-process or --action errno:N",
		    action_name(in->deny, buf, sizeof buf));
		return -EINVAL;
	}
	names = emit_names(in, &n, &partial);
	emit_banner(out, in, "# ", EMIT_IN_LINE);
	fputs("#\n# For the [Service] section of a unit. systemd applies every name "
	    "to every\n# architecture listed", out);
	if (partial > 0)
		fprintf(out, ": %zu call%s recorded on some architectures only\n# %s "
		    "allowed on all of them", partial, partial == 1 ? "" : "s",
		    partial == 1 ? "is" : "are");
	fputs(".\nSystemCallArchitectures=", out);
	for (unsigned a = 0, first = 1; a < ARCH_COUNT; a++) {
		if (in->set->arches & (1u << a)) {
			fprintf(out, "%s%s", first ? "" : " ", emit_systemd_arch[a]);
			first = 0;
		}
	}
	fputs("\nSystemCallFilter=", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", names[i]);
	fputc('\n', out);
	if (full == SECCOMP_RET_ERRNO)
		fprintf(out, "SystemCallErrorNumber=%u\n", in->deny & SECCOMP_RET_DATA);
	free(names);
	return 0;
}
