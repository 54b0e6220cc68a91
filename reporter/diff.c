#include <string.h>

#include "core/fallbacks.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "reporter/diff.h"
#include "reporter/present.h"

/* Keep in V the calls of V[0..*N-1] that OTHER does not list. */
static void
keep_missing(struct profile_call **v, size_t *n, const struct profile *other)
{
	size_t kept = 0;

	for (size_t i = 0; i < *n; i++) {
		if (profile_find(other, v[i]->key.arch, v[i]->key.nr) == NULL)
			v[kept++] = v[i];
	}
	*n = kept;
}

/* The baseline of P when every run of P is a --baseline run against it,
 * else NULL (a full run makes P whole, as after record --update). */
static const char *
baseline_of(const struct profile *p)
{
	const char *base = p->nruns > 0 ? p->runs[0].baseline : NULL;

	for (size_t i = 0; base != NULL && i < p->nruns; i++) {
		if (p->runs[i].baseline == NULL || strcmp(p->runs[i].baseline, base) != 0)
			return NULL;
	}
	return base;
}

/* The arches P has calls of. */
static arch_mask
arches_of(const struct profile *p)
{
	size_t counts[ARCH_COUNT];
	arch_mask m = 0;

	profile_count_per_arch(p, counts);
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		m |= counts[a] > 0 ? 1u << a : 0;
	return m;
}

/* Add to D the new values of argument ARG of CALL against OLD's argument. */
static void
diff_arg_values(struct diff *d, const struct profile_call *call,
	const struct profile_arg *arg, const struct profile_arg *old)
{
	struct profile_value **v;

	if (old == NULL || old->open)
		return;
	if (arg->open) {
		d->values = xreallocarray(d->values, d->nvalues + 1, sizeof *d->values);
		d->values[d->nvalues++] = (struct diff_value){ call, arg, NULL };
		return;
	}
	v = profile_arg_sorted_values(arg);
	for (unsigned i = 0; i < arg->nvalues; i++) {
		if (profile_arg_find(old, v[i]->value) != NULL)
			continue;
		d->values = xreallocarray(d->values, d->nvalues + 1, sizeof *d->values);
		d->values[d->nvalues++] = (struct diff_value){ call, arg, v[i] };
	}
	free(v);
}

/* The new values of the arguments of the calls NEW and OLD both make, for
 * the arguments OLD constrains (a profile without a call's argument, of a
 * version before arguments, constrains none). */
static void
diff_values(struct diff *d)
{
	size_t n;
	struct profile_call **v = present_calls_by_name(d->new, ARCH_MASK_ALL, &n);

	d->values = NULL;
	d->nvalues = 0;
	for (size_t i = 0; i < n; i++) {
		const struct profile_call *old = profile_find(d->old, v[i]->key.arch,
		    v[i]->key.nr);
		for (unsigned j = 0; old != NULL && j < v[i]->nargs; j++)
			diff_arg_values(d, v[i], &v[i]->args[j],
			    profile_call_find_arg(old, v[i]->args[j].index));
	}
	free(v);
}

bool
diff_changed(const struct diff *d)
{
	return d->nadded > 0 || d->nvalues > 0;
}

void
diff_compute(const struct profile *old, const struct profile *new, struct diff *d)
{
	d->old = old;
	d->new = new;
	d->old_baseline = baseline_of(old);
	d->new_baseline = baseline_of(new);
	d->old_arches = arches_of(old);
	d->new_arches = arches_of(new);
	d->added = present_calls_by_name(new, ARCH_MASK_ALL, &d->nadded);
	keep_missing(d->added, &d->nadded, old);
	d->removed_known = d->new_baseline == NULL || (d->old_baseline != NULL &&
	    strcmp(d->old_baseline, d->new_baseline) == 0);
	d->removed = NULL;
	d->nremoved = 0;
	if (d->removed_known) {
		d->removed = present_calls_by_name(old, ARCH_MASK_ALL, &d->nremoved);
		keep_missing(d->removed, &d->nremoved, new);
	}
	diff_values(d);
}

bool
diff_old_partial(const struct diff *d)
{
	return d->old_baseline != NULL && (d->new_baseline == NULL ||
	    strcmp(d->old_baseline, d->new_baseline) != 0);
}

void
diff_free(struct diff *d)
{
	free(d->added);
	free(d->removed);
	free(d->values);
	d->added = d->removed = NULL;
	d->values = NULL;
}

/* The notes on an arch that one side has calls of and the other none. */
static void
notes_arches(FILE *out, const struct diff *d, present_name_fn name, const char *before,
	const char *after)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		arch_mask bit = 1u << a;
		if ((d->new_arches & bit) && !(d->old_arches & bit) && !diff_old_partial(d)) {
			fputs(before, out);
			name(out, d->old_name);
			fprintf(out, " has no %s call at all: a filter made from it kills "
			    "every %s call.%s", arch_name(a), arch_name(a), after);
		} else if ((d->old_arches & bit) && !(d->new_arches & bit) &&
		    d->removed_known) {
			fputs(before, out);
			name(out, d->new_name);
			fprintf(out, " makes no %s call at all.%s", arch_name(a), after);
		}
	}
}

void
diff_notes_print(FILE *out, const struct diff *d, present_name_fn name,
	const char *before, const char *after)
{
	notes_arches(out, d, name, before, after);
	if (!d->removed_known) {
		fputs(before, out);
		name(out, d->new_name);
		fprintf(out, " comes from a --baseline run, which records only calls "
		    "its baseline lacks: calls gone cannot be told.%s", after);
	}
	if (diff_old_partial(d)) {
		fputs(before, out);
		name(out, d->old_name);
		fputs(" comes from a --baseline run against ", out);
		name(out, d->old_baseline);
		fputs(": it holds only the calls that profile lacks, so the calls of ", out);
		name(out, d->new_name);
		fputs(" that the baseline allows are listed as added too. Compare ", out);
		name(out, d->new_name);
		fputs(" with ", out);
		name(out, d->old_baseline);
		fputs(" instead, or merge the baseline into ", out);
		name(out, d->old_name);
		fprintf(out, " first.%s", after);
	}
}

char *
diff_fallback_text(const struct diff *d, const struct profile_call *call)
{
	enum arch arch = call->key.arch;
	const struct fallback *fb = fallbacks_find(arch, call->key.nr);
	int older;

	if (fb == NULL)
		return NULL;
	older = fallbacks_older(fb, arch);
	if (older < 0)
		return xasprintf("known probe: %s", fb->note);
	return xasprintf("newer twin of %s (%d)%s%s: %s", syscalls_name(arch, (uint32_t)older),
	    older, d->removed_known &&
	    profile_find(d->old, arch, (uint32_t)older) != NULL &&
	    profile_find(d->new, arch, (uint32_t)older) == NULL ?
	    ", which is gone" : "", fb->no_fallback ? ", no fallback" : "", fb->note);
}
