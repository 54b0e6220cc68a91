#include <inttypes.h>

#include "reporter/diff.h"
#include "reporter/present.h"

/* The end of the run of calls on ARCH that starts at V[START], START when
 * there is none. */
static size_t
arch_end(struct profile_call *const *v, size_t n, size_t start, enum arch arch)
{
	return start < n && v[start]->key.arch == arch ? present_arch_end(v, n, start) :
	    start;
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

/* Print ARCH's header, its added calls ADDED[0..NADDED-1] and its calls
 * gone REMOVED[0..NREMOVED-1]. */
static void
print_arch(FILE *out, const struct diff *d, enum arch arch,
	struct profile_call *const *added, size_t nadded,
	struct profile_call *const *removed, size_t nremoved, struct symbolizer *s)
{
	char buf[32];

	fprintf(out, "%s: %zu call%s added", arch_name(arch), nadded, present_plural(nadded));
	if (d->removed_known)
		fprintf(out, ", %zu gone", nremoved);
	fputc('\n', out);
	for (size_t i = 0; i < nadded; i++)
		print_added(out, d, added[i], s);
	for (size_t i = 0; i < nremoved; i++)
		fprintf(out, "  - %s (%u): %" PRIu64 " call%s in OLD\n",
		    present_call_name(removed[i], buf, sizeof buf), removed[i]->key.nr,
		    removed[i]->count, present_plural(removed[i]->count));
}

void
diff_text(FILE *out, const struct diff *d, struct symbolizer *s)
{
	/* Both lists are sorted by arch: walk them side by side. */
	for (size_t i = 0, j = 0; i < d->nadded || j < d->nremoved;) {
		enum arch arch = j == d->nremoved || (i < d->nadded &&
		    d->added[i]->key.arch < d->removed[j]->key.arch) ?
		    d->added[i]->key.arch : d->removed[j]->key.arch;
		size_t iend = arch_end(d->added, d->nadded, i, arch);
		size_t jend = arch_end(d->removed, d->nremoved, j, arch);
		print_arch(out, d, arch, d->added + i, iend - i, d->removed + j, jend - j, s);
		fputc('\n', out);
		i = iend;
		j = jend;
	}
	diff_notes_print(out, d, present_name_plain, "", "\n");
	if (d->nadded > 0)
		fprintf(out, "%zu system call%s added: ", d->nadded, present_plural(d->nadded));
	else
		fputs("No system call added: ", out);
	present_name_plain(out, d->new_name);
	fputs(d->nadded > 0 ? " makes calls that " : " makes no call that ", out);
	present_name_plain(out, d->old_name);
	fputs(" lacks.\n", out);
}
