/* Unit tests of tracer/notify: real runs of target programs (x86-64 and
 * i386) under the notify backend with a hook that counts what it hears:
 * every call once, under its arch and executable, sandcast's own execve
 * left out, the statuses of the command, and an execve that fails. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strpool.h"
#include "core/syscalls.h"
#include "tests/unit/tap.h"
#include "tracer/notify.h"

struct seen {
	const char *name;   /* the call counted */
	long count, calls, execves;
	enum arch arch;
	const char *exe;
	bool plain;         /* sp 0, user NULL, ip set, tid == tgid on each */
};

static int
on_call(const struct tracer_event *ev, void *ctx)
{
	struct seen *s = ctx;
	const char *name = syscalls_name(ev->arch, ev->nr);

	s->calls++;
	s->plain &= ev->sp == 0 && ev->user == NULL && ev->ip != 0 && ev->tid == ev->tgid;
	if (name != NULL && strcmp(name, "execve") == 0)
		s->execves++;
	if (name == NULL || strcmp(name, s->name) != 0)
		return 0;
	s->count++;
	s->arch = ev->arch;
	s->exe = ev->exe;
	return 0;
}

/* Run ARGV[0] under notify counting NAME; return the result. */
static struct tracer_result
run(char *const argv[], struct seen *s, const char *name)
{
	struct tracer_hooks hooks = { .call = on_call, .ctx = s };
	struct tracer_result res;

	memset(s, 0, sizeof *s);
	s->name = name;
	s->plain = true;
	tap_ok(notify_run(argv[0], argv, &hooks, &res) == 0, "notify_run runs %s", argv[0]);
	return res;
}

static void
test_loop(const char *prog, enum arch arch)
{
	char count[] = "1000", *argv[] = { (char *)prog, count, NULL };
	struct tracer_result res;
	struct seen s;

	if (access(prog, X_OK) != 0) {
		tap_ok(true, "%s # SKIP not built (gcc -m32 missing?)", prog);
		return;
	}
	res = run(argv, &s, "getppid");
	tap_ok(res.executed && res.status == 0, "it ran and exited 0");
	tap_is_int(s.count, 1000, "each of its 1000 getppid calls heard once");
	tap_is_str(arch_name(s.arch), arch_name(arch), "under its arch");
	tap_ok(s.exe == strpool_intern(prog), "with its executable");
	tap_is_int(s.execves, 0, "sandcast's execve of it is left out");
	tap_ok(s.plain, "each with an ip, no sp, no per-process slot");
	tap_is_int(res.processes, 1, "one process");
}

static void
test_exec_thread(const char *prog, const char *rare)
{
	char *argv[] = { (char *)prog, (char *)rare, NULL };
	struct tracer_result res;
	struct seen s;

	res = run(argv, &s, "kcmp");
	tap_ok(res.executed && res.status == 0, "exec from a non-leader thread runs");
	tap_ok(s.count == 1 && s.exe == strpool_intern(rare),
	    "the exec'd program's call carries its executable");
	tap_is_int(s.execves, 1, "the execve itself is heard");
}

static void
test_statuses(void)
{
	char sh[] = "/bin/sh", c[] = "-c", exit3[] = "exit 3", segv[] = "kill -SEGV $$";
	char *argv3[] = { sh, c, exit3, NULL }, *argvs[] = { sh, c, segv, NULL };
	char *dir = tap_tmp_path("dir"), *argvd[] = { dir, NULL };
	struct tracer_result res;
	struct seen s;

	tap_is_int(run(argv3, &s, "exit_group").status, 3, "exit 3: status 3");
	tap_is_int(s.count, 1, "its exit_group heard");
	tap_is_int(run(argvs, &s, "kill").status, 128 + SIGSEGV, "killed by SIGSEGV: 139");
	mkdir(dir, 0700);
	res = run(argvd, &s, "execve");
	tap_ok(!res.executed && res.status == 126, "a directory as the command: not executed, 126");
	rmdir(dir);
	free(dir);
}

int
main(void)
{
	char *loop = tap_prog_path("getppid-loop"), *loop32 = tap_prog_path("getppid-loop-32");
	char *te = tap_prog_path("thread-exec"), *rare = tap_prog_path("rare"), *why;

	if (notify_probe() != 0) {
		tap_skip("the notify backend", "this kernel lacks it (Linux 6.9): make check-vm runs it on 6.12");
		return tap_done();
	}
	test_loop(loop, ARCH_X86_64);
	if ((why = tap_cannot("i386")) == NULL)
		test_loop(loop32, ARCH_I386);
	else
		tap_skip("i386 getppid loop", why);
	free(why);
	test_exec_thread(te, rare);
	test_statuses();
	free(loop);
	free(loop32);
	free(te);
	free(rare);
	strpool_clear();
	return tap_done();
}
