#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/runtime.h"

const char *const runtime_names[] = {
	"none", "oci", "crun", "runc", "docker", "podman", "systemd", "minijail-static", NULL,
};

/* The data files each name of runtime_names[] stands for. */
static const char *const runtime_files[][RUNTIME_MAX_FILES] = {
	{ NULL },                  /* none: the exec alone */
	{ "crun", "runc" },        /* oci: a profile for either OCI runtime */
	{ "crun" },
	{ "runc" },
	{ "runc" },                /* docker runs its containers with runc */
	{ "crun", "runc" },        /* podman takes crun or runc */
	{ "systemd" },
	{ "minijail-static" },
};

static const struct runtime_set *
runtime_set_find(const char *file)
{
	for (const struct runtime_set *r = runtime_sets; r->name != NULL; r++) {
		if (strcmp(r->name, file) == 0)
			return r;
	}
	return NULL;
}

/* Add NAME to ADD[0..*N-1] for WHO (NULL: every launcher), with WHY, unless
 * S allows it already; a name there already gets WHO beside its own. */
static struct runtime_addition *
runtime_add(struct runtime_addition *add, size_t *n, const struct filter_set *s,
	const char *name, const char *why, const char *who)
{
	int nr = syscalls_number(ARCH_X86_64, name);
	size_t i, w = 0;

	/* A call the set allows with argument checks only is added: the
	 * runtime makes it with values the program did not. */
	if (nr < 0 || (filter_set_action(s, ARCH_X86_64, (uint32_t)nr, 0) == SECCOMP_RET_ALLOW &&
	    filter_set_rule_of(s, ARCH_X86_64, (uint32_t)nr) == NULL))
		return add;
	for (i = 0; i < *n && add[i].nr != (uint32_t)nr; i++)
		;
	if (i == *n) {
		add = xreallocarray(add, *n + 1, sizeof *add);
		add[(*n)++] = (struct runtime_addition){ name, (uint32_t)nr, why, { NULL } };
	}
	while (w < RUNTIME_MAX_FILES && add[i].who[w] != NULL)
		w++;
	if (who != NULL && w < RUNTIME_MAX_FILES)
		add[i].who[w] = who;
	return add;
}

size_t
runtime_launches(const struct profile *p, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t r = 0; r < p->nruns; r++) {
		const char *call = p->runs[r].launch;
		size_t i = 0;

		while (call != NULL && i < n && strcmp(names[i], call) != 0)
			i++;
		if (call != NULL && i == n && n < max)
			names[n++] = call;
	}
	return n;
}

/* Whether a run of P (or P, with none) does not say how it was launched. */
static bool
runtime_launch_unknown(const struct profile *p)
{
	for (size_t r = 0; r < p->nruns; r++) {
		if (p->runs[r].launch == NULL)
			return true;
	}
	return p->nruns == 0;
}

/* Add to ADD the exec that starts the program: the launch calls the runs of
 * P recorded, and execve for the runs that say nothing. */
static struct runtime_addition *
runtime_add_launch(struct runtime_addition *add, size_t *n, const struct profile *p,
	const struct filter_set *s)
{
	const char *names[RUNTIME_MAX_LAUNCHES];
	size_t k = runtime_launches(p, names, RUNTIME_MAX_LAUNCHES);

	if (runtime_launch_unknown(p))
		add = runtime_add(add, n, s, "execve", "the exec that starts the program "
		    "(assumed: the profile does not record its launch)", NULL);
	for (size_t i = 0; i < k; i++)
		add = runtime_add(add, n, s, names[i], "the exec that starts the program "
		    "(recorded as the launch)", NULL);
	return add;
}

struct runtime_addition *
runtime_additions(const char *runtime, const struct profile *p,
	const struct filter_set *s, size_t *n)
{
	struct runtime_addition *add = NULL;
	size_t k = 0;

	*n = 0;
	while (runtime_names[k] != NULL && strcmp(runtime_names[k], runtime) != 0)
		k++;
	add = runtime_add_launch(add, n, p, s);
	for (size_t f = 0; runtime_names[k] != NULL && f < RUNTIME_MAX_FILES &&
	    runtime_files[k][f] != NULL; f++) {
		const struct runtime_set *r = runtime_set_find(runtime_files[k][f]);
		for (const struct runtime_call *c = r->calls; c->name != NULL; c++)
			add = runtime_add(add, n, s, c->name, c->reason, r->version);
	}
	return add;
}

void
runtime_allow(struct filter_set *s, const struct runtime_addition *add, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		filter_set_add(s, ARCH_X86_64, add[i].nr);
		filter_set_rule(s, ARCH_X86_64, add[i].nr, NULL);
	}
}
