/* Name and number lookups in the syscall tables of each architecture. */
#ifndef SANDCAST_CORE_SYSCALLS_H
#define SANDCAST_CORE_SYSCALLS_H

#include <stdint.h>

#include "core/arch.h"

/* Return the name of call NR on ARCH, or NULL when the tables do not know it. */
const char *syscalls_name(enum arch arch, uint32_t nr);

/* Return the number of call NAME on ARCH, or -1 when ARCH has no such call. */
int syscalls_number(enum arch arch, const char *name);

/* Return one past the highest number the table of ARCH knows. */
uint32_t syscalls_limit(enum arch arch);

/* Format the name of NR on ARCH into BUF, or "syscall_NR" when unknown. */
const char *syscalls_describe(enum arch arch, uint32_t nr, char *buf, unsigned size);

#endif
