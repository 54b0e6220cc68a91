#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <stdlib.h>

#include "core/message.h"
#include "core/xmalloc.h"
#include "gen/emit.h"

static const char *const emit_oci_arch[ARCH_COUNT] = {
	[ARCH_X86_64] = "SCMP_ARCH_X86_64",
	[ARCH_I386] = "SCMP_ARCH_X86",
	[ARCH_X32] = "SCMP_ARCH_X32",
};

/* Set "defaultAction" (and "defaultErrnoRet") of DOC to ACTION. */
static void
emit_oci_action(json_t *doc, uint32_t action)
{
	static const struct { uint32_t action; const char *name; } names[] = {
		{ SECCOMP_RET_KILL_PROCESS, "SCMP_ACT_KILL_PROCESS" },
		{ SECCOMP_RET_KILL_THREAD, "SCMP_ACT_KILL_THREAD" },
		{ SECCOMP_RET_TRAP, "SCMP_ACT_TRAP" },
		{ SECCOMP_RET_ERRNO, "SCMP_ACT_ERRNO" },
		{ SECCOMP_RET_TRACE, "SCMP_ACT_TRACE" },
		{ SECCOMP_RET_LOG, "SCMP_ACT_LOG" },
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (names[i].action == (action & SECCOMP_RET_ACTION_FULL))
			json_object_set_new(doc, "defaultAction", json_string(names[i].name));
	}
	if ((action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
		json_object_set_new(doc, "defaultErrnoRet",
		    json_integer(action & SECCOMP_RET_DATA));
}

/* Write an OCI runtime-spec (and Docker) seccomp profile: the default
 * action, the architectures, and one rule per name. The format applies
 * every name to every architecture listed, so a call allowed on one arch
 * only is allowed on all: a warning says how many. */
int
emit_oci(FILE *out, const struct emit_input *in, char **err)
{
	json_t *doc = json_object(), *arches = json_array(), *rules = json_array();
	size_t n, partial;
	const char **names = emit_names(in, &n, &partial);
	int rc;

	emit_oci_action(doc, in->deny);
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (in->set->arches & (1u << a))
			json_array_append_new(arches, json_string(emit_oci_arch[a]));
	}
	json_object_set_new(doc, "architectures", arches);
	for (size_t i = 0; i < n; i++) {
		json_t *rule = json_object();
		json_object_set_new(rule, "names", json_pack("[s]", names[i]));
		json_object_set_new(rule, "action", json_string("SCMP_ACT_ALLOW"));
		json_array_append_new(rules, rule);
	}
	json_object_set_new(doc, "syscalls", rules);
	free(names);
	if (partial > 0)
		msg_warn("oci: %zu call%s recorded on some architectures only will be "
		    "allowed on all of them: the format has no per-architecture rules",
		    partial, partial == 1 ? "" : "s");
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(doc);
	if (rc != 0)
		*err = xstrdup("cannot write the JSON document");
	return rc != 0 ? -EIO : 0;
}
