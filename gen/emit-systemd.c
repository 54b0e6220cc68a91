#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>

#include "core/message.h"
#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/emit.h"

static const char *const emit_systemd_arch[ARCH_COUNT] = {
	[ARCH_X86_64] = "x86-64",
	[ARCH_I386] = "x86",
	[ARCH_X32] = "x32",
};

/* Say in the comment that the calls failed with ENOSYS get the deny action:
 * systemd takes an errno per call in deny-lists only. */
static void
emit_systemd_fallbacks(FILE *out, const struct emit_input *in)
{
	size_t n, partial;
	const char **names = emit_names(in, FILTER_RET_FALLBACK, &n, &partial);
	char buf[32];

	if (n > 0) {
		fprintf(out, "\n# --errno-fallback cannot be said in an allow-list here "
		    "(systemd takes an\n# errno per call in deny-lists only): these %zu "
		    "calls get %s, not ENOSYS:\n#  ", n,
		    action_name(in->deny, buf, sizeof buf));
		for (size_t i = 0; i < n; i++)
			fprintf(out, " %s", names[i]);
		msg_warn("systemd: the %zu calls --errno-fallback fails with ENOSYS get "
		    "%s in a unit", n, buf);
	}
	free(names);
}

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
	names = emit_names(in, SECCOMP_RET_ALLOW, &n, &partial);
	emit_banner(out, in, "# ", EMIT_IN_LINE);
	fputs("#\n# For the [Service] section of a unit. systemd applies every name "
	    "to every\n# architecture listed", out);
	if (partial > 0)
		fprintf(out, ": %zu call%s recorded on some architectures only\n# %s "
		    "allowed on all of them", partial, partial == 1 ? "" : "s",
		    partial == 1 ? "is" : "are");
	fputc('.', out);
	emit_systemd_fallbacks(out, in);
	fputs("\nSystemCallArchitectures=", out);
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
