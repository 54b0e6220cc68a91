#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/xmalloc.h"
#include "gen/bpf.h"
#include "gen/cbpf.h"

/* The names both directions know; the writer picks by the role of a field. */
enum cbpf_role { CBPF_CODE, CBPF_OFFSET, CBPF_ARCH, CBPF_ACTION };

static const struct {
	const char *name;
	uint32_t value;
	enum cbpf_role role;
} cbpf_names[] = {
	{ "BPF_LD", BPF_LD, CBPF_CODE }, { "BPF_W", BPF_W, CBPF_CODE },
	{ "BPF_ABS", BPF_ABS, CBPF_CODE }, { "BPF_JMP", BPF_JMP, CBPF_CODE },
	{ "BPF_JA", BPF_JA, CBPF_CODE }, { "BPF_JEQ", BPF_JEQ, CBPF_CODE },
	{ "BPF_JGE", BPF_JGE, CBPF_CODE }, { "BPF_JGT", BPF_JGT, CBPF_CODE },
	{ "BPF_JSET", BPF_JSET, CBPF_CODE }, { "BPF_K", BPF_K, CBPF_CODE },
	{ "BPF_RET", BPF_RET, CBPF_CODE },
	{ "offsetof(struct seccomp_data, nr)", offsetof(struct seccomp_data, nr), CBPF_OFFSET },
	{ "offsetof(struct seccomp_data, arch)", offsetof(struct seccomp_data, arch), CBPF_OFFSET },
	{ "AUDIT_ARCH_X86_64", AUDIT_ARCH_X86_64, CBPF_ARCH },
	{ "AUDIT_ARCH_I386", AUDIT_ARCH_I386, CBPF_ARCH },
	{ "SECCOMP_RET_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS, CBPF_ACTION },
	{ "SECCOMP_RET_KILL_THREAD", SECCOMP_RET_KILL_THREAD, CBPF_ACTION },
	{ "SECCOMP_RET_TRAP", SECCOMP_RET_TRAP, CBPF_ACTION },
	{ "SECCOMP_RET_ERRNO", SECCOMP_RET_ERRNO, CBPF_ACTION },
	{ "SECCOMP_RET_USER_NOTIF", SECCOMP_RET_USER_NOTIF, CBPF_ACTION },
	{ "SECCOMP_RET_TRACE", SECCOMP_RET_TRACE, CBPF_ACTION },
	{ "SECCOMP_RET_LOG", SECCOMP_RET_LOG, CBPF_ACTION },
	{ "SECCOMP_RET_ALLOW", SECCOMP_RET_ALLOW, CBPF_ACTION },
};

#define CBPF_NNAMES (sizeof cbpf_names / sizeof *cbpf_names)

static const char *
cbpf_name(enum cbpf_role role, uint32_t value)
{
	for (size_t i = 0; i < CBPF_NNAMES; i++) {
		if (cbpf_names[i].role == role && cbpf_names[i].value == value)
			return cbpf_names[i].name;
	}
	return NULL;
}

/* The opcode as names joined by " | ", or a number when some part has none. */
static void
cbpf_write_code(FILE *out, uint16_t code)
{
	const char *cls = cbpf_name(CBPF_CODE, BPF_CLASS(code));
	const char *op = cbpf_name(CBPF_CODE, BPF_OP(code));
	bool jump = BPF_CLASS(code) == BPF_JMP;

	if (code == (BPF_LD | BPF_W | BPF_ABS))
		fputs("BPF_LD | BPF_W | BPF_ABS", out);
	else if (code == (BPF_RET | BPF_K))
		fputs("BPF_RET | BPF_K", out);
	else if (code == (BPF_JMP | BPF_JA))
		fputs("BPF_JMP | BPF_JA", out);
	else if (jump && BPF_SRC(code) == BPF_K && op != NULL)
		fprintf(out, "%s | %s | BPF_K", cls, op);
	else
		fprintf(out, "0x%02x", code);
}

static void
cbpf_write_k(FILE *out, const struct sock_filter *i)
{
	const char *name = NULL;
	uint32_t data = i->k & SECCOMP_RET_DATA;

	if (i->code == (BPF_LD | BPF_W | BPF_ABS))
		name = cbpf_name(CBPF_OFFSET, i->k);
	else if (i->code == (BPF_JMP | BPF_JEQ | BPF_K))
		name = cbpf_name(CBPF_ARCH, i->k);
	else if (i->code == (BPF_RET | BPF_K))
		name = cbpf_name(CBPF_ACTION, i->k & SECCOMP_RET_ACTION_FULL);
	if (name != NULL && i->code == (BPF_RET | BPF_K) && data != 0)
		fprintf(out, "%s | %u", name, data);
	else if (name != NULL)
		fputs(name, out);
	else
		fprintf(out, i->k >= 0x10000 ? "0x%x" : "%u", i->k);
}

void
cbpf_write(FILE *out, const struct sock_filter *i)
{
	bool cond = BPF_CLASS(i->code) == BPF_JMP && BPF_OP(i->code) != BPF_JA;

	fputs(cond ? "BPF_JUMP(" : "BPF_STMT(", out);
	cbpf_write_code(out, i->code);
	fputs(", ", out);
	cbpf_write_k(out, i);
	if (cond)
		fprintf(out, ", %u, %u", i->jt, i->jf);
	fputs(")", out);
}

/* Reading: a cursor over the text with comments already blanked out. */
struct cbpf_reader {
	const char *path; /* for the messages */
	const char *text, *p;
	char **err;
};

static int
cbpf_fail(struct cbpf_reader *r, const char *what)
{
	unsigned line = 1;

	for (const char *c = r->text; c < r->p; c++)
		line += *c == '\n';
	*r->err = xasprintf("%s:%u: %s", r->path, line, what);
	return -EINVAL;
}

static void
cbpf_skip_space(struct cbpf_reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

/* One term: a number or a known name. */
static int
cbpf_term(struct cbpf_reader *r, uint32_t *v)
{
	char *end;
	unsigned long n;

	cbpf_skip_space(r);
	if (*r->p >= '0' && *r->p <= '9') {
		errno = 0;
		n = strtoul(r->p, &end, 0);
		if (errno != 0 || n > UINT32_MAX)
			return cbpf_fail(r, "number out of range");
		*v = (uint32_t)n;
		r->p = end;
		return 0;
	}
	for (size_t i = 0; i < CBPF_NNAMES; i++) {
		size_t len = strlen(cbpf_names[i].name);
		char after = r->p[len];
		if (strncmp(r->p, cbpf_names[i].name, len) == 0 && after != '_' &&
		    !(after >= 'A' && after <= 'Z') && !(after >= '0' && after <= '9')) {
			*v = cbpf_names[i].value;
			r->p += len;
			return 0;
		}
	}
	return cbpf_fail(r, "expected a number or a BPF_, AUDIT_ARCH_, "
	    "SECCOMP_RET_ or offsetof(struct seccomp_data, ...) name");
}

/* Terms joined by "|", then the separator SEP. */
static int
cbpf_expr(struct cbpf_reader *r, uint32_t *v, char sep)
{
	uint32_t t;
	int rc;

	*v = 0;
	do {
		if ((rc = cbpf_term(r, &t)) != 0)
			return rc;
		*v |= t;
		cbpf_skip_space(r);
	} while (*r->p == '|' && r->p++);
	if (*r->p != sep)
		return cbpf_fail(r, sep == ',' ? "expected ','" : "expected ')'");
	r->p++;
	return 0;
}

static int
cbpf_insn(struct cbpf_reader *r, struct sock_filter *i)
{
	bool jump = strncmp(r->p, "BPF_JUMP(", 9) == 0;
	uint32_t code, jt = 0, jf = 0;
	int rc;

	if (!jump && strncmp(r->p, "BPF_STMT(", 9) != 0)
		return cbpf_fail(r, "expected BPF_STMT( or BPF_JUMP(");
	r->p += 9;
	if ((rc = cbpf_expr(r, &code, ',')) ||
	    (rc = cbpf_expr(r, &i->k, jump ? ',' : ')')) ||
	    (jump && ((rc = cbpf_expr(r, &jt, ',')) || (rc = cbpf_expr(r, &jf, ')')))))
		return rc;
	if (code > 0xffff || jt > BPF_JUMP_MAX || jf > BPF_JUMP_MAX)
		return cbpf_fail(r, "opcode or jump offset out of range");
	i->code = (uint16_t)code;
	i->jt = (uint8_t)jt;
	i->jf = (uint8_t)jf;
	cbpf_skip_space(r);
	if (*r->p == ',')
		r->p++;
	return 0;
}

/* A copy of TEXT with every comment turned into spaces (newlines kept). */
static char *
cbpf_strip_comments(const char *text)
{
	char *s = xstrdup(text);

	for (char *c = s; *c != '\0'; c++) {
		if (c[0] != '/' || c[1] != '*')
			continue;
		for (; *c != '\0' && !(c[0] == '*' && c[1] == '/'); c++)
			*c = *c == '\n' ? '\n' : ' ';
		if (*c != '\0')
			c[0] = c[1] = ' ';
	}
	return s;
}

/* Read the instructions of the first "struct sock_filter NAME[] = { ... };"
 * in the C source TEXT of file PATH into *F; 0, or -EINVAL with *ERR set
 * ("PATH:LINE: what"). */
static int
cbpf_parse(const char *path, const char *text, struct filter *f, char **err)
{
	char *s = cbpf_strip_comments(text);
	struct cbpf_reader r = { path, s, strstr(s, "struct sock_filter "), err };
	size_t cap = 0;
	int rc = 0;

	f->insns = NULL;
	f->len = 0;
	if (r.p == NULL || (r.p = strstr(r.p, "[] = {")) == NULL) {
		r.p = s;
		rc = cbpf_fail(&r, "no \"struct sock_filter NAME[] = {\" array");
	}
	for (r.p += rc ? 0 : 6; rc == 0; ) {
		cbpf_skip_space(&r);
		if (*r.p == '}')
			break;
		if (f->len == BPF_MAXINSNS + 1) {
			rc = cbpf_fail(&r, BPF_TOO_LONG);
			break;
		}
		if (f->len == cap)
			f->insns = xreallocarray(f->insns, cap = cap ? 2 * cap : 64,
			    sizeof *f->insns);
		rc = cbpf_insn(&r, &f->insns[f->len++]);
	}
	free(s);
	if (rc != 0)
		filter_free(f);
	return rc;
}

int
cbpf_load(const char *path, struct filter *f, char **err)
{
	char *buf;
	size_t len;
	int rc = file_read(path, &buf, &len);

	if (rc != 0) {
		*err = xasprintf("cannot read %s: %s", path, strerror(-rc));
	} else if (strlen(buf) == len && strstr(buf, "struct sock_filter") != NULL) {
		rc = cbpf_parse(path, buf, f, err);
	} else if (len > 0 && strlen(buf) == len) {
		/* Raw BPF has a NUL in every instruction (the opcode's high byte). */
		*err = xasprintf("%s: text with no \"struct sock_filter NAME[] = {\" "
		    "array: give the c or bpf output of sandcast gen (from the "
		    "libseccomp output, the program seccomp_export_bpf() writes)", path);
		rc = -EINVAL;
	} else if (len == 0 || len % sizeof *f->insns != 0) {
		*err = xasprintf("%s: neither C source with a sock_filter array nor raw "
		    "BPF (%zu bytes is not a whole number of instructions)", path, len);
		rc = -EINVAL;
	} else {
		f->len = len / sizeof *f->insns;
		f->insns = xcalloc(f->len, sizeof *f->insns);
		memcpy(f->insns, buf, len);
	}
	free(buf);
	return rc;
}
