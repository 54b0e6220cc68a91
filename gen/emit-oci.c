#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <stdlib.h>

#include "core/message.h"
#include "core/xmalloc.h"
#include "gen/emit.h"

/* Set "defaultAction" (and "defaultErrnoRet") of DOC to ACTION. */
static void
emit_oci_action(json_t *doc, uint32_t action)
{
	json_object_set_new(doc, "defaultAction", json_string(emit_scmp_action(action)));
	if ((action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
		json_object_set_new(doc, "defaultErrnoRet",
		    json_integer(action & SECCOMP_RET_DATA));
}

/* Append to RULES the rule of every name that gets RET (none when no name
 * does), as Docker's profile groups names by action; return how many of
 * them get it on some architectures only. */
static size_t
emit_oci_rules(json_t *rules, const struct emit_input *in, uint32_t ret)
{
	size_t n, partial;
	const char **names = emit_names(in, ret, &n, &partial);
	json_t *rule, *list;

	if (n > 0) {
		rule = json_object();
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_string(names[i]));
		json_object_set_new(rule, "names", list);
		json_object_set_new(rule, "action", json_string(emit_scmp_action(ret)));
		if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
			json_object_set_new(rule, "errnoRet", json_integer(ret & SECCOMP_RET_DATA));
		json_array_append_new(rules, rule);
	}
	free(names);
	return partial;
}

int
emit_oci(FILE *out, const struct emit_input *in, char **err)
{
	json_t *doc = json_object(), *arches = json_array(), *rules = json_array();
	size_t partial;
	int rc;

	emit_placement_note("oci", in);
	emit_oci_action(doc, in->deny);
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (in->set->arches & (1u << a))
			json_array_append_new(arches, json_string(emit_scmp_arch(a)));
	}
	json_object_set_new(doc, "architectures", arches);
	partial = emit_oci_rules(rules, in, SECCOMP_RET_ALLOW);
	partial += emit_oci_rules(rules, in, FILTER_RET_FALLBACK);
	json_object_set_new(doc, "syscalls", rules);
	if (partial > 0)
		msg_warn("oci: %zu call%s recorded on some architectures only will get "
		    "the same action on all of them: the format has no per-architecture "
		    "rules", partial, partial == 1 ? "" : "s");
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(doc);
	if (rc != 0)
		*err = xstrdup("cannot write the JSON document");
	return rc != 0 ? -EIO : 0;
}
