/* Unit tests of tracer/judge: a stopped call, as the tracer tells it (the
 * x32 bit removed from its number), judged by a filter through gen's
 * filter_decide(): the arch, the x32 bit, the arguments and the
 * instruction pointer reach the program. */
#include <errno.h>
#include <stddef.h>

#include "core/syscalls.h"
#include "gen/filter.h"
#include "tests/unit/tap.h"
#include "tracer/judge.h"

/* The event of a call of NAME on ARCH with no arguments. */
static struct tracer_event
event(enum arch arch, const char *name)
{
	struct tracer_event ev = { .arch = arch };

	ev.nr = (uint32_t)syscalls_number(arch, name);
	return ev;
}

/* Check what F returns for NAME on ARCH. */
static void
judged(const struct filter *f, enum arch arch, const char *name, uint32_t want,
	const char *what)
{
	struct tracer_event ev = event(arch, name);
	struct judge j = { filter_decide, f };

	tap_is_int(judge_call(&j, &ev), want, what);
}

static void
test_numbers(void)
{
	const uint32_t deny = SECCOMP_RET_ERRNO | EPERM;
	struct filter_set s;
	struct filter f;

	filter_set_init(&s);
	filter_set_add(&s, ARCH_X86_64, (uint32_t)syscalls_number(ARCH_X86_64, "getpid"));
	filter_set_add(&s, ARCH_X32, (uint32_t)syscalls_number(ARCH_X32, "getppid"));
	filter_set_add(&s, ARCH_I386, (uint32_t)syscalls_number(ARCH_I386, "getpid"));
	tap_is_int(filter_build(&s, deny, &f), 0, "filter built");
	judged(&f, ARCH_X86_64, "getpid", SECCOMP_RET_ALLOW, "x86_64 getpid: allowed");
	judged(&f, ARCH_X86_64, "read", deny, "x86_64 read: denied");
	judged(&f, ARCH_X32, "getppid", SECCOMP_RET_ALLOW,
	    "x32 getppid: allowed (the x32 bit put back)");
	judged(&f, ARCH_X86_64, "getppid", deny, "x86_64 getppid: denied, not x32's");
	judged(&f, ARCH_X32, "getpid", deny, "x32 getpid: denied, not x86_64's");
	judged(&f, ARCH_I386, "getpid", SECCOMP_RET_ALLOW, "i386 getpid: allowed");
	judged(&f, ARCH_I386, "getppid", deny, "i386 getppid: denied");
	filter_free(&f);
	filter_set_free(&s);
}

/* A program that allows a call whose third argument is 0x1234 (low word),
 * logs one made from 0x5678 (low word of the instruction pointer), kills
 * the rest. */
static const struct sock_filter args_prog[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1234, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x5678, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
};

static void
test_args_ip(void)
{
	struct filter f = { (struct sock_filter *)args_prog,
	    sizeof args_prog / sizeof *args_prog };
	struct tracer_event ev = event(ARCH_X86_64, "openat");
	struct judge j = { filter_decide, &f };

	tap_is_int(judge_call(&j, &ev), SECCOMP_RET_KILL_PROCESS, "no argument: killed");
	ev.args[2] = 0x1234;
	tap_is_int(judge_call(&j, &ev), SECCOMP_RET_ALLOW, "third argument 0x1234: allowed");
	ev.args[2] = 0;
	ev.ip = 0x7f0000005678;
	tap_is_int(judge_call(&j, &ev), SECCOMP_RET_LOG, "from ...5678: logged");
}

int
main(void)
{
	test_numbers();
	test_args_ip();
	return tap_done();
}
