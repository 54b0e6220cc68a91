#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/argtable.h"
#include "core/fallbacks.h"
#include "core/message.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/cbpf.h"
#include "gen/emit.h"

static const char emit_c_includes[] =
	"#ifndef _GNU_SOURCE\n"
	"#define _GNU_SOURCE 1\n"
	"#endif\n"
	"#include <errno.h>\n"
	"#include <stddef.h>\n"
	"#include <linux/audit.h>\n"
	"#include <linux/filter.h>\n"
	"#include <linux/seccomp.h>\n"
	"#include <sys/prctl.h>\n"
	"#include <sys/syscall.h>\n"
	"#include <unistd.h>\n"
	"#ifdef SANDCAST_REPORT\n"
	"#include <signal.h>\n"
	"#include <string.h>\n"
	"#endif\n"
	"\n"
	"/* For kernel headers older than Linux 4.14. */\n"
	"#ifndef SECCOMP_RET_KILL_PROCESS\n"
	"#define SECCOMP_RET_KILL_PROCESS 0x80000000U\n"
	"#define SECCOMP_RET_KILL_THREAD 0x00000000U\n"
	"#define SECCOMP_RET_LOG 0x7ffc0000U\n"
	"#endif\n"
	"#ifndef SECCOMP_SET_MODE_FILTER\n"
	"#define SECCOMP_SET_MODE_FILTER 1\n"
	"#endif\n\n";

/* The column before which emit_c_wrap() breaks comment lines. */
#define EMIT_C_WIDTH 76

/* Write TEXT as comment lines started with PREFIX, broken between words
 * before column EMIT_C_WIDTH. */
static void
emit_c_wrap(FILE *out, const char *text, const char *prefix)
{
	size_t col = 0;

	while (*text != '\0') {
		size_t word = strcspn(text, " ");
		char *w = xasprintf("%.*s", (int)word, text);
		if (col > 0 && col + 1 + word > EMIT_C_WIDTH) {
			fputc('\n', out);
			col = 0;
		}
		if (col == 0)
			col = (size_t)fprintf(out, "%s", prefix);
		else
			col += (size_t)fprintf(out, " ");
		emit_escape(out, w, EMIT_IN_C_COMMENT);
		col += word;
		free(w);
		text += word + strspn(text + word, " ");
	}
	if (col > 0)
		fputc('\n', out);
}

/* Whether IN fails some calls with ENOSYS (gen --errno-fallback). */
static bool
emit_c_has_fallbacks(const struct emit_input *in)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (filter_set_count(in->set, a, FILTER_RET_FALLBACK) > 0)
			return true;
	}
	return false;
}

/* The number of calls of IN that get RET, and per admitted arch in parentheses. */
static void
emit_c_counts(FILE *out, const struct emit_input *in, uint32_t ret)
{
	size_t total = 0;

	for (unsigned a = 0; a < ARCH_COUNT; a++)
		total += filter_set_count(in->set, a, ret);
	fprintf(out, "%zu system calls (", total);
	for (unsigned a = 0, first = 1; a < ARCH_COUNT; a++) {
		if (in->set->arches & (1u << a)) {
			fprintf(out, "%s%s: %zu", first ? "" : ", ", arch_name(a),
			    filter_set_count(in->set, a, ret));
			first = 0;
		}
	}
	fputc(')', out);
}

/* What the installer does, as one paragraph for the header; FALLBACKS
 * when IN fails some calls with ENOSYS. */
static char *
emit_c_summary(const struct emit_input *in, bool fallbacks)
{
	char *text = NULL, action[32];
	size_t size;
	FILE *f = open_memstream(&text, &size);

	if (f == NULL)
		msg_fatal("out of memory");
	fprintf(f, "%s() sets no_new_privs and installs a seccomp filter that "
	    "allows the ", in->function);
	emit_c_counts(f, in, SECCOMP_RET_ALLOW);
	fputs(" listed below, ", f);
	if (fallbacks) {
		fputs("fails the ", f);
		emit_c_counts(f, in, FILTER_RET_FALLBACK);
		fputs(" listed after them with ENOSYS, ", f);
	}
	fprintf(f, "and returns %s for any other; a call of an architecture not "
	    "listed kills the process. It returns 0, or -1 with errno set. Call it "
	    "early in main(), before any thread starts: the filter binds the "
	    "calling thread, the threads and processes it creates and every "
	    "program they execute.", action_name(in->deny, action, sizeof action));
	if (fclose(f) != 0)
		msg_fatal("out of memory");
	return text;
}

static void
emit_c_preamble(FILE *out, const struct emit_input *in, bool fallbacks)
{
	char *summary = emit_c_summary(in, fallbacks);

	fputs("/*\n", out);
	emit_banner(out, in, " * ", EMIT_IN_C_COMMENT);
	fputs(" *\n", out);
	emit_c_wrap(out, summary, " * ");
	fputs(" *\n", out);
	free(summary);
	fputs(" * restart_syscall is allowed on every architecture, recorded or not:\n"
	    " * the kernel issues it, not the program, to resume a sleep interrupted\n"
	    " * by a stop (SIGSTOP or Ctrl-Z, then SIGCONT), and it resumes nothing\n"
	    " * but a call the filter already let through.\n *\n", out);
	fputs(" * Compiled with -DSANDCAST_REPORT, every call the filter would refuse\n"
	    " * raises SIGSYS instead, and a handler prints the call's name and\n"
	    " * architecture and exits with status 159. The handler needs write()\n"
	    " * and exit_group() allowed and, like any handler, is gone after\n"
	    " * execve(): a program executed under the filter dies unreported.\n *\n"
	    " * Compiled with -DSANDCAST_LEARN, every call the filter would refuse\n"
	    " * is logged instead, with its stack, to the file SANDCAST_LEARN_LOG\n"
	    " * names (else standard error), then made, and the program runs on;\n"
	    " * 'sandcast import' makes a profile of the log (docs/learn.md).\n *\n"
	    " * The numbers are literals, not __NR_ names: they are those of each\n"
	    " * architecture, whatever this file is compiled for (-m64, -m32, -mx32).\n"
	    " */\n", out);
	fputs(emit_c_includes, out);
}

/* The values allowed of argument ARG of CALL, a line each, with the first
 * frame of the program's own code that made each. */
static void
emit_c_values(FILE *out, const struct emit_input *in, const struct profile_call *call,
	const struct profile_arg *arg, const struct argrule *r)
{
	struct profile_value **v = profile_arg_sorted_values(arg);
	char buf[256];

	for (unsigned i = 0; i < arg->nvalues; i++) {
		struct profile_call as;
		const struct profile_frame *frame;
		profile_value_as_call(call, v[i], &as);
		frame = emit_own_frame(&as, in->sym);
		fprintf(out, " *         %s %-24s %10llu", r->name,
		    argtable_show(r, v[i]->value, buf, sizeof buf),
		    (unsigned long long)v[i]->count);
		if (frame != NULL) {
			fputs("  ", out);
			emit_frame(out, in->sym, frame, EMIT_IN_C_COMMENT);
		}
		fputc('\n', out);
	}
	free(v);
}

/* Under a call's line, the values its argument checks allow, or why an
 * argument recorded is not checked. */
static void
emit_c_rule_lines(FILE *out, const struct emit_input *in, const struct profile_call *call)
{
	const struct filter_rule *rule = filter_set_rule_of(in->set, call->key.arch,
	    call->key.nr);

	for (unsigned i = 0; i < call->nargs; i++) {
		const struct profile_arg *arg = &call->args[i];
		const struct argrule *r = argtable_rule(call->key.arch, call->key.nr,
		    arg->index);
		bool checked = false;
		for (size_t j = 0; rule != NULL && j < rule->n; j++)
			checked |= rule->checks[j].index == arg->index;
		if (r == NULL)
			continue;
		if (checked)
			emit_c_values(out, in, call, arg, r);
		else
			fprintf(out, " *         %s: any (%s)\n", r->name, arg->open ?
			    "more than 32 values recorded" : "not checked: gen --args off, "
			    "or the checks did not fit");
	}
}

/* One line of the table of allowed calls. */
static void
emit_c_call_line(FILE *out, const struct emit_input *in, enum arch arch, uint32_t nr)
{
	const struct profile_call *call = profile_find(in->profile, arch, nr);
	const struct profile_frame *frame = call ? emit_own_frame(call, in->sym) : NULL;
	char buf[32];

	fprintf(out, " *   %-7s %4u  %-22s %10llu", arch_name(arch), nr,
	    syscalls_describe(arch, nr, buf, sizeof buf),
	    call ? (unsigned long long)call->count : 0ULL);
	if (frame != NULL) {
		fputs("  ", out);
		emit_frame(out, in->sym, frame, EMIT_IN_C_COMMENT);
	} else if (call == NULL)
		fputs("  (not recorded: see above)", out);
	fputc('\n', out);
	if (call != NULL)
		emit_c_rule_lines(out, in, call);
}

/* One line of the table of calls failed with ENOSYS: its older twin and
 * whether the filter allows it, and who falls back how. */
static void
emit_c_fallback_line(FILE *out, const struct emit_input *in, enum arch arch, uint32_t nr)
{
	const struct fallback *fb = fallbacks_find(arch, nr);
	int older = fb != NULL ? fallbacks_older(fb, arch) : -1;
	char buf[32];

	fprintf(out, " *   %-7s %4u  %s", arch_name(arch), nr,
	    syscalls_describe(arch, nr, buf, sizeof buf));
	if (older >= 0)
		fprintf(out, " -> %s (%s)", syscalls_describe(arch, (uint32_t)older, buf,
		    sizeof buf), filter_set_action(in->set, arch, (uint32_t)older,
		    in->deny) == SECCOMP_RET_ALLOW ? "allowed" : "not allowed either");
	fputc('\n', out);
	if (fb != NULL)
		emit_c_wrap(out, fb->note, " *       ");
}

/* Write LINE for each number of the set of IN that gets RET, arch by arch,
 * then end the comment. */
static void
emit_c_lines(FILE *out, const struct emit_input *in, uint32_t ret,
	void (*line)(FILE *, const struct emit_input *, enum arch, uint32_t))
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		for (size_t i = 0; i < in->set->count[a]; i++) {
			if (in->set->rets[a][i] == ret)
				line(out, in, a, in->set->nrs[a][i]);
		}
	}
	fputs(" */\n", out);
}

static void
emit_c_call_table(FILE *out, const struct emit_input *in, bool fallbacks)
{
	fputs("/* The calls allowed: architecture, number, name, times recorded, and\n"
	    " * the first frame of the program's own code (not libc, not the loader)\n"
	    " * in the stacks that made it; under a call whose arguments are checked,\n"
	    " * the values allowed, each with its count and first frame (another\n"
	    " * value gets the action of a call not listed).\n *\n", out);
	emit_c_lines(out, in, SECCOMP_RET_ALLOW, emit_c_call_line);
	if (!fallbacks)
		return;
	fputs("\n/* The calls that fail with ENOSYS (gen --errno-fallback, --enosys-after):\n"
	    " * none was recorded, and each is newer than a call its callers fall back\n"
	    " * to (or do without) when the kernel answers ENOSYS, or newer than the\n"
	    " * kernel release given, as an older kernel would: a new library probing\n"
	    " * them runs on instead of being killed. Architecture, number, name: the\n"
	    " * older twin, and who falls back how.\n"
	    " *\n", out);
	emit_c_lines(out, in, FILTER_RET_FALLBACK, emit_c_fallback_line);
}

/* What A holds and what is known of arch and nr, before each instruction. */
struct emit_c_state {
	uint8_t holds;  /* 0 unknown, 1 arch, 2 nr, 3 the field at FIELD */
	uint8_t merged; /* reached at all */
	uint32_t audit; /* 0 when unknown */
	uint32_t field; /* the offset in seccomp_data A was loaded from */
	uint64_t lo, hi; /* nr is in [lo, hi) */
};

static void
emit_c_flow(struct emit_c_state *st, size_t to, struct emit_c_state s)
{
	if (!st[to].merged) {
		st[to] = s;
		st[to].merged = 1;
		return;
	}
	if (st[to].holds != s.holds || st[to].field != s.field)
		st[to].holds = 0;
	if (st[to].audit != s.audit)
		st[to].audit = 0;
	st[to].lo = s.lo < st[to].lo ? s.lo : st[to].lo;
	st[to].hi = s.hi > st[to].hi ? s.hi : st[to].hi;
}

/* What A holds after loading the word at offset K. */
static void
emit_c_load(struct emit_c_state *s, uint32_t k)
{
	s->holds = k == offsetof(struct seccomp_data, arch) ? 1 :
	    k == offsetof(struct seccomp_data, nr) ? 2 : 3;
	s->field = k;
}

/* What a conditional jump I from state S tells on its true branch *T and
 * its false branch *F. */
static void
emit_c_branch(const struct sock_filter *i, const struct emit_c_state *s,
	struct emit_c_state *t, struct emit_c_state *f)
{
	*t = *f = *s;
	if (s->holds == 1 && BPF_OP(i->code) == BPF_JEQ)
		t->audit = i->k;
	if (s->holds == 2 && BPF_OP(i->code) == BPF_JEQ) {
		t->lo = i->k;
		t->hi = (uint64_t)i->k + 1;
	} else if (s->holds == 2 && BPF_OP(i->code) == BPF_JGE) {
		t->lo = i->k > s->lo ? i->k : s->lo;
		f->hi = i->k < s->hi ? i->k : s->hi;
	}
}

/* Follow the program forward, so that comments can name numbers by arch,
 * and arguments by call. */
static struct emit_c_state *
emit_c_states(const struct filter *f)
{
	struct emit_c_state *st = xcalloc(f->len + 1, sizeof *st);

	st[0].merged = 1;
	st[0].hi = 1ULL << 32;
	for (size_t pc = 0; pc < f->len; pc++) {
		const struct sock_filter *i = &f->insns[pc];
		struct emit_c_state s = st[pc], t, fl;
		if (i->code == (BPF_LD | BPF_W | BPF_ABS)) {
			emit_c_load(&s, i->k);
			emit_c_flow(st, pc + 1, s);
		} else if (BPF_CLASS(i->code) == BPF_ALU) {
			emit_c_flow(st, pc + 1, s);
		} else if (i->code == (BPF_JMP | BPF_JA)) {
			emit_c_flow(st, pc + 1 + i->k, s);
		} else if (BPF_CLASS(i->code) == BPF_JMP) {
			emit_c_branch(i, &s, &t, &fl);
			emit_c_flow(st, pc + 1 + i->jt, t);
			emit_c_flow(st, pc + 1 + i->jf, fl);
		}
	}
	return st;
}

/* The name of the field of seccomp_data at offset K, into BUF. */
static const char *
emit_c_field(uint32_t k, char *buf, size_t size)
{
	const uint32_t ip = offsetof(struct seccomp_data, instruction_pointer);
	const uint32_t args = offsetof(struct seccomp_data, args);

	if (k == offsetof(struct seccomp_data, arch) || k == offsetof(struct seccomp_data, nr))
		return k == offsetof(struct seccomp_data, arch) ? "arch" : "nr";
	if (k >= ip && k < args)
		snprintf(buf, size, "instruction_pointer (%s half)", k == ip ? "low" : "high");
	else
		snprintf(buf, size, "args[%u] (%s half)", (k - args) / 8,
		    (k - args) % 8 == 0 ? "low" : "high");
	return buf;
}

/* The rule of the argument A holds in S, when the call is known (an
 * argument check of gen --args), or NULL. */
static const struct argrule *
emit_c_argrule(const struct emit_c_state *s)
{
	const uint32_t args = offsetof(struct seccomp_data, args);
	enum arch arch;
	uint32_t plain;

	if (s->holds != 3 || s->field < args || s->hi != s->lo + 1 ||
	    arch_from_audit(s->audit, (uint32_t)s->lo, &arch, &plain) != 0)
		return NULL;
	return argtable_rule(arch, plain, (s->field - args) / 8);
}

/* The note of instruction I on argument R, which A holds in S: its load,
 * its mask, or a value it is compared with. */
static void
emit_c_arg_note(FILE *out, const struct sock_filter *i, const struct emit_c_state *s,
	const struct argrule *r)
{
	bool high = (s->field - offsetof(struct seccomp_data, args)) % 8 != 0;
	char buf[256];

	if (i->code == (BPF_LD | BPF_W | BPF_ABS))
		fprintf(out, "A = %s (args[%u]%s)", r->name, r->index, high ? " >> 32" : "");
	else if (BPF_CLASS(i->code) == BPF_ALU)
		fprintf(out, "A &= 0x%x", i->k);
	else if (high)
		fprintf(out, "%s >> 32 == 0x%x", r->name, i->k);
	else if (BPF_OP(i->code) == BPF_JEQ)
		fprintf(out, "%s == %s", r->name, argtable_describe(r, i->k, buf, sizeof buf));
}

/* The note of instruction I on A, holding S, when it is no argument check. */
static void
emit_c_plain_note(FILE *out, const struct sock_filter *i, const struct emit_c_state *s,
	size_t pc)
{
	static const char *const ops[] = { [BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">",
	    [BPF_JGE >> 4] = ">=", [BPF_JSET >> 4] = "&" };
	enum arch arch;
	uint32_t plain;
	char buf[48];

	if (i->code == (BPF_LD | BPF_W | BPF_ABS))
		fprintf(out, "A = %s", emit_c_field(i->k, buf, sizeof buf));
	else if (BPF_CLASS(i->code) == BPF_RET)
		fputs(action_name(i->k, buf, sizeof buf), out);
	else if (i->code == (BPF_JMP | BPF_JA))
		fprintf(out, "goto %zu", pc + 1 + i->k);
	else if (BPF_CLASS(i->code) == BPF_ALU)
		fprintf(out, "A &= 0x%x", i->k);
	else if (s->holds == 1 && arch_from_audit(i->k, 0, &arch, &plain) == 0)
		fprintf(out, "arch %s %s", ops[BPF_OP(i->code) >> 4], arch_name(arch));
	else if (s->holds == 2 && i->k == ARCH_X32_SYSCALL_BIT)
		fprintf(out, "nr %s x32 bit", ops[BPF_OP(i->code) >> 4]);
	else if (s->holds == 2 && arch_from_audit(s->audit, i->k, &arch, &plain) == 0)
		fprintf(out, "nr %s %s%u (%s)", ops[BPF_OP(i->code) >> 4],
		    arch == ARCH_X32 ? "x32 bit + " : "", plain,
		    syscalls_describe(arch, plain, buf, sizeof buf));
	else if (s->holds == 3 && s->field < offsetof(struct seccomp_data, args))
		fprintf(out, "%s the trampoline's (written in at install)",
		    ops[BPF_OP(i->code) >> 4]);
	else if (s->holds == 3)
		fprintf(out, "%s %u", ops[BPF_OP(i->code) >> 4], i->k);
}

/* The comment after an instruction: what it loads, compares or returns. */
static void
emit_c_note(FILE *out, const struct sock_filter *i, const struct emit_c_state *s,
	size_t pc)
{
	struct emit_c_state after = *s;
	const struct argrule *r;

	if (i->code == (BPF_LD | BPF_W | BPF_ABS))
		emit_c_load(&after, i->k);
	r = emit_c_argrule(&after);
	fprintf(out, "/* %4zu: ", pc);
	if (r != NULL && BPF_CLASS(i->code) != BPF_RET && i->code != (BPF_JMP | BPF_JA))
		emit_c_arg_note(out, i, &after, r);
	else
		emit_c_plain_note(out, i, s, pc);
	fputs(" */", out);
}

void
emit_c_array(FILE *out, const char *name, const struct filter *f)
{
	struct emit_c_state *st = emit_c_states(f);

	/* Not const: the report and learn builds rewrite it, and the kernel
	 * takes a pointer to non-const (no cast, -Wcast-qual clean). */
	fprintf(out, "static struct sock_filter %s[] = {\n", name);
	for (size_t pc = 0; pc < f->len; pc++) {
		fputc('\t', out);
		cbpf_write(out, &f->insns[pc]);
		fputs(", ", out);
		emit_c_note(out, &f->insns[pc], &st[pc], pc);
		fputc('\n', out);
	}
	fputs("};\n\n", out);
	free(st);
}

/* The names of every number of ARCH, as a packed initializer (0 for holes). */
static void
emit_c_name_table(FILE *out, const char *function, enum arch arch)
{
	uint32_t n = syscalls_limit(arch);
	size_t col = 8;

	fprintf(out, "static const char *const %s_%s_names[%u] = {\n\t", function,
	    arch_name(arch), n);
	for (uint32_t nr = 0; nr < n; nr++) {
		const char *name = syscalls_name(arch, nr);
		size_t w = (name ? strlen(name) + 2 : 1) + 2;
		if (nr > 0)
			fputs(col + w > 78 ? ",\n\t" : ", ", out);
		if (col + w > 78)
			col = 8;
		if (name != NULL) {
			fputc('"', out);
			emit_escape(out, name, EMIT_IN_C_STRING);
			fputc('"', out);
		} else
			fputc('0', out);
		col += w;
	}
	fputs("\n};\n", out);
}

/* The SIGSYS handler of SANDCAST_REPORT builds, async-signal-safe. */
#define EMIT_C_REPORT_FMT \
	"\n" \
	"static void\n" \
	"%1$s_put(const char *s)\n" \
	"{\n" \
	"\tif (write(2, s, strlen(s)) < 0) {\n" \
	"\t\t/* nothing more can be done */\n" \
	"\t}\n" \
	"}\n" \
	"\n" \
	"static void\n" \
	"%1$s_put_number(unsigned long v)\n" \
	"{\n" \
	"\tchar buf[24];\n" \
	"\tchar *p = buf + sizeof buf - 1;\n" \
	"\n" \
	"\t*p = '\\0';\n" \
	"\tdo\n" \
	"\t\t*--p = (char)('0' + v %% 10);\n" \
	"\twhile ((v /= 10) != 0);\n" \
	"\t%1$s_put(p);\n" \
	"}\n" \
	"\n" \
	"/* Report the call that the filter refused, then exit as a kill would. */\n" \
	"static void\n" \
	"%1$s_report(int sig, siginfo_t *info, void *context)\n" \
	"{\n" \
	"\tunsigned long nr = (unsigned long)(unsigned int)info->si_syscall;\n" \
	"\tconst char *const *names = 0;\n" \
	"\tconst char *abi = \"an unknown architecture\";\n" \
	"\tunsigned long count = 0;\n" \
	"\n" \
	"\t(void)sig;\n" \
	"\t(void)context;\n" \
	"\tif (info->si_arch == AUDIT_ARCH_X86_64 && nr >= 0x40000000UL) {\n" \
	"\t\tabi = \"x32\";\n" \
	"\t\tnr -= 0x40000000UL;\n" \
	"\t\tnames = %1$s_x32_names;\n" \
	"\t\tcount = sizeof %1$s_x32_names / sizeof *names;\n" \
	"\t} else if (info->si_arch == AUDIT_ARCH_X86_64) {\n" \
	"\t\tabi = \"x86_64\";\n" \
	"\t\tnames = %1$s_x86_64_names;\n" \
	"\t\tcount = sizeof %1$s_x86_64_names / sizeof *names;\n" \
	"\t} else if (info->si_arch == AUDIT_ARCH_I386) {\n" \
	"\t\tabi = \"i386\";\n" \
	"\t\tnames = %1$s_i386_names;\n" \
	"\t\tcount = sizeof %1$s_i386_names / sizeof *names;\n" \
	"\t}\n" \
	"\t%1$s_put(\"sandcast: the filter blocked system call \");\n" \
	"\tif (nr < count && names[nr] != 0)\n" \
	"\t\t%1$s_put(names[nr]);\n" \
	"\telse\n" \
	"\t\t%1$s_put(\"(unnamed)\");\n" \
	"\t%1$s_put(\" (\");\n" \
	"\t%1$s_put(abi);\n" \
	"\t%1$s_put(\" \");\n" \
	"\t%1$s_put_number(nr);\n" \
	"\t%1$s_put(\"): record it, or remove the code that makes it\\n\");\n" \
	"\t_exit(128 + SIGSYS);\n" \
	"}\n" \
	"#endif /* SANDCAST_REPORT */\n\n"

/* The report: full name tables of the three ABIs, since a refused call is by
 * definition one the profile does not have, and an x86-64 process can enter
 * the kernel under all three (int $0x80, the x32 bit). */
static void
emit_c_report(FILE *out, const char *function)
{
	fputs("#ifdef SANDCAST_REPORT\n/* The names of every call of each ABI, by "
	    "number: a refused call is by\n * definition not one of those recorded, "
	    "and any process can enter the kernel\n * under all three ABIs. */\n", out);
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		emit_c_name_table(out, function, a);
	fprintf(out, EMIT_C_REPORT_FMT, function);
}

/* The function that installs the filter. */
#define EMIT_C_INSTALL_FMT \
	"/* Set no_new_privs and install the filter; 0, or -1 with errno set. */\n" \
	"int %1$s(void);\n" \
	"\n" \
	"int\n" \
	"%1$s(void)\n" \
	"{\n" \
	"\tconst size_t n = sizeof %1$s_program /\n" \
	"\t    sizeof %1$s_program[0];\n" \
	"\tstruct sock_fprog prog;\n" \
	"#ifdef SANDCAST_REPORT\n" \
	"\tstruct sigaction sa;\n" \
	"\tsize_t i;\n" \
	"\n" \
	"\t/* Every refusal, the architecture kills included, becomes a trap%2$s. */\n" \
	"\tfor (i = 0; i < n; i++) {\n" \
	"\t\tif (%1$s_program[i].code == (BPF_RET | BPF_K) &&\n" \
	"\t\t    %1$s_program[i].k != SECCOMP_RET_ALLOW%3$s)\n" \
	"\t\t\t%1$s_program[i].k = SECCOMP_RET_TRAP;\n" \
	"\t}\n" \
	"\tmemset(&sa, 0, sizeof sa);\n" \
	"\tsa.sa_sigaction = %1$s_report;\n" \
	"\tsa.sa_flags = SA_SIGINFO;\n" \
	"\tif (sigaction(SIGSYS, &sa, 0) != 0)\n" \
	"\t\treturn -1;\n" \
	"#endif\n" \
	"\tprog.filter = %1$s_program;\n" \
	"\tprog.len = (unsigned short)n;\n" \
	"#ifdef SANDCAST_LEARN\n" \
	"\tif (%1$s_learn_install(&prog) != 0)\n" \
	"\t\treturn -1;\n" \
	"#endif\n" \
	"\tif (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)\n" \
	"\t\treturn -1;\n" \
	"#ifdef __NR_seccomp\n" \
	"\tif (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)\n" \
	"\t\treturn 0;\n" \
	"\tif (errno != ENOSYS)\n" \
	"\t\treturn -1;\n" \
	"#endif\n" \
	"\t/* Linux before 3.17 has no seccomp(2). */\n" \
	"\treturn prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);\n" \
	"}\n"

int
emit_c(FILE *out, const struct emit_input *in, char **err)
{
	bool fallbacks = emit_c_has_fallbacks(in);
	char *keep = fallbacks ? xasprintf(" &&\n\t\t    %s_program[i].k != "
	    "(SECCOMP_RET_ERRNO | ENOSYS)", in->function) : xstrdup("");
	char *name;

	(void)err;
	emit_c_preamble(out, in, fallbacks);
	emit_c_call_table(out, in, fallbacks);
	fputc('\n', out);
	name = xasprintf("%s_program", in->function);
	emit_c_array(out, name, in->filter);
	free(name);
	emit_c_report(out, in->function);
	emit_c_learn(out, in);
	fprintf(out, EMIT_C_INSTALL_FMT, in->function,
	    fallbacks ? ";\n\t * the calls meant to fail with ENOSYS still do" : "", keep);
	free(keep);
	return 0;
}
