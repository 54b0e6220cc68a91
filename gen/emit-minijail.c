#include <inttypes.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "core/argtable.h"
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

/* The clause that argument INDEX under MASK is V: "argI == V", or for a
 * value under a mask, the bits outside V clear ("in" the complement) and
 * each bit of V set ("&"). */
static void
emit_minijail_clause(FILE *out, unsigned index, uint64_t mask, uint64_t v)
{
	if (mask == UINT64_MAX || mask == UINT32_MAX) {
		fprintf(out, "arg%u == 0x%" PRIx64, index, v);
		return;
	}
	fprintf(out, "arg%u in 0x%" PRIx64, index, ~(mask & ~v));
	for (uint64_t bit = 1; bit != 0; bit <<= 1) {
		if (v & bit)
			fprintf(out, " && arg%u & 0x%" PRIx64, index, bit);
	}
}

/* One alternative of a call's expression: the values AT of R. */
static void
emit_minijail_row(const struct filter_rule *r, const size_t *at, void *ctx)
{
	void **c = ctx;
	FILE *out = c[0];
	bool *first = c[1];

	fputs(*first ? "" : " || ", out);
	*first = false;
	for (size_t j = 0; j < r->n; j++) {
		fputs(j > 0 ? " && " : "", out);
		emit_minijail_clause(out, r->checks[j].index, r->checks[j].mask,
		    r->checks[j].values[at[j]]);
	}
}

/* A comment with the names of the values of rule R of NR, and whether a
 * prot argument keeps W^X. */
static void
emit_minijail_comment(FILE *out, enum arch arch, uint32_t nr, const struct filter_rule *r)
{
	char buf[256];
	bool wx = false;

	for (size_t i = 0; i < r->n; i++) {
		const struct argrule *ar = argtable_rule(arch, nr, r->checks[i].index);
		fprintf(out, "# %s %s:", syscalls_name(arch, nr), ar != NULL ? ar->name : "arg");
		for (size_t j = 0; j < r->checks[i].n; j++) {
			fprintf(out, " %s", ar != NULL ? argtable_describe(ar,
			    r->checks[i].values[j], buf, sizeof buf) : "?");
			wx |= ar != NULL && ar->dec == ARGDEC_PROT &&
			    (r->checks[i].values[j] & (PROT_WRITE | PROT_EXEC)) ==
			    (PROT_WRITE | PROT_EXEC);
		}
		if (ar != NULL && ar->dec == ARGDEC_PROT)
			fputs(wx ? " (not W^X: a value is both writable and executable)" :
			    " (W^X: none both writable and executable)", out);
		fputc('\n', out);
	}
}

/* The rule of the allowed NR of ARCH: "1", or its argument checks. */
static void
emit_minijail_allow(FILE *out, const struct emit_input *in, enum arch arch, uint32_t nr)
{
	const struct filter_rule *r = filter_set_rule_of(in->set, arch, nr);
	bool first = true;

	if (r == NULL) {
		fputs("1\n", out);
		return;
	}
	emit_rule_product(r, emit_minijail_row, (void *[]){ out, &first });
	fputc('\n', out);
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
		if (in->set->rules[arch][i] != NULL)
			emit_minijail_comment(out, arch, nr, in->set->rules[arch][i]);
		fprintf(out, "%s: ", name);
		if (ret == SECCOMP_RET_ALLOW)
			emit_minijail_allow(out, in, arch, nr);
		else
			fprintf(out, "return %u\n", ret & SECCOMP_RET_DATA);
	}
	return 0;
}
