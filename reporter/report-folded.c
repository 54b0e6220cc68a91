#include <inttypes.h>
#include <string.h>

#include "core/utf8.h"
#include "reporter/present.h"
#include "reporter/report.h"

/* Print TEXT as one folded-stack field: ';' separates fields, so it becomes
 * ':'; a line per stack, so control characters are escaped (utf8_escape()). */
static void
print_field(FILE *out, const char *text)
{
	char *shown = utf8_escape(text);

	for (const char *c = shown; *c != '\0'; c++)
		fputc(*c == ';' ? ':' : *c, out);
	free(shown);
}

/* The executable of stack ST of a call made by EXES[0..N-1]: the only one,
 * else the outermost frame's module that is one of them, else "[several]". */
static const char *
stack_exe(const struct profile_stack *st, const char *const *exes, size_t n)
{
	if (n == 0)
		return "[unknown]";
	if (n == 1)
		return exes[0];
	for (uint32_t j = st != NULL ? st->nframes : 0; j-- > 0;) {
		for (size_t i = 0; st->frames[j].module != NULL && i < n; i++) {
			if (strcmp(st->frames[j].module, exes[i]) == 0)
				return exes[i];
		}
	}
	return "[several]";
}

static void
print_frames(FILE *out, struct symbolizer *s, const struct profile_stack *st)
{
	if (st->truncated)
		fputs("[truncated];", out);
	for (uint32_t j = st->nframes; j-- > 0;) {
		struct symbolize_frame sf;
		struct present_frame w;
		symbolize_frame(s, &st->frames[j], &sf);
		present_frame_words(&st->frames[j], &sf, &w);
		print_field(out, sf.function != NULL ? sf.function : w.name);
		fputc(';', out);
	}
}

/* One line: ARCH;EXE;[FRAMES;]NAME COUNT. */
static void
print_line(FILE *out, struct symbolizer *s, const struct profile_call *call,
	const struct profile_stack *st, const char *exe, uint64_t count)
{
	char buf[32];

	if (count == 0)
		return;
	fprintf(out, "%s;", arch_name(call->key.arch));
	print_field(out, exe);
	fputc(';', out);
	if (st != NULL)
		print_frames(out, s, st);
	fprintf(out, "%s %" PRIu64 "\n", present_call_name(call, buf, sizeof buf), count);
}

static void
print_call(FILE *out, struct symbolizer *s, const struct profile_call *call)
{
	size_t n;
	const char **exes = profile_call_sorted_exes(call, &n);
	struct profile_stack **v = profile_call_sorted_stacks(call);

	for (unsigned i = 0; i < call->nstacks; i++)
		print_line(out, s, call, v[i], stack_exe(v[i], exes, n), v[i]->count);
	print_line(out, s, call, NULL, stack_exe(NULL, exes, n),
	    present_unattributed(call));
	free(v);
	free(exes);
}

void
report_folded(FILE *out, const struct profile *p, const struct report_options *o,
	struct symbolizer *s)
{
	size_t n;
	struct profile_call **v = present_calls_by_name(p, o->arches, &n);

	for (size_t i = 0; i < n; i++)
		print_call(out, s, v[i]);
	free(v);
}
