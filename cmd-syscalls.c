#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/message.h"
#include "core/syscalls.h"

static int cmd_syscalls_exec(const struct cmd_args *);

static const struct cmd_option cmd_syscalls_options[] = {
	{ .name = "arch", .old = 'a', .kind = CMD_ARCHES },
	{ NULL },
};

const struct cmd_entry cmd_syscalls_entry = {
	.name = "syscalls",
	.usage = "[--arch LIST] [NAME|NR]",
	.summary = "Resolve system call names and numbers, or list the tables.",
	.help =
	    "With NAME, print its number on each architecture; with NR, the name\n"
	    "of that number; with neither, the whole table. An x32 number may be\n"
	    "given with or without the x32 bit (0x40000000).\n\n"
	    "      --arch LIST  only these architectures (comma-separated: x86_64,\n"
	    "                   i386, x32; default: all three); with one arch and\n"
	    "                   a query, print just the answer\n"
	    "  -h, --help       show this help\n\n"
	    "Exit status: 0 when found, 1 when the name or number is unknown.\n",
	.options = cmd_syscalls_options,
	.operands = { 0, 1, "give one NAME or NR at most" },
	.exec = cmd_syscalls_exec,
};

static void
print_row(enum arch arch, uint32_t nr, const char *name, int bare_field)
{
	if (bare_field == 1)
		printf("%u\n", arch == ARCH_X32 ? nr | ARCH_X32_SYSCALL_BIT : nr);
	else if (bare_field == 2)
		printf("%s\n", name);
	else
		printf("%-7s %4u  %s\n", arch_name(arch), nr, name);
}

static int
list_tables(arch_mask mask)
{
	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		if (!(mask & (1u << a)))
			continue;
		for (uint32_t nr = 0; nr < syscalls_limit(a); nr++) {
			const char *name = syscalls_name(a, nr);
			if (name != NULL)
				print_row(a, nr, name, 0);
		}
	}
	return 0;
}

static int
resolve_name(arch_mask mask, const char *name, int bare)
{
	int found = 0;

	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		int nr = (mask & (1u << a)) ? syscalls_number(a, name) : -1;
		if (nr >= 0) {
			print_row(a, (uint32_t)nr, name, bare ? 1 : 0);
			found = 1;
		}
	}
	if (!found)
		msg_error("no system call named '%s' on the architectures asked "
		    "('sandcast syscalls' lists them)", name);
	return found ? 0 : 1;
}

static int
resolve_number(arch_mask mask, unsigned long nr, int bare)
{
	int found = 0;

	for (unsigned a = 0; a < ARCH_COUNT; a++) {
		unsigned long plain = nr;
		const char *name;
		if (a == ARCH_X32)
			plain &= ~(unsigned long)ARCH_X32_SYSCALL_BIT;
		else if (nr >= ARCH_X32_SYSCALL_BIT)
			continue;
		name = (mask & (1u << a)) ? syscalls_name(a, (uint32_t)plain) : NULL;
		if (name != NULL) {
			print_row(a, (uint32_t)plain, name, bare ? 2 : 0);
			found = 1;
		}
	}
	if (!found)
		msg_error("no system call numbered %lu on the architectures asked",
		    nr);
	return found ? 0 : 1;
}

static int
cmd_syscalls_exec(const struct cmd_args *a)
{
	arch_mask mask = (arch_mask)cmd_value(a, "arch", ARCH_MASK_ALL);
	int one_arch = __builtin_popcount(mask) == 1;
	char *end;
	unsigned long nr;

	if (a->argc == 0)
		return list_tables(mask);
	errno = 0;
	nr = strtoul(a->argv[0], &end, 0);
	if (*end != '\0' || end == a->argv[0] || errno != 0)
		return resolve_name(mask, a->argv[0], one_arch);
	return resolve_number(mask, nr, one_arch);
}
