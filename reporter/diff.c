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

static bool
from_baseline_run(const struct profile *p)
{
	for (size_t i = 0; i < p->nruns; i++) {
		if (p->runs[i].baseline != NULL)
			return true;
	}
	return false;
}

/* Compare the calls of OLD and NEW (kept by reference) into *D, each list
 * sorted by arch, then name. */
void
diff_compute(const struct profile *old, const struct profile *new, struct diff *d)
{
	d->old = old;
	d->new = new;
	d->added = present_calls_by_name(new, ARCH_MASK_ALL, &d->nadded);
	keep_missing(d->added, &d->nadded, old);
	d->removed_known = !from_baseline_run(new);
	d->removed = present_calls_by_name(old, ARCH_MASK_ALL, &d->nremoved);
	if (!d->removed_known)
		d->nremoved = 0;
	keep_missing(d->removed, &d->nremoved, new);
}

/* Free the lists of D. */
void
diff_free(struct diff *d)
{
	free(d->added);
	free(d->removed);
	d->added = d->removed = NULL;
}

/* Return what is known of added CALL as an older call's newer twin or as a
 * probe callers do without ("newer twin of clone (56): ..."), or NULL; free() it. */
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
