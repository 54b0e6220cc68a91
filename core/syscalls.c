#include <stdio.h>
#include <string.h>

#include "core/syscall-table.h"
#include "core/syscalls.h"

const char *
syscalls_name(enum arch arch, uint32_t nr)
{
	const struct syscall_table *t = &syscall_tables[arch];

	return nr < t->size ? t->names[nr] : NULL;
}

int
syscalls_number(enum arch arch, const char *name)
{
	const struct syscall_table *t = &syscall_tables[arch];

	for (size_t nr = 0; nr < t->size; nr++) {
		if (t->names[nr] != NULL && strcmp(t->names[nr], name) == 0)
			return (int)nr;
	}
	return -1;
}

uint32_t
syscalls_limit(enum arch arch)
{
	return (uint32_t)syscall_tables[arch].size;
}

const char *
syscalls_describe(enum arch arch, uint32_t nr, char *buf, unsigned size)
{
	const char *name = syscalls_name(arch, nr);

	if (name != NULL)
		return name;
	snprintf(buf, size, "syscall_%u", nr);
	return buf;
}
