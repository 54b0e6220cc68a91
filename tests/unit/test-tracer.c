/* Unit tests of tracer/tracer and tracer/tracee: real ptrace runs of the
 * deny program (x86-64 and i386) with a callback that reads the path being
 * unlinked from the stopped tracee and denies the call with EACCES. */
#include <errno.h>
#include <linux/seccomp.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "tests/unit/tap.h"
#include "tracer/catchall.h"
#include "tracer/tracee-mem.h"
#include "tracer/tracee.h"
#include "tracer/tracer.h"

struct seen {
	const char *victim;   /* the file the program tries to unlink */
	int denied;           /* unlink calls denied */
	int path_read;        /* of which the path read from the tracee matched */
	int execs, exits, last_exits;
	enum arch arch;
	const char *exe;
};

static int
on_call(const struct tracer_event *ev, void *ctx)
{
	struct seen *s = ctx;
	const char *name = syscalls_name(ev->arch, ev->nr);
	uint64_t addr;
	char buf[256] = "";

	if (name == NULL || (strcmp(name, "unlink") != 0 && strcmp(name, "unlinkat") != 0))
		return 0;
	addr = strcmp(name, "unlink") == 0 ? ev->args[0] : ev->args[1];
	if (tracee_mem_read(ev->tid, addr, buf, strlen(s->victim) + 1) == 0 &&
	    strcmp(buf, s->victim) == 0)
		s->path_read++;
	s->denied++;
	s->arch = ev->arch;
	s->exe = ev->exe;
	return EACCES;
}

static void
on_exec(pid_t tgid, const char *exe, void **user, void *ctx)
{
	struct seen *s = ctx;

	(void)tgid;
	(void)exe;
	s->execs++;
	*user = xstrdup("per-process state");
}

static void
on_thread_exit(pid_t tid, pid_t tgid, bool last, void **user, void *ctx)
{
	struct seen *s = ctx;

	(void)tid;
	(void)tgid;
	s->exits++;
	if (last) {
		s->last_exits++;
		free(*user);
		*user = NULL;
	}
}

static void
test_deny(const char *prog, enum arch want_arch)
{
	struct seen s = { 0 };
	struct tracer_hooks hooks = { on_call, on_exec, on_thread_exit, &s, NULL };
	struct tracer_result res;
	char *victim = tap_tmp_path("victim");
	char *argv[] = { (char *)prog, victim, NULL };
	int fd = open(victim, O_CREAT | O_WRONLY, 0600);

	close(fd);
	s.victim = victim;
	if (access(prog, X_OK) != 0) {
		tap_ok(true, "%s # SKIP not built (gcc -m32 missing?)", prog);
		free(victim);
		return;
	}
	tap_is_int(tracer_run(prog, argv, catchall_filter(SECCOMP_RET_TRACE), &hooks, &res), 0,
	    "tracer_run runs the deny program");
	tap_is_int(res.status, 0, "the program saw EACCES and its file kept");
	tap_ok(res.executed, "the command was executed");
	tap_is_int(access(victim, F_OK), 0, "the file really is still there");
	tap_is_int(s.denied, 1, "one unlink call reached the callback");
	tap_is_int(s.path_read, 1, "tracee_mem_read read its path argument");
	tap_is_str(arch_name(s.arch), arch_name(want_arch), "under the program's arch");
	tap_ok(s.exe != NULL && strcmp(s.exe, prog) == 0, "with the program's exe");
	tap_is_int(s.execs, 1, "one exec notification");
	tap_is_int(s.exits, 1, "one thread exit notification");
	tap_is_int(s.last_exits, 1, "which ends the process");
	tap_is_int(res.processes, 1, "one process traced");
	unlink(victim);
	free(victim);
}

static void
test_not_executable(void)
{
	struct tracer_hooks hooks = { 0 };
	struct tracer_result res;
	char *dir = tap_tmp_path("dir");
	char *argv[] = { dir, NULL };

	mkdir(dir, 0700);
	tap_is_int(tracer_run(dir, argv, catchall_filter(SECCOMP_RET_TRACE), &hooks, &res), 0,
	    "a directory as the command still runs the child");
	tap_ok(!res.executed, "which reports that the execve failed");
	tap_is_int(res.status, 126, "with status 126");
	rmdir(dir);
	free(dir);
}

int
main(void)
{
	char *p64 = tap_prog_path("deny"), *p32 = tap_prog_path("deny-32");
	char *why = tap_cannot("i386");

	test_deny(p64, ARCH_X86_64);
	if (why == NULL)
		test_deny(p32, ARCH_I386);
	else
		tap_skip("i386 deny", why);
	free(why);
	test_not_executable();
	free(p64);
	free(p32);
	return tap_done();
}
