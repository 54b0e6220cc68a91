#include <inttypes.h>

#include "core/argtable.h"
#include "reporter/argvalues.h"
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

/* The end of the run of new values on ARCH that starts at V[START]. */
static size_t
values_end(const struct diff_value *v, size_t n, size_t start, enum arch arch)
{
	while (start < n && v[start].call->key.arch == arch)
		start++;
	return start;
}

/* Print a new value of an argument: "~ ioctl cmd TIOCSTI (0x5412) is new",
 * with the first frames and stacks of the calls that made it. */
static void
print_value(FILE *out, const struct diff_value *v, struct symbolizer *s)
{
	char buf[32], arg[64], value[256];
	struct profile_call as;

	fprintf(out, "  ~ %s %s ", present_call_name(v->call, buf, sizeof buf),
	    argvalues_arg_name(v->call, v->arg, arg, sizeof arg));
	if (v->value == NULL) {
		fprintf(out, "is open: more than %d values, any allowed\n",
		    ARGTABLE_MAX_VALUES);
		return;
	}
	argtable_show(argtable_rule(v->call->key.arch, v->call->key.nr, v->arg->index),
	    v->value->value, value, sizeof value);
	fprintf(out, "%s is new: %" PRIu64 " call%s\n", value, v->value->count,
	    present_plural(v->value->count));
	profile_value_as_call(v->call, v->value, &as);
	present_first_frames_print(out, s, &as, 6);
	present_stacks_print(out, s, &as, 6);
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

/* Print ARCH's header, its added calls, its new values and its calls gone,
 * each list starting at *I, *J, *K, which move past them. */
static void
print_arch(FILE *out, const struct diff *d, enum arch arch, size_t *i, size_t *j,
	size_t *k, struct symbolizer *s)
{
	size_t iend = arch_end(d->added, d->nadded, *i, arch);
	size_t jend = arch_end(d->removed, d->nremoved, *j, arch);
	size_t kend = values_end(d->values, d->nvalues, *k, arch);
	char buf[32];

	if (iend == *i && jend == *j && kend == *k)
		return;
	fprintf(out, "%s: %zu call%s added", arch_name(arch), iend - *i,
	    present_plural(iend - *i));
	if (kend > *k)
		fprintf(out, ", %zu new argument value%s", kend - *k,
		    present_plural(kend - *k));
	if (d->removed_known)
		fprintf(out, ", %zu gone", jend - *j);
	fputc('\n', out);
	for (; *i < iend; (*i)++)
		print_added(out, d, d->added[*i], s);
	for (; *k < kend; (*k)++)
		print_value(out, &d->values[*k], s);
	for (; *j < jend; (*j)++)
		fprintf(out, "  - %s (%u): %" PRIu64 " call%s in OLD\n",
		    present_call_name(d->removed[*j], buf, sizeof buf),
		    d->removed[*j]->key.nr, d->removed[*j]->count,
		    present_plural(d->removed[*j]->count));
	fputc('\n', out);
}

void
diff_text(FILE *out, const struct diff *d, struct symbolizer *s)
{
	size_t i = 0, j = 0, k = 0;

	/* The lists are sorted by arch: walk them side by side. */
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		print_arch(out, d, a, &i, &j, &k, s);
	diff_notes_print(out, d, present_name_plain, "", "\n");
	if (d->nadded > 0)
		fprintf(out, "%zu system call%s added: ", d->nadded, present_plural(d->nadded));
	else
		fputs("No system call added: ", out);
	present_name_plain(out, d->new_name);
	fputs(d->nadded > 0 ? " makes calls that " : " makes no call that ", out);
	present_name_plain(out, d->old_name);
	fputs(" lacks.\n", out);
	if (d->nvalues > 0)
		fprintf(out, "%zu new argument value%s: a filter made from OLD refuses "
		    "them.\n", d->nvalues, present_plural(d->nvalues));
}
