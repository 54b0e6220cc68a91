#include <string.h>

#include "gen/consumer.h"

/* A name a consumer lacks, on the architectures of ARCHES. */
struct consumer_gap {
	arch_mask arches;
	const char *name;
};

#define ALL ARCH_MASK_ALL
#define X32 (1u << ARCH_X32)

/* libseccomp 2.5.4's tables end at Linux 6.6 (tests/e2e/consumers.sh checks
 * this list against scmp_sys_resolver). */
static const struct consumer_gap consumer_libseccomp_gaps[] = {
	{ X32, "map_shadow_stack" }, { ALL, "statmount" }, { ALL, "listmount" },
	{ ALL, "lsm_get_self_attr" }, { ALL, "lsm_set_self_attr" },
	{ ALL, "lsm_list_modules" }, { ALL, "mseal" }, { ALL, "setxattrat" },
	{ ALL, "getxattrat" }, { ALL, "listxattrat" }, { ALL, "removexattrat" },
	{ ALL, "open_tree_attr" }, { ALL, "file_getattr" }, { ALL, "file_setattr" },
	{ ALL, "listns" }, { ALL, "uretprobe" }, { ALL, "uprobe" }, { 0, NULL },
};

/* minijail's tables are its build's kernel headers: Debian 12's are 6.1's
 * (tests/e2e/consumers.sh checks this list against
 * data/x86-syscalls-after-6.1.tsv). */
static const struct consumer_gap consumer_minijail_gaps[] = {
	{ ALL, "uretprobe" }, { ALL, "uprobe" }, { ALL, "cachestat" },
	{ ALL, "fchmodat2" }, { ALL, "map_shadow_stack" }, { ALL, "futex_wake" },
	{ ALL, "futex_wait" }, { ALL, "futex_requeue" }, { ALL, "statmount" },
	{ ALL, "listmount" }, { ALL, "lsm_get_self_attr" }, { ALL, "lsm_set_self_attr" },
	{ ALL, "lsm_list_modules" }, { ALL, "mseal" }, { ALL, "setxattrat" },
	{ ALL, "getxattrat" }, { ALL, "listxattrat" }, { ALL, "removexattrat" },
	{ ALL, "open_tree_attr" }, { ALL, "file_getattr" }, { ALL, "file_setattr" },
	{ ALL, "listns" }, { 0, NULL },
};

static const struct {
	const char *who;
	const struct consumer_gap *gaps;
} consumer_table[CONSUMER_COUNT] = {
	[CONSUMER_NONE] = { "the kernel (numbers)", NULL },
	[CONSUMER_LIBSECCOMP] = { "libseccomp 2.5.4 (Debian 12's, through which crun, "
	    "runc and systemd 252 read names too)", consumer_libseccomp_gaps },
	[CONSUMER_MINIJAIL] = { "minijail built with Linux 6.1's headers (Debian 12's)",
	    consumer_minijail_gaps },
};

const char *
consumer_describe(enum consumer consumer)
{
	return consumer_table[consumer].who;
}

bool
consumer_knows(enum consumer consumer, enum arch arch, const char *name)
{
	const struct consumer_gap *g = consumer_table[consumer].gaps;

	for (; g != NULL && g->name != NULL; g++) {
		if ((g->arches & (1u << arch)) && strcmp(g->name, name) == 0)
			return false;
	}
	return true;
}
