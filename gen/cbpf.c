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
#include "gen/cfilter.h"

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

int
cbpf_from_bytes(const char *name, const void *data, size_t len, struct filter *f,
	char **err)
{
	f->insns = NULL;
	f->len = 0;
	if (len == 0 || len % sizeof *f->insns != 0) {
		*err = xasprintf("%s: not raw BPF (%zu bytes is not a whole number of "
		    "instructions)", name, len);
		return -EINVAL;
	}
	f->len = len / sizeof *f->insns;
	f->insns = xcalloc(f->len, sizeof *f->insns);
	memcpy(f->insns, data, len);
	return 0;
}

int
cbpf_load(const char *path, struct filter *f, char **err)
{
	char *buf;
	size_t len;
	int rc = file_read(path, &buf, &len);

	f->insns = NULL;
	f->len = 0;
	if (rc != 0)
		*err = xasprintf("cannot read %s: %s", path, strerror(-rc));
	else if (len > 0 && strlen(buf) == len)
		/* Raw BPF has a NUL in every instruction (the opcode's high
		 * byte): this is text, C source to be compiled. */
		rc = cfilter_load(path, f, err);
	else
		rc = cbpf_from_bytes(path, buf, len, f, err);
	free(buf);
	return rc;
}
