/* libFuzzer target: the filter reader. The input is a count N (two bytes,
 * little-endian), N instructions of raw BPF, read as verify, run and record
 * --baseline read a bpf file, then calls (struct seccomp_data). A program
 * the kernel's checks pass is rewritten as a program's own filter is
 * (gen/ownfilter): the rewrite must pass the kernel's checks, answer each
 * call as the program did or stop it, and answer at the instruction pointer
 * ownfilter_resolve() gives with the program's own return. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/cbpf.h"
#include "gen/emu.h"
#include "gen/ownfilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A call made of BYTES, its instruction pointer outside the ones the
 * rewrite answers by (no code runs there). */
static struct seccomp_data
call_of(const uint8_t *bytes, size_t n)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof d);
	memcpy(&d, bytes, n < sizeof d ? n : sizeof d);
	d.instruction_pointer |= 0x400000;
	return d;
}

static void
fail(const char *what, uint32_t got, uint32_t want)
{
	fprintf(stderr, "%s: got 0x%08x, want 0x%08x\n", what, got, want);
	abort();
}

/* Check the rewrite OUT, number NUMBER of O, of F on the call D. */
static void
check_rewrite(const struct ownfilter *o, int number, const struct filter *f,
	const struct filter *out, struct seccomp_data d)
{
	uint32_t want = emu_run(f->insns, f->len, &d), got, ret;
	uint32_t action = want & SECCOMP_RET_ACTION_FULL;
	uint64_t ip;

	got = emu_run(out->insns, out->len, &d);
	if (action == SECCOMP_RET_ALLOW || action == SECCOMP_RET_LOG) {
		if (got != want)
			fail("a call the program lets run", got, want);
		return;
	}
	if (got != (SECCOMP_RET_TRACE | (uint32_t)(number + 1)))
		fail("a call the program answers stops", got, SECCOMP_RET_TRACE | (uint32_t)(number + 1));
	ip = ownfilter_resolve(o, number, &d, &ret);
	if (ret != want)
		fail("resolve: the program's answer", ret, want);
	if (ip == 0 && action != SECCOMP_RET_TRACE)
		fail("an answer with no instruction pointer", ret, want);
	d.instruction_pointer = ip;
	if (ip != 0 && (got = emu_run(out->insns, out->len, &d)) != want)
		fail("the rewrite at the instruction pointer given", got, want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size < 2 ? 0 : (size_t)(data[0] | data[1] << 8) * 8;
	struct filter f = { NULL, 0 }, out = { NULL, 0 };
	struct ownfilter *o;
	char *err = NULL, why[160];
	int number;

	if (len > size - 2)
		len = (size - 2) & ~(size_t)7;
	if (size < 2 || cbpf_from_bytes("fuzz", data + 2, len, &f, &err) != 0 ||
	    emu_check(f.insns, f.len, why, sizeof why) != 0) {
		free(err);
		filter_free(&f);
		return 0;
	}
	o = ownfilter_new();
	number = ownfilter_rewrite(o, f.insns, f.len, -1, &out);
	if (number >= 0 && emu_check(out.insns, out.len, why, sizeof why) != 0) {
		fprintf(stderr, "the rewrite fails the kernel's checks: %s\n", why);
		abort();
	}
	/* The calls: the bytes after the program. */
	for (size_t at = 2 + len; number >= 0 && at <= size; at += sizeof(struct seccomp_data))
		check_rewrite(o, number, &f, &out, call_of(data + at, size - at));
	filter_free(&out);
	ownfilter_free(o);
	filter_free(&f);
	return 0;
}
