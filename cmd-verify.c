#include <errno.h>
#include <linux/audit.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/message.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/action.h"
#include "gen/check.h"
#include "gen/emu.h"
#include "gen/runtime.h"

static int cmd_verify_exec(const struct cmd_args *);

static const struct cmd_option cmd_verify_options[] = {
	{ .name = "action", .old = 'a', .kind = CMD_ACTION },
	{ .name = "arch", .kind = CMD_ARCHES },
	{ .name = "errno-fallback", .kind = CMD_FLAG },
	{ .name = "args", .kind = CMD_CHOICE, .choices = cmd_args_choices },
	{ .name = "runtime", .kind = CMD_CHOICE, .choices = runtime_names },
	{ NULL },
};

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "[--action A] [--arch LIST] [--errno-fallback] [--runtime NAME]\n"
	    "                       [--args on|off] FILTER PROFILE...",
	.summary = "Check a generated filter against profiles, in a BPF emulator.",
	.help =
	    "FILTER is the output of 'sandcast gen' in the c format or the bpf format\n"
	    "(raw instructions, as seccomp_export_bpf() also writes). A C filter is\n"
	    "read through the C compiler, so that what is verified is what ships:\n"
	    "compiled with $CC (default cc) -m64 as it is, its one function called by\n"
	    "a driver that catches the program it installs (the driver runs the\n"
	    "file's code). Without a compiler, give the bpf output.\n\n"
	    "verify first applies the kernel's own checks to the program, then runs\n"
	    "it on every call the profiles recorded, which must be allowed, and\n"
	    "restart_syscall of each recorded architecture, which gen always\n"
	    "allows; on every other number of each recorded architecture up to past\n"
	    "its table, the x32 range, i386 numbers with bit 30 set, and large and\n"
	    "negative numbers, which must get the deny action; on every\n"
	    "architecture not recorded (foreign ones included), which must be\n"
	    "killed; and, for each call with recorded arguments, on each argument's\n"
	    "recorded values (allowed), their neighbours, both halves' edge cases\n"
	    "and sign-extended negatives, under its architecture and the other x86\n"
	    "one's view (each allowed only if recorded).\n\n"
	    "      --action A      the deny action expected (" ACTION_NAMES ");\n"
	    "                        by default any one action, the same for all\n"
	    "      --arch LIST     only the calls of these architectures count as\n"
	    "                        recorded (as given to gen --arch)\n"
	    "      --errno-fallback  the calls not recorded that gen --errno-fallback\n"
	    "                        fails with ENOSYS must get errno:38\n"
	    "      --args on|off   on (default): the arguments are checked, as gen\n"
	    "                        --args on made them; off: calls by name only\n"
	    "      --runtime NAME  the filter is installed before the exec, as gen's\n"
	    "                        bpf, oci, systemd and minijail are: the calls gen\n"
	    "                        --runtime NAME adds (the exec among them) must\n"
	    "                        be allowed; none for the exec alone\n"
	    "  -h, --help          show this help\n\n"
	    "Exit status: 0 when every call got what it should, 1 when not (the\n"
	    "first few are listed), 2 when a file cannot be read or the kernel\n"
	    "would refuse the program.\n",
	.options = cmd_verify_options,
	.operands = { 2, -1, "give a FILTER and one PROFILE or more" },
	.exec = cmd_verify_exec,
};

static const char *
cmd_verify_where(uint32_t audit, uint32_t nr, char *buf, size_t size)
{
	enum arch arch;
	uint32_t plain;
	char name[32];

	if (filter_split(audit, nr, &arch, &plain) != 0) {
		snprintf(buf, size, "arch 0x%08x nr %u", audit, nr);
		return buf;
	}
	snprintf(buf, size, "%s %u (%s)", arch_name(arch), plain,
	    syscalls_describe(arch, plain, name, sizeof name));
	return buf;
}

/* Print the arguments of M that S checks for its call; return whether
 * there were any. */
static bool
cmd_verify_args(const struct filter_set *s, const struct check_mismatch *m)
{
	const struct filter_rule *rule;
	enum arch arch;
	uint32_t plain;

	if (filter_split(m->audit, m->nr, &arch, &plain) != 0 ||
	    (rule = filter_set_rule_of(s, arch, plain)) == NULL)
		return false;
	for (size_t i = 0; i < rule->n; i++)
		printf(" args[%u]=0x%" PRIx64, rule->checks[i].index,
		    m->args[rule->checks[i].index]);
	return true;
}

/* Whether F allows an exec that starts a program (execve, and the launches
 * of P's runs) which S does not allow. */
static bool
cmd_verify_allows_launch(const struct filter *f, const struct filter_set *s,
	const struct profile *p)
{
	const char *names[RUNTIME_MAX_LAUNCHES + 1] = { "execve" };
	size_t n = 1 + runtime_launches(p, names + 1, RUNTIME_MAX_LAUNCHES);
	struct seccomp_data d = { .arch = AUDIT_ARCH_X86_64 };

	for (size_t i = 0; i < n; i++) {
		d.nr = syscalls_number(ARCH_X86_64, names[i]);
		if (d.nr >= 0 && filter_set_action(s, ARCH_X86_64, (uint32_t)d.nr,
		    CHECK_ANY_DENY) != SECCOMP_RET_ALLOW &&
		    emu_run(f->insns, f->len, &d) == SECCOMP_RET_ALLOW)
			return true;
	}
	return false;
}

static int
cmd_verify_report(const char *path, const struct filter *f, const struct check_result *r,
	const struct filter_set *s, unsigned flags, bool launch)
{
	char got[32], want[32], where[96];
	bool enosys = false, args = false;

	if (r->mismatches == 0) {
		printf("%s: %zu instructions, %zu calls tried: each allowed, denied "
		    "(%s)%s or killed as the profiles say\n", path, f->len, r->cases,
		    action_name(r->deny, want, sizeof want),
		    flags & FILTER_ERRNO_FALLBACK ? ", failed with ENOSYS (a fallback)" : "");
		if (r->impossible > 0)
			printf("%s: %zu number%s no call has (-1, 2^31 and up) get%s another "
			    "deny action than sandcast's filters give (libseccomp sends -1 to "
			    "its default action): harmless, the kernel runs no such call\n",
			    path, r->impossible, r->impossible == 1 ? "" : "s",
			    r->impossible == 1 ? "s" : "");
		return 0;
	}
	printf("%s: %zu of %zu calls got the wrong action:\n", path, r->mismatches,
	    r->cases);
	for (size_t i = 0; i < r->mismatches && i < sizeof r->first / sizeof *r->first; i++) {
		const struct check_mismatch *m = &r->first[i];
		printf("  %-32s got %-14s want %s",
		    cmd_verify_where(m->audit, m->nr, where, sizeof where),
		    action_name(m->got, got, sizeof got),
		    m->want == CHECK_ANY_DENY ? "a deny action" :
		    action_name(m->want, want, sizeof want));
		args |= cmd_verify_args(s, m) && m->got == SECCOMP_RET_ALLOW;
		putchar('\n');
		enosys |= m->got == FILTER_RET_FALLBACK && m->want != SECCOMP_RET_ALLOW;
	}
	if (enosys && !(flags & FILTER_ERRNO_FALLBACK))
		printf("(a filter from 'sandcast gen --errno-fallback'? verify it with "
		    "--errno-fallback)\n");
	if (args)
		printf("(a filter from 'sandcast gen --args off'? verify it with "
		    "--args off)\n");
	if (launch)
		printf("(a filter installed before the exec, as gen's bpf, oci, systemd "
		    "and minijail are? verify it with --runtime NAME, as it was made; "
		    "none for the exec alone)\n");
	return 1;
}

/* Allow in S what gen --runtime RUNTIME adds for P (nothing when NULL). */
static void
cmd_verify_runtime(const char *runtime, const struct profile *p, struct filter_set *s)
{
	struct runtime_addition *added;
	size_t n;

	if (runtime == NULL)
		return;
	added = runtime_additions(runtime, p, s, &n);
	runtime_allow(s, added, n);
	free(added);
}

static int
cmd_verify_exec(const struct cmd_args *a)
{
	uint32_t deny = (uint32_t)cmd_value(a, "action", CHECK_ANY_DENY);
	unsigned flags = (cmd_has(a, "errno-fallback") ? FILTER_ERRNO_FALLBACK : 0) |
	    cmd_args_flag(a);
	struct check_result r;
	struct filter_set s;
	struct filter f;
	struct profile p;
	int rc;

	cmd_load_filter(a->argv[0], &f);
	profile_init(&p);
	cmd_load_calls(a->argv + 1, a->argc - 1, &p);
	filter_set_init(&s);
	filter_set_from_profile(&s, &p, (arch_mask)cmd_value(a, "arch", ARCH_MASK_ALL),
	    flags);
	cmd_verify_runtime(cmd_text(a, "runtime"), &p, &s);
	check_filter(f.insns, f.len, &s, deny, &r);
	rc = cmd_verify_report(a->argv[0], &f, &r, &s, flags,
	    cmd_text(a, "runtime") == NULL && cmd_verify_allows_launch(&f, &s, &p));
	filter_set_free(&s);
	filter_free(&f);
	profile_free(&p);
	return rc;
}
