/* Unit tests of core/arch: names, aliases, lists and the x32 split. */
#include <linux/audit.h>

#include "core/arch.h"
#include "tests/unit/tap.h"

static void
test_names(void)
{
	enum arch a;

	tap_is_str(arch_name(ARCH_X86_64), "x86_64", "x86_64 name");
	tap_is_str(arch_name(ARCH_I386), "i386", "i386 name");
	tap_is_str(arch_name(ARCH_X32), "x32", "x32 name");
	tap_ok(arch_from_name("amd64", &a) == 0 && a == ARCH_X86_64, "amd64 alias");
	tap_ok(arch_from_name("x86", &a) == 0 && a == ARCH_I386, "x86 alias");
	tap_ok(arch_from_name("arm64", &a) != 0, "unknown arch refused");
}

static void
test_lists(void)
{
	arch_mask m;

	tap_ok(arch_parse_list("x86_64,x32", &m) == 0 &&
	    m == ((1u << ARCH_X86_64) | (1u << ARCH_X32)), "list of two");
	tap_ok(arch_parse_list("i386,bogus", &m) != 0, "bad member refused");
	tap_ok(arch_parse_list("", &m) != 0, "empty list refused");
}

static void
test_audit_split(void)
{
	enum arch a;
	uint32_t nr;

	tap_ok(arch_from_audit(AUDIT_ARCH_X86_64, 39, &a, &nr) == 0 &&
	    a == ARCH_X86_64 && nr == 39, "x86_64 call");
	tap_ok(arch_from_audit(AUDIT_ARCH_X86_64, 0x40000000u | 39, &a, &nr) == 0 &&
	    a == ARCH_X32 && nr == 39, "x32 bit split off");
	tap_ok(arch_from_audit(AUDIT_ARCH_I386, 0x40000000u | 20, &a, &nr) == 0 &&
	    a == ARCH_I386 && nr == (0x40000000u | 20), "i386 keeps the bit");
	tap_ok(arch_from_audit(AUDIT_ARCH_AARCH64, 1, &a, &nr) != 0,
	    "foreign arch refused");
	tap_is_int(arch_audit(ARCH_X32), AUDIT_ARCH_X86_64, "x32 audits as x86_64");
	tap_is_int(arch_audit(ARCH_I386), AUDIT_ARCH_I386, "i386 audit value");
}

int
main(void)
{
	test_names();
	test_lists();
	test_audit_split();
	return tap_done();
}
