/* Unit tests of core/argtable: the rules of each arch, how values are read
 * (int arguments, i386, masks) and how they are named. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "core/argtable.h"
#include "core/syscalls.h"
#include "tests/unit/tap.h"

static const struct argrule *
rule(enum arch arch, const char *call, unsigned index)
{
	int nr = syscalls_number(arch, call);

	return nr < 0 ? NULL : argtable_rule(arch, (uint32_t)nr, index);
}

/* Every rule names a call of at least one of its arches, by that name. */
static void
test_table(void)
{
	size_t bad = 0;

	for (size_t i = 0; i < argtable_count(); i++) {
		const struct argrule *r = argtable_get(i);
		bool found = false;
		for (int a = 0; a < ARCH_COUNT; a++)
			found |= (r->arches & (1u << a)) && rule(a, r->call, r->index) == r;
		if (!found || r->index > 5) {
			printf("# %s arg %u: no arch has it\n", r->call, r->index);
			bad++;
		}
	}
	tap_is_int((long long)bad, 0, "every rule is found through its arches");
}

static void
test_arches(void)
{
	tap_ok(rule(ARCH_I386, "socketcall", 0) != NULL, "i386 socketcall: its call number");
	tap_ok(rule(ARCH_I386, "mmap2", 2) != NULL && rule(ARCH_I386, "mmap", 2) == NULL,
	    "i386: mmap2's prot; old mmap takes a pointer");
	tap_ok(rule(ARCH_X32, "mmap", 2) != NULL && rule(ARCH_X86_64, "mmap", 2) != NULL,
	    "x86_64 and x32: mmap's prot");
	tap_ok(rule(ARCH_X32, "ioctl", 1) != NULL, "x32 ioctl (its own number)");
	tap_ok(rule(ARCH_X86_64, "read", 0) == NULL, "read: no rule");
	tap_ok(rule(ARCH_X86_64, "ioctl", 0) == NULL, "ioctl's fd: no rule");
}

static void
test_read(void)
{
	const struct argrule *ioctl = rule(ARCH_X86_64, "ioctl", 1);
	const struct argrule *type = rule(ARCH_X86_64, "socket", 1);
	const struct argrule *mmap = rule(ARCH_X86_64, "mmap", 2);
	const struct argrule *clone = rule(ARCH_X86_64, "clone", 0);

	tap_is_int((long long)argtable_read(ioctl, ARCH_X86_64, 0xdead00005401ULL), 0x5401,
	    "an int: the low 32 bits (the kernel reads no more)");
	tap_is_int((long long)argtable_read(type, ARCH_X86_64,
	    SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK), SOCK_STREAM,
	    "socket type: without SOCK_NONBLOCK|SOCK_CLOEXEC");
	tap_ok(argtable_read(mmap, ARCH_X86_64, 0x100000007ULL) == 7,
	    "mmap prot: under the mask of R, W and X");
	tap_ok(argtable_compared(mmap, ARCH_X86_64) == 7, "mmap prot: compares R, W, X");
	tap_ok(argtable_compared(rule(ARCH_X86_64, "ptrace", 0), ARCH_X86_64) == UINT64_MAX,
	    "a long on x86_64: both halves");
	tap_ok(argtable_compared(rule(ARCH_I386, "ptrace", 0), ARCH_I386) == UINT32_MAX,
	    "a long on i386: 32 bits");
	tap_ok(argtable_read(clone, ARCH_X86_64, 0x3d0f00 | 17) == 0,
	    "clone of a thread: no namespace bit");
	tap_ok(argtable_read(clone, ARCH_X86_64, 0x10000000 | 17) == 0x10000000,
	    "clone(CLONE_NEWUSER): its bit");
}

static void
expect_name(const char *call, unsigned index, uint64_t value, const char *want)
{
	char buf[128], name[160];

	snprintf(name, sizeof name, "%s arg %u 0x%llx is %s", call, index,
	    (unsigned long long)value, want);
	tap_is_str(argtable_describe(rule(ARCH_X86_64, call, index), value, buf,
	    sizeof buf), want, name);
}

static void
test_names(void)
{
	expect_name("ioctl", 1, TCGETS, "TCGETS");
	expect_name("ioctl", 1, TIOCSTI, "TIOCSTI");
	expect_name("ioctl", 1, 0x1234, "0x1234");
	expect_name("socket", 0, AF_UNIX, "AF_UNIX");
	expect_name("socket", 0, AF_PACKET, "AF_PACKET");
	expect_name("socket", 1, SOCK_DGRAM, "SOCK_DGRAM");
	expect_name("mmap", 2, PROT_READ | PROT_WRITE, "PROT_READ|PROT_WRITE");
	expect_name("mmap", 2, 0, "0");
	expect_name("unshare", 0, 0x10000000, "CLONE_NEWUSER");
	expect_name("unshare", 0, 0x10000000 | 0x40000000, "CLONE_NEWUSER|CLONE_NEWNET");
	expect_name("prctl", 0, 38, "PR_SET_NO_NEW_PRIVS");
	expect_name("fcntl", 1, 1030, "F_DUPFD_CLOEXEC");
	expect_name("kill", 1, 15, "SIGTERM");
	expect_name("setsockopt", 1, 1, "SOL_SOCKET");
	expect_name("arch_prctl", 0, 0x1002, "ARCH_SET_FS");
}

int
main(void)
{
	test_table();
	test_arches();
	test_read();
	test_names();
	return tap_done();
}
