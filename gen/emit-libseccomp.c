#include <inttypes.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "core/syscalls.h"
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

/* The NULL-terminated array FUNCTION_ARCH_WHAT of the names of the calls of
 * ARCH that get RET, in lines that stay short (numbers with no name are
 * warned of and left out: libseccomp takes names; so are the calls not
 * recorded that libseccomp 2.5.4 does not know). */
static void
emit_libseccomp_names(FILE *out, const struct emit_input *in, enum arch arch,
	uint32_t ret, const char *what)
{
	size_t col = 8;

	fprintf(out, "static const char *const %s_%s_%s[] = {\n\t", in->function,
	    arch_name(arch), what);
	for (size_t i = 0; i < in->set->count[arch]; i++) {
		const char *name = syscalls_name(arch, in->set->nrs[arch][i]);
		if (in->set->rets[arch][i] != ret || in->set->rules[arch][i] != NULL)
			continue;
		if (name == NULL) {
			emit_warn_unnamed(arch, in->set->nrs[arch][i]);
			continue;
		}
		if (!emit_name_ok(in, arch, in->set->nrs[arch][i], name))
			continue;
		if (col + strlen(name) + 4 > 78) {
			fputs("\n\t", out);
			col = 8;
		}
		col += (size_t)fprintf(out, "\"%s\", ", name);
	}
	fputs("0\n};\n", out);
}

/* One row of the argument table: the comparisons of the values AT of R. */
static void
emit_libseccomp_row(const struct filter_rule *r, const size_t *at, void *ctx)
{
	void **c = ctx;
	FILE *out = c[0];

	fprintf(out, "\t{ \"%s\", %zu, {", (const char *)c[1], r->n);
	for (size_t j = 0; j < r->n; j++)
		fprintf(out, "%s SCMP_CMP(%u, SCMP_CMP_MASKED_EQ, 0x%" PRIx64 "ULL, "
		    "0x%" PRIx64 "ULL)", j > 0 ? "," : "", r->checks[j].index,
		    r->checks[j].mask, r->checks[j].values[at[j]]);
	fputs(" } },\n", out);
}

/* The table FUNCTION_ARCH_args of the calls of ARCH allowed only with the
 * values of their argument checks (gen --args), ended by a NULL name. */
static void
emit_libseccomp_arg_rules(FILE *out, const struct emit_input *in, enum arch arch)
{
	fprintf(out, "static const struct %1$s_argrule %1$s_%2$s_args[] = {\n",
	    in->function, arch_name(arch));
	for (size_t i = 0; i < in->set->count[arch]; i++) {
		const char *name = syscalls_name(arch, in->set->nrs[arch][i]);
		if (in->set->rules[arch][i] == NULL || in->set->rets[arch][i] != SECCOMP_RET_ALLOW)
			continue;
		if (name == NULL) {
			emit_warn_unnamed(arch, in->set->nrs[arch][i]);
			continue;
		}
		emit_rule_product(in->set->rules[arch][i], emit_libseccomp_row,
		    (void *[]){ out, (void *)name });
	}
	fputs("	{ 0, 0, { { 0, 0, 0, 0 } } }\n};\n", out);
}

/* The type of the rows of the argument tables. */
#define EMIT_LIBSECCOMP_ROW_FMT \
	"/* A call allowed when its arguments pass every comparison: (arg & mask)\n" \
	" * == value, 64-bit (for an int argument the mask keeps the low 32 bits,\n" \
	" * which is all the kernel reads). */\n" \
	"struct %1$s_argrule {\n" \
	"\tconst char *name;\n" \
	"\tunsigned n;\n" \
	"\tstruct scmp_arg_cmp cmp[2];\n" \
	"};\n\n"

/* The array FUNCTION_ARCH_numbers of the calls of ARCH that libseccomp
 * 2.5.4 cannot name, with their numbers, for the helper to give by number
 * where it can (to a context of the native arch). */
static void
emit_libseccomp_numbers(FILE *out, const struct emit_input *in, enum arch arch)
{
	fprintf(out, "static const struct %s_number %s_%s_numbers[] = {\n", in->function,
	    in->function, arch_name(arch));
	for (size_t i = 0; i < in->set->count[arch]; i++) {
		const char *name = syscalls_name(arch, in->set->nrs[arch][i]);
		if (name != NULL && !consumer_knows(in->consumer, arch, name))
			fprintf(out, "\t{ \"%s\", %u },\n", name, in->set->nrs[arch][i] |
			    (arch == ARCH_X32 ? ARCH_X32_SYSCALL_BIT : 0));
	}
	fputs("\t{ 0, 0 }\n};\n", out);
}

/* The helpers of the generated file: rules from names, a context per arch. */
#define EMIT_LIBSECCOMP_HELPERS_FMT \
	"/* The number NUMBERS gives NAME, or __NR_SCMP_ERROR. */\n" \
	"static int\n" \
	"%1$s_number(const struct %1$s_number *numbers, const char *name)\n" \
	"{\n" \
	"\tfor (; numbers->name != 0; numbers++) {\n" \
	"\t\tif (strcmp(numbers->name, name) == 0)\n" \
	"\t\t\treturn numbers->nr;\n" \
	"\t}\n" \
	"\treturn __NR_SCMP_ERROR;\n" \
	"}\n" \
	"\n" \
	"/* Give each call of NAMES the action ACTION in CTX, of ARCH; 0, or -errno.\n" \
	" * A call this libseccomp does not know goes by its number in NUMBERS to a\n" \
	" * context of the native arch (libseccomp translates numbers by name to\n" \
	" * the others); failing that, it fails the build when STRICT, and is left\n" \
	" * to the default action when not. */\n" \
	"static int\n" \
	"%1$s_rules(scmp_filter_ctx ctx, uint32_t arch, uint32_t action,\n" \
	"\tconst char *const *names, const struct %1$s_number *numbers, int strict)\n" \
	"{\n" \
	"\tint rc = 0;\n" \
	"\n" \
	"\tfor (; rc == 0 && *names != 0; names++) {\n" \
	"\t\tint nr = seccomp_syscall_resolve_name(*names);\n" \
	"\n" \
	"\t\tif (nr == __NR_SCMP_ERROR && arch == seccomp_arch_native())\n" \
	"\t\t\tnr = %1$s_number(numbers, *names);\n" \
	"\t\tif (nr == __NR_SCMP_ERROR)\n" \
	"\t\t\trc = strict ? -ENOSYS : 0;\n" \
	"\t\telse if (strict)\n" \
	"\t\t\trc = seccomp_rule_add_exact(ctx, action, nr, 0);\n" \
	"\t\telse\n" \
	"\t\t\trc = seccomp_rule_add(ctx, action, nr, 0);\n" \
	"\t}\n" \
	"\treturn rc;\n" \
	"}\n" \
	"\n" \
	"/* Allow each call of ROWS with the arguments its row compares; 0, or\n" \
	" * -errno (-ENOSYS for a call this libseccomp does not know). */\n" \
	"static int\n" \
	"%1$s_arg_rules(scmp_filter_ctx ctx, uint32_t arch, const struct %1$s_argrule *rows,\n" \
	"\tconst struct %1$s_number *numbers)\n" \
	"{\n" \
	"\tint rc = 0;\n" \
	"\n" \
	"\tfor (; rc == 0 && rows->name != 0; rows++) {\n" \
	"\t\tint nr = seccomp_syscall_resolve_name(rows->name);\n" \
	"\n" \
	"\t\tif (nr == __NR_SCMP_ERROR && arch == seccomp_arch_native())\n" \
	"\t\t\tnr = %1$s_number(numbers, rows->name);\n" \
	"\t\trc = nr == __NR_SCMP_ERROR ? -ENOSYS : seccomp_rule_add_exact_array(ctx,\n" \
	"\t\t    SCMP_ACT_ALLOW, nr, rows->n, rows->cmp);\n" \
	"\t}\n" \
	"\treturn rc;\n" \
	"}\n" \
	"\n" \
	"/* A context of ARCH alone in *OUT: the calls of ALLOW allowed, those of\n" \
	" * ARGS with their arguments, those of ENOSYS failed with ENOSYS (as far\n" \
	" * as this libseccomp knows them, by name or by their number in NUMBERS:\n" \
	" * the others get the default action); 0, or -errno. */\n" \
	"static int\n" \
	"%1$s_arch(uint32_t arch, const char *const *allow,\n" \
	"\tconst struct %1$s_argrule *args, const char *const *enosys,\n" \
	"\tconst struct %1$s_number *numbers, scmp_filter_ctx *out)\n" \
	"{\n" \
	"\tscmp_filter_ctx ctx = seccomp_init(%2$s);\n" \
	"\tint rc;\n" \
	"\n" \
	"\tif ((*out = ctx) == 0)\n" \
	"\t\treturn -ENOMEM;\n" \
	"\trc = seccomp_arch_add(ctx, arch);\n" \
	"\tif (rc == -EEXIST)\n" \
	"\t\trc = 0;\n" \
	"\tif (rc == 0 && seccomp_arch_native() != arch)\n" \
	"\t\trc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);\n" \
	"\tif (rc == 0)\n" \
	"\t\trc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);\n" \
	"\tif (rc == 0)\n" \
	"\t\trc = %1$s_rules(ctx, arch, SCMP_ACT_ALLOW, allow, numbers, 1);\n" \
	"\tif (rc == 0)\n" \
	"\t\trc = %1$s_arg_rules(ctx, arch, args, numbers);\n" \
	"\tif (rc == 0)\n" \
	"\t\trc = %1$s_rules(ctx, arch, SCMP_ACT_ERRNO(ENOSYS), enosys, numbers, 0);\n" \
	"\tif (rc != 0) {\n" \
	"\t\tseccomp_release(ctx);\n" \
	"\t\t*out = 0;\n" \
	"\t}\n" \
	"\treturn rc;\n" \
	"}\n\n"

/* The merge of the contexts and the installer; %2$s is the table of arches. */
#define EMIT_LIBSECCOMP_CTX_FMT \
	"/* The filter of every architecture, merged; 0 with errno set on failure. */\n" \
	"scmp_filter_ctx %1$s_ctx(void);\n" \
	"\n" \
	"scmp_filter_ctx\n" \
	"%1$s_ctx(void)\n" \
	"{\n" \
	"\tstatic const struct {\n" \
	"\t\tuint32_t arch;\n" \
	"\t\tconst char *const *allow;\n" \
	"\t\tconst struct %1$s_argrule *args;\n" \
	"\t\tconst char *const *enosys;\n" \
	"\t\tconst struct %1$s_number *numbers;\n" \
	"\t} abi[] = {\n" \
	"%2$s" \
	"\t};\n" \
	"\tscmp_filter_ctx ctx = 0, one;\n" \
	"\tsize_t i;\n" \
	"\tint rc = 0;\n" \
	"\n" \
	"\tfor (i = 0; rc == 0 && i < sizeof abi / sizeof abi[0]; i++) {\n" \
	"\t\trc = %1$s_arch(abi[i].arch, abi[i].allow, abi[i].args, abi[i].enosys,\n" \
	"\t\t    abi[i].numbers, &one);\n" \
	"\t\tif (rc == 0 && ctx == 0)\n" \
	"\t\t\tctx = one;\n" \
	"\t\telse if (rc == 0 && (rc = seccomp_merge(ctx, one)) != 0)\n" \
	"\t\t\tseccomp_release(one);\n" \
	"\t}\n" \
	"\tif (rc != 0) {\n" \
	"\t\tif (ctx != 0)\n" \
	"\t\t\tseccomp_release(ctx);\n" \
	"\t\terrno = -rc;\n" \
	"\t\treturn 0;\n" \
	"\t}\n" \
	"\treturn ctx;\n" \
	"}\n" \
	"\n" \
	"/* Build and load the filter; 0, or -1 with errno set. */\n" \
	"int %1$s(void);\n" \
	"\n" \
	"int\n" \
	"%1$s(void)\n" \
	"{\n" \
	"\tscmp_filter_ctx ctx = %1$s_ctx();\n" \
	"\tint rc;\n" \
	"\n" \
	"\tif (ctx == 0)\n" \
	"\t\treturn -1;\n" \
	"\trc = seccomp_load(ctx);\n" \
	"\tseccomp_release(ctx);\n" \
	"\tif (rc < 0) {\n" \
	"\t\terrno = -rc;\n" \
	"\t\treturn -1;\n" \
	"\t}\n" \
	"\treturn 0;\n" \
	"}\n"

/* One context per arch, merged: libseccomp gives a rule to every arch of a
 * context, so per-arch sets need a context each. The calls go by name:
 * libseccomp takes a number as one of the native arch and translates it by
 * name to the arch of the context, so an i386 number would become another
 * call. */
int
emit_libseccomp(FILE *out, const struct emit_input *in, char **err)
{
	char *deny = NULL, *table = NULL;
	size_t size;
	FILE *f;

	(void)err;
	fputs("/*\n", out);
	emit_banner(out, in, " * ", EMIT_IN_C_COMMENT);
	fprintf(out, " *\n * %1$s_ctx() builds the filter with libseccomp (link with "
	    "-lseccomp):\n * a context per architecture, merged, its calls given by "
	    "name so that\n * libseccomp numbers them for that architecture; calls of "
	    "other\n * architectures kill the process. %1$s() loads it, setting\n"
	    " * no_new_privs, and returns 0, or -1 with errno set.\n */\n"
	    "#include <errno.h>\n#include <stddef.h>\n#include <stdint.h>\n"
	    "#include <seccomp.h>\n#include <string.h>\n\n"
	    "/* A call this file names that libseccomp 2.5.4 does not know. */\n"
	    "struct %1$s_number {\n\tconst char *name;\n\tint nr;\n};\n\n", in->function);
	if ((f = open_memstream(&table, &size)) == NULL)
		msg_fatal("out of memory");
	fprintf(out, EMIT_LIBSECCOMP_ROW_FMT, in->function);
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (!(in->set->arches & (1u << a)))
			continue;
		emit_libseccomp_names(out, in, a, SECCOMP_RET_ALLOW, "allow");
		emit_libseccomp_arg_rules(out, in, a);
		emit_libseccomp_names(out, in, a, FILTER_RET_FALLBACK, "enosys");
		emit_libseccomp_numbers(out, in, a);
		fprintf(f, "\t\t{ %2$s, %1$s_%3$s_allow, %1$s_%3$s_args, %1$s_%3$s_enosys, "
		    "%1$s_%3$s_numbers },\n", in->function, emit_scmp_arch(a), arch_name(a));
	}
	fputc('\n', out);
	if (fclose(f) != 0 || (f = open_memstream(&deny, &size)) == NULL)
		msg_fatal("out of memory");
	emit_libseccomp_action(f, in->deny);
	if (fclose(f) != 0)
		msg_fatal("out of memory");
	fprintf(out, EMIT_LIBSECCOMP_HELPERS_FMT, in->function, deny);
	fprintf(out, EMIT_LIBSECCOMP_CTX_FMT, in->function, table);
	free(deny);
	free(table);
	return 0;
}
