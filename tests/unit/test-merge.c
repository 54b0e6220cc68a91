/* Property test of merging: for random profiles, merging all at once and
 * merging any grouping of them in any order (each step written out and read
 * back, as merge -o and record --append do) give the same bytes; the
 * stacks kept have exact counts; arguments' values unite, and open past
 * ARGTABLE_MAX_VALUES whatever the grouping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile-io.h"
#include "core/strpool.h"
#include "core/xmalloc.h"
#include "tests/unit/tap.h"

/* Profiles per case, and cases. */
#define MERGE_INPUTS 5
#define MERGE_CASES 300

static uint64_t rng_state;

/* xorshift64*: the same cases on every run and machine. */
static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

/* Paths and names with the bytes a profile must carry: spaces, '+', '%',
 * a newline, bytes that are not UTF-8. */
static const char *const paths[] = {
	"/lib/libc.so.6", "/usr/lib/libc.so.6", "/opt/a b/lib+x.so", "/d\xff/true",
	"/n\nl/app", "/p%41/q", "/lib/libm.so.6",
};
static const char *const build_ids[] = { NULL, "abcd", "ef01" };
#define NPATHS (sizeof paths / sizeof *paths)

static struct profile_frame
random_frame(void)
{
	struct profile_frame f = { NULL, NULL, 0x1000 + pick(4) * 0x10, pick(3) == 0 };

	if (pick(5) != 0) {
		f.module = strpool_intern(paths[pick(NPATHS)]);
		f.build_id = strpool_intern(build_ids[pick(3)]);
	}
	return f;
}

/* A count, now and then one that saturates when added up. */
static uint64_t
random_count(void)
{
	return pick(20) == 0 ? PROFILE_COUNT_MAX - pick(3) : 1 + pick(50);
}

static void
random_stacks(struct profile_call *c, unsigned limit)
{
	unsigned n = limit == 0 ? 0 : pick(limit + 1);

	for (unsigned i = 0; i < n; i++) {
		struct profile_frame f[3];
		uint32_t depth = 1 + pick(3);
		uint64_t count = random_count();
		for (uint32_t j = 0; j < depth; j++)
			f[j] = random_frame();
		profile_call_add_stack(c, f, depth, pick(4) == 0, count, UINT32_MAX);
		c->count = profile_count_add(c->count, count);
	}
}

/* Values of one or two arguments of C, with stacks, from a pool large
 * enough that the union of the inputs now and then opens one. */
static void
random_args(struct profile_call *c, unsigned limit)
{
	unsigned nargs = pick(3);

	for (unsigned i = 0; i < nargs; i++) {
		struct profile_arg *arg = profile_call_arg(c, pick(3));
		unsigned nvalues = pick(4) == 0 ? 30 : pick(5);
		if (pick(10) == 0)
			profile_arg_open(arg);
		for (unsigned j = 0; j < nvalues; j++) {
			uint64_t x = pick(2) ? pick(48) : (uint64_t)pick(3) << 32 | pick(2);
			struct profile_value *v = profile_arg_add(arg, x, random_count());
			for (unsigned k = 0; v != NULL && limit > 0 && k < pick(limit + 1); k++) {
				struct profile_frame f = random_frame();
				profile_value_add_stack(v, &f, 1, false, 1 + pick(5), UINT32_MAX);
			}
		}
	}
}

static void
random_profile(struct profile *p)
{
	char a0[] = "app", a1[] = "--x\xfe", a2[16], *argv[] = { a0, a1, a2, NULL };
	unsigned ncalls = pick(6);

	profile_init(p);
	/* Some inputs record no stacks (limit 0). */
	p->stack_limit = pick(4) == 0 ? 0 : 1 + pick(4);
	for (unsigned i = 0; i < ncalls; i++) {
		struct profile_call *c = profile_get(p, pick(3), pick(6));
		c->count = profile_count_add(c->count, random_count());
		profile_call_add_exe(c, strpool_intern(paths[pick(NPATHS)]));
		random_stacks(c, p->stack_limit);
		random_args(c, p->stack_limit);
	}
	snprintf(a2, sizeof a2, "%u", pick(1000));
	profile_run_set_launch(profile_add_run(p, argv, (int)pick(3), "ptrace",
	    pick(2) ? "base.json" : NULL), pick(2) ? "execve" : NULL);
}

/* Merge the texts V[0..N-1] as 'sandcast merge' does; free() the result. */
static char *
merge_texts(char *const *v, size_t n)
{
	struct profile p;
	char *err = NULL, *text;
	size_t len;

	profile_init(&p);
	for (size_t i = 0; i < n; i++) {
		if (profile_io_parse("input", v[i], strlen(v[i]), &p, 0, &err) != 0) {
			tap_ok(false, "a merged profile reads back: %s", err);
			free(err);
		}
	}
	profile_cap_stacks(&p, p.stack_limit);
	text = profile_io_text(&p, &len);
	profile_free(&p);
	return text;
}

/* Merge V[0..N-1] in a random grouping and order: take a random subset
 * out, merge it, put the result back, until one is left (merged at least
 * once: an input written by hand may keep more stacks than its limit). */
static char *
merge_grouped(char **v, size_t n)
{
	do {
		size_t k = 1 + pick((unsigned)n), last = n - k;
		char **group = xcalloc(k, sizeof *group);
		for (size_t i = 0; i < k; i++) {
			size_t j = pick((unsigned)(n - i));
			group[i] = v[j];
			v[j] = v[n - i - 1];
		}
		v[last] = merge_texts(group, k);
		for (size_t i = 0; i < k; i++)
			free(group[i]);
		free(group);
		n = last + 1;
	} while (n > 1 || pick(2) == 0);
	return v[0];
}

/* Merged results with an open argument, and with values. */
static unsigned cases_open, cases_values;

static bool
merge_case(void)
{
	char *inputs[MERGE_INPUTS], *copy[MERGE_INPUTS], *once, *grouped;
	size_t n = 1 + pick(MERGE_INPUTS), len;
	bool same;

	for (size_t i = 0; i < n; i++) {
		struct profile p;
		random_profile(&p);
		inputs[i] = profile_io_text(&p, &len);
		copy[i] = xstrdup(inputs[i]);
		profile_free(&p);
	}
	once = merge_texts(inputs, n);
	grouped = merge_grouped(copy, n);
	same = strcmp(once, grouped) == 0;
	cases_open += strstr(once, "\"open\": true") != NULL;
	cases_values += strstr(once, "\"value\": \"0x") != NULL;
	if (!same) {
		printf("# all at once:\n%s# grouped:\n%s", once, grouped);
		for (size_t i = 0; i < n; i++)
			printf("# input %zu:\n%s", i, inputs[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(inputs[i]);
	free(once);
	free(grouped);
	return same;
}

/* A stack kept after capping has the count of all its inputs; one that
 * saturates stays at the largest count, and is written as such. */
static void
test_exact_counts(void)
{
	struct profile_frame f = { strpool_intern("/lib/libc.so.6"), NULL, 0x10, 0 };
	struct profile a, b;
	struct profile_call *c;
	char *ta, *tb, *v[2], *m;
	size_t len;

	profile_init(&a);
	a.stack_limit = 1;
	c = profile_get(&a, ARCH_X86_64, 1);
	c->count = PROFILE_COUNT_MAX - 1;
	profile_call_add_stack(c, &f, 1, false, PROFILE_COUNT_MAX - 1, 1);
	profile_init(&b);
	b.stack_limit = 1;
	c = profile_get(&b, ARCH_X86_64, 1);
	c->count = 5;
	profile_call_add_stack(c, &f, 1, false, 5, 1);
	v[0] = ta = profile_io_text(&a, &len);
	v[1] = tb = profile_io_text(&b, &len);
	m = merge_texts(v, 2);
	tap_ok(strstr(m, "\"count\": 9223372036854775807") != NULL &&
	    strstr(m, "\"count\": -") == NULL,
	    "counts past 2^63-1 saturate there, never written negative");
	free(m);
	free(ta);
	free(tb);
	profile_free(&a);
	profile_free(&b);
}

int
main(void)
{
	unsigned failed = 0;

	rng_state = 0x5a4dca57ULL;
	for (unsigned i = 0; i < MERGE_CASES; i++)
		failed += !merge_case();
	tap_is_int(failed, 0, "300 random cases: any grouping and order of merges "
	    "gives the bytes of one merge of all");
	tap_ok(cases_open > 10 && cases_values > 100, "the cases have arguments' "
	    "values (%u) and open arguments (%u)", cases_values, cases_open);
	test_exact_counts();
	strpool_clear();
	return tap_done();
}
