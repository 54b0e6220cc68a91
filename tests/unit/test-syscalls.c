/* Unit tests of core/syscalls: lookups both ways (tests/e2e/syscall-tables.sh
 * compares every number with the host headers and scmp_sys_resolver). */
#include <asm/unistd_32.h>
#include <string.h>

#include "core/syscalls.h"
#include "tests/unit/tap.h"

static void
test_known_numbers(void)
{
	tap_is_int(syscalls_number(ARCH_X86_64, "mq_notify"), 244, "mq_notify x86_64");
	tap_is_int(syscalls_number(ARCH_I386, "mq_notify"), __NR_mq_notify,
	    "mq_notify i386 matches <asm/unistd_32.h>");
	tap_is_int(syscalls_number(ARCH_I386, "mq_notify"), 281, "mq_notify i386");
	tap_is_int(syscalls_number(ARCH_X32, "mq_notify"), 527, "mq_notify x32");
	tap_is_int(syscalls_number(ARCH_X32, "rt_sigaction"), 512, "x32 rt_sigaction");
	tap_is_str(syscalls_name(ARCH_X86_64, 435), "clone3", "435 is clone3");
	tap_is_str(syscalls_name(ARCH_I386, 11), "execve", "i386 11 is execve");
	tap_is_int(syscalls_number(ARCH_X86_64, "socketcall"), -1,
	    "no socketcall on x86_64");
	tap_is_int(syscalls_number(ARCH_I386, "socketcall"), __NR_socketcall,
	    "socketcall on i386");
}

static void
test_newer_calls(void)
{
	tap_is_str(syscalls_name(ARCH_X86_64, 462), "mseal", "mseal from the tsv");
	tap_is_str(syscalls_name(ARCH_I386, 470), "listns", "listns on i386");
	tap_is_str(syscalls_name(ARCH_X32, 452), "fchmodat2", "fchmodat2 on x32");
	tap_is_str(syscalls_name(ARCH_X86_64, 335), "uretprobe", "uretprobe x86_64");
	tap_ok(syscalls_name(ARCH_I386, 335) == NULL ||
	    strcmp(syscalls_name(ARCH_I386, 335), "uretprobe") != 0,
	    "uretprobe is not an i386 call");
	tap_is_int(syscalls_limit(ARCH_X86_64), 471, "x86_64 table ends at listns");
}

static void
test_describe(void)
{
	char buf[32];

	tap_is_str(syscalls_describe(ARCH_X86_64, 0, buf, sizeof buf), "read",
	    "describe known");
	tap_is_str(syscalls_describe(ARCH_X86_64, 999, buf, sizeof buf),
	    "syscall_999", "describe unknown");
	tap_ok(syscalls_name(ARCH_X86_64, 100000) == NULL, "far number is unknown");
}

int
main(void)
{
	test_known_numbers();
	test_newer_calls();
	test_describe();
	return tap_done();
}
