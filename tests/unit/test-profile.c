/* Unit tests of core/profile: calls, executable sets, stacks, merge and caps. */
#include "core/profile.h"
#include "core/strpool.h"
#include "tests/unit/tap.h"

static struct profile_frame
frame(const char *module, uint64_t offset)
{
	struct profile_frame f = { strpool_intern(module), NULL, offset, 0 };
	return f;
}

static void
test_calls_and_exes(void)
{
	struct profile p;
	struct profile_call *c;
	size_t n;
	const char **exes;

	profile_init(&p);
	c = profile_get(&p, ARCH_X86_64, 0);
	c->count++;
	profile_call_add_exe(c, strpool_intern("/bin/b"));
	profile_call_add_exe(c, strpool_intern("/bin/a"));
	profile_call_add_exe(c, strpool_intern("/bin/b"));
	tap_ok(profile_get(&p, ARCH_X86_64, 0) == c, "get finds the same call");
	tap_ok(profile_find(&p, ARCH_X32, 0) == NULL, "x32 0 is another call");
	exes = profile_call_sorted_exes(c, &n);
	tap_is_int((long long)n, 2, "exe set has two members");
	tap_is_str(exes[0], "/bin/a", "exes sorted");
	free(exes);
	profile_free(&p);
	tap_ok(p.calls == NULL, "free empties the profile");
}

static void
test_stack_cap_at_record(void)
{
	struct profile p;
	struct profile_call *c;
	struct profile_frame f[2] = { frame("/lib/libc.so.6", 0x10), frame("/a", 0x20) };

	profile_init(&p);
	c = profile_get(&p, ARCH_I386, 3);
	tap_ok(profile_call_add_stack(c, f, 2, false, 1, 2) != NULL, "first stack kept");
	tap_ok(profile_call_add_stack(c, f, 2, false, 1, 2) != NULL, "same stack counted");
	tap_ok(profile_call_add_stack(c, f, 1, false, 1, 2) != NULL, "second stack kept");
	f[1].offset = 0x30;
	tap_ok(profile_call_add_stack(c, f, 2, false, 1, 2) == NULL, "third stack over cap");
	tap_is_int(c->nstacks, 2, "two stacks");
	tap_is_int((long long)profile_call_find_stack(c, f, 1)->count, 1,
	    "one-frame stack count");
	profile_free(&p);
}

/* A profile with one call whose stacks are given as (offset, count) pairs. */
static void
build(struct profile *p, const uint64_t (*stacks)[2], int n, int runs)
{
	struct profile_call *c;
	char prog[] = "prog", *argv[] = { prog, NULL };

	profile_init(p);
	p->stack_limit = 2;
	c = profile_get(p, ARCH_X86_64, 1);
	for (int i = 0; i < n; i++) {
		struct profile_frame f = frame("/prog", stacks[i][0]);
		c->count += stacks[i][1];
		profile_call_add_stack(c, &f, 1, false, stacks[i][1], 8);
	}
	for (int i = 0; i < runs; i++)
		profile_add_run(p, argv, i, "ptrace", NULL);
}

/* Of the one-frame stacks /prog+1, +2, +3, the offset of the largest hash. */
static uint64_t
dropped_offset(void)
{
	uint64_t best = 0, top = 0;

	for (uint64_t off = 1; off <= 3; off++) {
		struct profile_frame f = frame("/prog", off);
		uint64_t h = profile_stack_hash(&f, 1);
		if (h >= top) {
			top = h;
			best = off;
		}
	}
	return best;
}

static void
test_merge_is_order_free(void)
{
	static const uint64_t a[][2] = { { 1, 5 }, { 2, 1 } };
	static const uint64_t b[][2] = { { 2, 9 }, { 3, 4 } };
	struct profile pa, pb, ab, ba;
	struct profile_stack **s1, **s2;
	struct profile_call *c1, *c2;

	build(&pa, a, 2, 1);
	build(&pb, b, 2, 2);
	profile_init(&ab);
	profile_init(&ba);
	profile_merge(&ab, &pa);
	profile_merge(&ab, &pb);
	profile_merge(&ba, &pb);
	profile_merge(&ba, &pa);
	profile_cap_stacks(&ab, ab.stack_limit);
	profile_cap_stacks(&ba, ba.stack_limit);
	c1 = profile_find(&ab, ARCH_X86_64, 1);
	c2 = profile_find(&ba, ARCH_X86_64, 1);
	tap_is_int((long long)c1->count, 19, "counts add");
	tap_is_int(c1->nstacks, 2, "stacks capped at the limit");
	s1 = profile_call_sorted_stacks(c1);
	s2 = profile_call_sorted_stacks(c2);
	tap_ok(profile_call_find_stack(c1, &(struct profile_frame){ strpool_intern("/prog"),
	    NULL, dropped_offset(), 0 }, 1) == NULL,
	    "the stack of the largest hash is the one dropped");
	tap_ok(s1[0]->frames[0].offset == s2[0]->frames[0].offset &&
	    s1[1]->frames[0].offset == s2[1]->frames[0].offset &&
	    s1[0]->count == s2[0]->count && s1[1]->count == s2[1]->count,
	    "both orders keep the same stacks, with the same counts");
	tap_ok(dropped_offset() == 2 || (s1[0]->frames[0].offset == 2 &&
	    s1[0]->count == 10), "stack 2, if kept, united: 1 + 9");
	tap_is_int((long long)ab.nruns, 3, "runs appended");
	free(s1);
	free(s2);
	profile_free(&pa);
	profile_free(&pb);
	profile_free(&ab);
	profile_free(&ba);
}

static void
test_sorted_calls(void)
{
	struct profile p;
	size_t n, counts[ARCH_COUNT];
	struct profile_call **v;

	profile_init(&p);
	profile_get(&p, ARCH_X32, 0);
	profile_get(&p, ARCH_X86_64, 9);
	profile_get(&p, ARCH_X86_64, 2);
	profile_get(&p, ARCH_I386, 1);
	v = profile_sorted_calls(&p, &n);
	tap_ok(n == 4 && v[0]->key.nr == 2 && v[1]->key.nr == 9 &&
	    v[2]->key.arch == ARCH_I386 && v[3]->key.arch == ARCH_X32,
	    "sorted by arch then number");
	profile_count_per_arch(&p, counts);
	tap_ok(counts[ARCH_X86_64] == 2 && counts[ARCH_I386] == 1 &&
	    counts[ARCH_X32] == 1, "counts per arch");
	free(v);
	profile_free(&p);
}

int
main(void)
{
	test_calls_and_exes();
	test_stack_cap_at_record();
	test_merge_is_order_free();
	test_sorted_calls();
	return tap_done();
}
