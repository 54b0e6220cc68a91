#include <linux/seccomp.h>
#include <stdlib.h>

#include "core/syscalls.h"
#include "gen/action.h"
#include "gen/emit.h"

/* The one architecture a policy describes: x86_64 when admitted, else the
 * first admitted. */
static enum arch
emit_minijail_arch(const struct filter_set *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (s->arches & (1u << a))
			return a;
	}
	return ARCH_X86_64;
}

int
emit_minijail(FILE *out, const struct emit_input *in, char **err)
{
	enum arch arch = emit_minijail_arch(in->set);
	char buf[32];

	(void)err;
	emit_banner(out, in, "# ", EMIT_IN_LINE);
	fprintf(out, "#\n# The %s calls of the profile. What this policy cannot say:\n",
	    arch_name(arch));
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (a != arch && (in->set->arches & (1u << a)))
			fprintf(out, "# - the %zu %s calls: a policy is compiled for one "
			    "architecture (sandcast gen --arch %s for theirs);\n",
			    in->set->count[a], arch_name(a), arch_name(a));
	}
	fprintf(out, "# - the action for other calls (%s here): minijail0's options "
	    "choose it\n#   (it kills by default).\n",
	    action_name(in->deny, buf, sizeof buf));
	for (size_t i = 0; i < in->set->count[arch]; i++) {
		uint32_t nr = in->set->nrs[arch][i], ret = in->set->rets[arch][i];
		const char *name = syscalls_name(arch, nr);
		/* minijail takes names it knows only ("nonexistent syscall"). */
		if (name == NULL)
			emit_warn_unnamed(arch, nr);
		if (name == NULL || !consumer_knows(in->consumer, arch, name)) {
			emit_name_ok(in, arch, nr, name != NULL ? name : "?");
			fprintf(out, "# %u (%s): left out, minijail has no name for it\n", nr,
			    name != NULL ? name : "no name");
			continue;
		}
		fprintf(out, "%s: ", name);
		if (ret == SECCOMP_RET_ALLOW)
			fputs("1\n", out);
		else
			fprintf(out, "return %u\n", ret & SECCOMP_RET_DATA);
	}
	return 0;
}
