#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/message.h"
#include "core/syscalls.h"

static int cmd_syscalls_exec(int, char **);

const struct cmd_entry cmd_syscalls_entry = {
	.name = "syscalls",
	.args = "[--arch A] [NAME|NR]",
	.summary = "Resolve system call names and numbers, or list the tables.",
	.help =
	    "With NAME, print its number on each architecture; with NR, the name\n"
	    "of that number; with neither, the whole table. An x32 number may be\n"
	    "given with or without the x32 bit (0x40000000).\n\n"
	    "  -a, --arch A   x86_64, i386 or x32 (default: all three); with one\n"
	    "                 arch and a query, print just the answer\n"
	    "  -h, --help     show this help\n\n"
	    "Exit status: 0 when found, 1 when the name or number is unknown.\n",
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
cmd_syscalls_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd_entry *e = &cmd_syscalls_entry;
	arch_mask mask = ARCH_MASK_ALL;
	int c, one_arch = 0;
	char *end;
	unsigned long nr;

	while ((c = cmd_getopt(e, argc, argv, "a:h", longopts)) != -1) {
		enum arch arch;
		if (arch_from_name(optarg, &arch) != 0) {
			cmd_usage_error(e, "unknown architecture '%s' (x86_64, i386, x32)",
			    optarg);
		}
		mask = 1u << arch;
		one_arch = 1;
	}
	if (optind == argc)
		return list_tables(mask);
	if (optind + 1 != argc)
		cmd_usage_error(e, "one NAME or NR at a time, not %d", argc - optind);
	errno = 0;
	nr = strtoul(argv[optind], &end, 0);
	if (*end != '\0' || end == argv[optind] || errno != 0)
		return resolve_name(mask, argv[optind], one_arch);
	return resolve_number(mask, nr, one_arch);
}
