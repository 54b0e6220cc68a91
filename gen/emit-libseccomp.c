#include <linux/seccomp.h>

#include "gen/emit.h"

/* The libseccomp expression of ACTION: "SCMP_ACT_ERRNO(13)". */
static void
emit_libseccomp_action(FILE *out, uint32_t action)
{
	uint32_t full = action & SECCOMP_RET_ACTION_FULL;

	fputs(emit_scmp_action(action), out);
	if (full == SECCOMP_RET_ERRNO || full == SECCOMP_RET_TRACE)
		fprintf(out, "(%u)", action & SECCOMP_RET_DATA);
}

/* One function per admitted arch: a context of that arch alone, its calls. */
static void
emit_libseccomp_arch_ctx(FILE *out, const struct emit_input *in, enum arch arch)
{
	uint32_t bias = arch == ARCH_X32 ? ARCH_X32_SYSCALL_BIT : 0;
	char buf[32];

	fprintf(out, "static scmp_filter_ctx\n%s_%s(void)\n{\n\tscmp_filter_ctx ctx = "
	    "seccomp_init(", in->function, arch_name(arch));
	emit_libseccomp_action(out, in->deny);
	fprintf(out, ");\n\n\tif (ctx == NULL)\n\t\treturn NULL;\n"
	    "\tif (seccomp_arch_add(ctx, %s) < 0 && seccomp_arch_exist(ctx, %s) != 0)\n"
	    "\t\tgoto fail;\n"
	    "\tif (seccomp_arch_native() != %s &&\n"
	    "\t    seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE) < 0)\n\t\tgoto fail;\n"
	    "\tif (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) < 0)\n"
	    "\t\tgoto fail;\n", emit_scmp_arch(arch), emit_scmp_arch(arch),
	    emit_scmp_arch(arch));
	for (size_t i = 0; i < in->set->count[arch]; i++) {
		uint32_t nr = in->set->nrs[arch][i];
		fputs("\tif (seccomp_rule_add_exact(ctx, ", out);
		emit_libseccomp_action(out, in->set->rets[arch][i]);
		fprintf(out, ", %u, 0) < 0) /* %s */\n\t\tgoto fail;\n", nr + bias,
		    emit_call_name(arch, nr, buf, sizeof buf));
	}
	fputs("\treturn ctx;\nfail:\n\tseccomp_release(ctx);\n\treturn NULL;\n}\n\n", out);
}

/* Write C source that builds the same filter with libseccomp: one context per
 * arch (libseccomp applies a rule to every arch of a context, translating it
 * by name, so per-arch sets need separate contexts), merged into one. */
int
emit_libseccomp(FILE *out, const struct emit_input *in, char **err)
{
	(void)err;
	fputs("/* ", out);
	emit_banner(out, in, " * ", EMIT_IN_C_COMMENT);
	fprintf(out, " *\n * %1$s_ctx() builds the filter with libseccomp (link with "
	    "-lseccomp);\n * %1$s() loads it, setting no_new_privs, and returns 0 or "
	    "-1 with\n * errno set. Numbers are given as recorded, x32 ones with the "
	    "x32 bit, as\n * libseccomp numbers them; calls of other architectures kill "
	    "the process.\n */\n#include <errno.h>\n#include <stddef.h>\n"
	    "#include <seccomp.h>\n\n", in->function);
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (in->set->arches & (1u << a))
			emit_libseccomp_arch_ctx(out, in, a);
	}
	fprintf(out, "/* The filter of every architecture, merged; NULL on failure. */\n"
	    "scmp_filter_ctx %1$s_ctx(void);\n\nscmp_filter_ctx\n%1$s_ctx(void)\n{\n"
	    "\tscmp_filter_ctx ctx = NULL, one;\n\n", in->function);
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (!(in->set->arches & (1u << a)))
			continue;
		fprintf(out, "\tif ((one = %s_%s()) == NULL)\n\t\tgoto fail;\n"
		    "\tif (ctx == NULL)\n\t\tctx = one;\n"
		    "\telse if (seccomp_merge(ctx, one) < 0) {\n"
		    "\t\tseccomp_release(one);\n\t\tgoto fail;\n\t}\n",
		    in->function, arch_name(a));
	}
	fprintf(out, "\treturn ctx;\nfail:\n\tif (ctx != NULL)\n\t\tseccomp_release(ctx);\n"
	    "\treturn NULL;\n}\n\n"
	    "/* Build and load the filter; 0, or -1 with errno set. */\n"
	    "int %1$s(void);\n\nint\n%1$s(void)\n{\n"
	    "\tscmp_filter_ctx ctx = %1$s_ctx();\n\tint rc;\n\n"
	    "\tif (ctx == NULL) {\n\t\terrno = ENOMEM;\n\t\treturn -1;\n\t}\n"
	    "\trc = seccomp_load(ctx);\n\tseccomp_release(ctx);\n"
	    "\tif (rc < 0) {\n\t\terrno = -rc;\n\t\treturn -1;\n\t}\n\treturn 0;\n}\n",
	    in->function);
	return 0;
}
