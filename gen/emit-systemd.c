#include <errno.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "core/argtable.h"
#include "core/syscalls.h"

#include "core/message.h"
#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/emit.h"

static const char *const emit_systemd_arch[ARCH_COUNT] = {
	[ARCH_X86_64] = "x86-64",
	[ARCH_I386] = "x86",
	[ARCH_X32] = "x32",
};

/* Say in the comment that the calls failed with ENOSYS get the deny action:
 * systemd takes an errno per call in deny-lists only. */
static void
emit_systemd_fallbacks(FILE *out, const struct emit_input *in)
{
	size_t n, partial;
	const char **names = emit_names(in, FILTER_RET_FALLBACK, &n, &partial);
	char buf[32];

	if (n > 0) {
		fprintf(out, "\n# --errno-fallback cannot be said in an allow-list here "
		    "(systemd takes an\n# errno per call in deny-lists only): these %zu "
		    "calls get %s, not ENOSYS:\n#  ", n,
		    action_name(in->deny, buf, sizeof buf));
		for (size_t i = 0; i < n; i++)
			fprintf(out, " %s", names[i]);
		msg_warn("systemd: the %zu calls --errno-fallback fails with ENOSYS get "
		    "%s in a unit", n, buf);
	}
	free(names);
}

static int
emit_systemd_u64_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* Collect into V (*N values, at most CAP) the values allowed of argument
 * INDEX of each call of CALLS that the filter allows, on every arch; return
 * false when one of them is allowed with any value there. */
static bool
emit_systemd_values(const struct emit_input *in, const char *const *calls,
	unsigned index, uint64_t *v, size_t *n, size_t cap)
{
	for (const char *const *c = calls; *c != NULL; c++) {
		for (unsigned a = 0; a < ARCH_COUNT; a++) {
			int nr = syscalls_number(a, *c);
			const struct filter_rule *r;
			size_t k = 0;
			if (nr < 0 || filter_set_action(in->set, a, (uint32_t)nr, 0) !=
			    SECCOMP_RET_ALLOW)
				continue;
			r = filter_set_rule_of(in->set, a, (uint32_t)nr);
			while (r != NULL && k < r->n && r->checks[k].index != index)
				k++;
			if (r == NULL || k == r->n)
				return false;
			for (size_t j = 0; j < r->checks[k].n && *n < cap; j++)
				v[(*n)++] = r->checks[k].values[j];
		}
	}
	return true;
}

/* RestrictAddressFamilies= of the families socket and socketpair are
 * allowed, when every one is checked and named; else a comment. */
static void
emit_systemd_families(FILE *out, const struct emit_input *in)
{
	static const char *const calls[] = { "socket", "socketpair", NULL };
	const struct argrule *r = argtable_rule(ARCH_X86_64,
	    (uint32_t)syscalls_number(ARCH_X86_64, "socket"), 0);
	uint64_t v[4 * ARGTABLE_MAX_VALUES];
	size_t n = 0;
	char buf[64];

	if (!emit_systemd_values(in, calls, 0, v, &n, sizeof v / sizeof *v)) {
		fputs("# RestrictAddressFamilies= left out: socket is allowed with any "
		    "family.\n", out);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (argtable_name(r, v[i], buf, sizeof buf) == NULL) {
			fprintf(out, "# RestrictAddressFamilies= left out: family 0x%" PRIx64
			    " has no name.\n", v[i]);
			return;
		}
	}
	qsort(v, n, sizeof *v, emit_systemd_u64_cmp);
	fputs("RestrictAddressFamilies=", out);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i] != v[i - 1])
			fprintf(out, "%s%s", i > 0 ? " " : "", argtable_name(r, v[i], buf,
			    sizeof buf));
	}
	fputs(n == 0 ? "none\n" : "\n", out);
}

/* RestrictNamespaces= of the namespaces clone, unshare and setns may make
 * or join, when all three are checked; else a comment. */
static void
emit_systemd_namespaces(FILE *out, const struct emit_input *in)
{
	static const char *const flags[] = { "clone", "unshare", NULL };
	static const char *const types[] = { "setns", NULL };
	static const struct { uint64_t bit; const char *name; } ns[] = {
		{ CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWIPC, "ipc" },
		{ CLONE_NEWNET, "net" }, { CLONE_NEWNS, "mnt" }, { CLONE_NEWPID, "pid" },
		{ CLONE_NEWUSER, "user" }, { CLONE_NEWUTS, "uts" }, { CLONE_NEWTIME, "time" },
	};
	uint64_t v[4 * ARGTABLE_MAX_VALUES], bits = 0;
	size_t n = 0;

	if (!emit_systemd_values(in, flags, 0, v, &n, sizeof v / sizeof *v) ||
	    !emit_systemd_values(in, types, 1, v, &n, sizeof v / sizeof *v)) {
		fputs("# RestrictNamespaces= left out: clone, unshare or setns is "
		    "allowed with any flags.\n", out);
		return;
	}
	for (size_t i = 0; i < n; i++)
		bits |= v[i];
	fputs("RestrictNamespaces=", out);
	for (size_t i = 0, first = 1; i < sizeof ns / sizeof *ns; i++) {
		if (bits & ns[i].bit) {
			fprintf(out, "%s%s", first ? "" : " ", ns[i].name);
			first = 0;
		}
	}
	fputs(bits == 0 ? "yes\n" : "\n", out);
}

/* MemoryDenyWriteExecute=yes when no mapping may be writable and executable
 * at once; else a comment. */
static void
emit_systemd_wx(FILE *out, const struct emit_input *in)
{
	static const char *const calls[] = { "mmap", "mmap2", "mprotect", "pkey_mprotect",
	    NULL };
	uint64_t v[8 * ARGTABLE_MAX_VALUES];
	size_t n = 0;

	if (!emit_systemd_values(in, calls, 2, v, &n, sizeof v / sizeof *v)) {
		fputs("# MemoryDenyWriteExecute= left out: a mapping call is allowed with "
		    "any prot.\n", out);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if ((v[i] & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC)) {
			fputs("# MemoryDenyWriteExecute= left out: the program maps memory "
			    "writable and executable.\n", out);
			return;
		}
	}
	fputs("MemoryDenyWriteExecute=yes\n", out);
}

/* The settings that say what the argument checks say, and a comment on what
 * none says. */
static void
emit_systemd_args(FILE *out, const struct emit_input *in)
{
	fputs("# The arguments recorded: systemd has settings for the socket family,\n"
	    "# the namespaces and W^X; it cannot restrict the others (ioctl commands,\n"
	    "# prctl options, fcntl commands...: the c, bpf, libseccomp, oci and\n"
	    "# minijail formats can).\n", out);
	emit_systemd_families(out, in);
	emit_systemd_namespaces(out, in);
	emit_systemd_wx(out, in);
}

int
emit_systemd(FILE *out, const struct emit_input *in, char **err)
{
	uint32_t full = in->deny & SECCOMP_RET_ACTION_FULL;
	size_t n, partial;
	const char **names;
	char buf[32];

	if (full != SECCOMP_RET_KILL_PROCESS && full != SECCOMP_RET_ERRNO) {
		*err = xasprintf("systemd cannot make a refused call %s: use "
		    "--action kill-process or --action errno:N",
		    action_name(in->deny, buf, sizeof buf));
		return -EINVAL;
	}
	names = emit_names(in, SECCOMP_RET_ALLOW, &n, &partial);
	emit_banner(out, in, "# ", EMIT_IN_LINE);
	fputs("#\n# For the [Service] section of a unit. systemd applies every name "
	    "to every\n# architecture listed", out);
	if (partial > 0)
		fprintf(out, ": %zu call%s recorded on some architectures only\n# %s "
		    "allowed on all of them", partial, partial == 1 ? "" : "s",
		    partial == 1 ? "is" : "are");
	fputc('.', out);
	emit_systemd_fallbacks(out, in);
	fputs("\nSystemCallArchitectures=", out);
	for (unsigned a = 0, first = 1; a < ARCH_COUNT; a++) {
		if (in->set->arches & (1u << a)) {
			fprintf(out, "%s%s", first ? "" : " ", emit_systemd_arch[a]);
			first = 0;
		}
	}
	fputs("\nSystemCallFilter=", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", names[i]);
	fputc('\n', out);
	if (full == SECCOMP_RET_ERRNO)
		fprintf(out, "SystemCallErrorNumber=%u\n", in->deny & SECCOMP_RET_DATA);
	if (filter_set_has_rules(in->set))
		emit_systemd_args(out, in);
	free(names);
	return 0;
}
