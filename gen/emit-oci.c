#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/message.h"
#include "core/syscalls.h"
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

/* What the rows of one name's argument rules go into. */
struct emit_oci_rows {
	json_t *rules; /* the rules of the document */
	const char *name;
	size_t first; /* the index of the name's first rule in RULES */
};

/* Append the rule of the values AT of R, unless the name has it already
 * (from another arch's rule). */
static void
emit_oci_row(const struct filter_rule *r, const size_t *at, void *ctx)
{
	struct emit_oci_rows *rows = ctx;
	json_t *rule = json_object(), *args = json_array();

	json_object_set_new(rule, "names", json_pack("[s]", rows->name));
	json_object_set_new(rule, "action", json_string("SCMP_ACT_ALLOW"));
	for (size_t j = 0; j < r->n; j++) {
		const struct filter_argcheck *c = &r->checks[j];
		/* A full mask is plain equality (and a mask past 2^63 a JSON
		 * integer could not hold). */
		if (c->mask == UINT64_MAX)
			json_array_append_new(args, json_pack("{s:i, s:I, s:s}", "index",
			    (int)c->index, "value", (json_int_t)c->values[at[j]], "op",
			    "SCMP_CMP_EQ"));
		else
			json_array_append_new(args, json_pack("{s:i, s:I, s:I, s:s}", "index",
			    (int)c->index, "value", (json_int_t)c->mask, "valueTwo",
			    (json_int_t)c->values[at[j]], "op", "SCMP_CMP_MASKED_EQ"));
	}
	json_object_set_new(rule, "args", args);
	for (size_t i = rows->first; i < json_array_size(rows->rules); i++) {
		if (json_equal(json_array_get(rows->rules, i), rule)) {
			json_decref(rule);
			return;
		}
	}
	json_array_append_new(rows->rules, rule);
}

/* Whether every value and mask of R fits in a JSON integer (2^63 - 1; a
 * full mask is not written). */
static bool
emit_oci_fits(const struct filter_rule *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->checks[i].mask != UINT64_MAX && r->checks[i].mask > INT64_MAX)
			return false;
		for (size_t j = 0; j < r->checks[i].n; j++) {
			if (r->checks[i].values[j] > INT64_MAX)
				return false;
		}
	}
	return true;
}

/* Append to RULES the rules that allow NAME with the values of its
 * argument checks on each arch, and return true; or return false when an
 * arch allows it without checks (the name is then allowed outright). */
static bool
emit_oci_arg_rules(json_t *rules, const struct emit_input *in, const char *name)
{
	struct emit_oci_rows rows = { rules, name, json_array_size(rules) };
	const struct filter_rule *r;
	bool any = false;

	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		int nr = syscalls_number(a, name);
		if (nr < 0 || filter_set_action(in->set, a, (uint32_t)nr, 0) != SECCOMP_RET_ALLOW)
			continue;
		if ((r = filter_set_rule_of(in->set, a, (uint32_t)nr)) == NULL)
			return false;
		if (!emit_oci_fits(r)) {
			msg_warn("oci: a value of %s's arguments is past 2^63, which the "
			    "JSON of a profile cannot hold: %s is allowed with any arguments",
			    name, name);
			return false;
		}
		any = true;
	}
	for (unsigned a = 0; a < ARCH_COUNT && any; a++) {
		int nr = syscalls_number(a, name);
		if (nr >= 0 && (r = filter_set_rule_of(in->set, a, (uint32_t)nr)) != NULL &&
		    filter_set_action(in->set, a, (uint32_t)nr, 0) == SECCOMP_RET_ALLOW)
			emit_rule_product(r, emit_oci_row, &rows);
	}
	return any;
}

/* Append to RULES the rule of every name that gets RET (none when no name
 * does), as Docker's profile groups names by action, then the rules of the
 * names allowed with argument checks; return how many of them get it on
 * some architectures only. */
static size_t
emit_oci_rules(json_t *rules, const struct emit_input *in, uint32_t ret)
{
	size_t n, partial;
	const char **names = emit_names(in, ret, &n, &partial);
	json_t *rule, *list = json_array(), *checked = json_array();

	for (size_t i = 0; i < n; i++) {
		if (ret != SECCOMP_RET_ALLOW || !emit_oci_arg_rules(checked, in, names[i]))
			json_array_append_new(list, json_string(names[i]));
	}
	if (json_array_size(list) > 0) {
		rule = json_object();
		json_object_set_new(rule, "names", list);
		json_object_set_new(rule, "action", json_string(emit_scmp_action(ret)));
		if ((ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
			json_object_set_new(rule, "errnoRet", json_integer(ret & SECCOMP_RET_DATA));
		json_array_append_new(rules, rule);
	} else {
		json_decref(list);
	}
	json_array_extend(rules, checked);
	json_decref(checked);
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
