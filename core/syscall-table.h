/* The generated syscall name tables (core/syscall-table.c). */
#ifndef SANDCAST_CORE_SYSCALL_TABLE_H
#define SANDCAST_CORE_SYSCALL_TABLE_H

#include <stddef.h>

#include "core/arch.h"

struct syscall_table {
	const char *const *names; /* indexed by number; NULL for holes */
	size_t size;              /* highest number + 1 */
};

/* The tables, indexed by enum arch (x32 numbers without the x32 bit). */
extern const struct syscall_table syscall_tables[ARCH_COUNT];

/* A call newer than Debian 12's kernel headers, and its first release. */
struct syscall_since {
	const char *name;
	unsigned major, minor;
};

/* Those calls, ended by a zeroed entry (uretprobe and uprobe left out). */
extern const struct syscall_since syscall_since[];

#endif
