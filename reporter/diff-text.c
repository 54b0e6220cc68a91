#include <inttypes.h>

#include "reporter/diff.h"
#include "reporter/present.h"

/* How many calls of V[0..N-1] are on ARCH. */
static size_t
count_arch(struct profile_call *const *v, size_t n, enum arch arch)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += v[i]->key.arch == arch;
	return c;
}

static void
print_added(FILE *out, const struct diff *d, const struct profile_call *call,
	struct symbolizer *s)
{
	char buf[32], *fallback = diff_fallback_text(d, call);

	fprintf(out, "  + %s (%u): %" PRIu64 " call%s", present_call_name(call, buf,
	    sizeof buf), call->key.nr, call->count, present_plural(call->count));
	if (call->exes != NULL)
		fputs(" by ", out);
	present_exes_print(out, call, ", ");
	fputc('\n', out);
	if (fallback != NULL)
		fprintf(out, "      %s\n", fallback);
	free(fallback);
	present_first_frames_print(out, s, call, 6);
	present_stacks_print(out, s, call, 6);
}

static void
print_arch(FILE *out, const struct diff *d, enum arch arch, struct symbolizer *s)
{
	size_t added = count_arch(d->added, d->nadded, arch);
	size_t removed = count_arch(d->removed, d->nremoved, arch);
	char buf[32];

	fprintf(out, "%s: %zu call%s added", arch_name(arch), added, present_plural(added));
	if (d->removed_known)
		fprintf(out, ", %zu gone", removed);
	fputc('\n', out);
	for (size_t i = 0; i < d->nadded; i++) {
		if (d->added[i]->key.arch == arch)
			print_added(out, d, d->added[i], s);
	}
	for (size_t i = 0; i < d->nremoved; i++) {
		const struct profile_call *c = d->removed[i];
		if (c->key.arch == arch)
			fprintf(out, "  - %s (%u): %" PRIu64 " call%s in OLD\n",
			    present_call_name(c, buf, sizeof buf), c->key.nr, c->count,
			    present_plural(c->count));
	}
}

/* Print D as text: per arch, each added call with its fallback, first frames
 * in your code and stacks, then the calls gone. */
void
diff_text(FILE *out, const struct diff *d, struct symbolizer *s)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (count_arch(d->added, d->nadded, a) + count_arch(d->removed,
		    d->nremoved, a) > 0) {
			print_arch(out, d, a, s);
			fputc('\n', out);
		}
	}
	diff_notes_print(out, d, present_name_plain, "", "\n");
	if (d->nadded > 0)
		fprintf(out, "%zu system call%s added: %s makes calls that %s lacks.\n",
		    d->nadded, present_plural(d->nadded), d->new_name, d->old_name);
	else
		fprintf(out, "No system call added: %s makes no call that %s lacks.\n",
		    d->new_name, d->old_name);
}
