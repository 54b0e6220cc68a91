#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arch.h"
#include "core/message.h"
#include "core/xmalloc.h"
#include "tracer/listener.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"

/* Every stop sandcast needs, and the tracees die with the tracer. */
#define SPAWN_PTRACE_OPTIONS (PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP | \
	PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | \
	PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD)

static int
check_executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (access(path, X_OK) != 0)
		return -errno;
	return 0;
}

static int
search_path(const char *cmd, char **path)
{
	const char *dirs = getenv("PATH");
	int best = -ENOENT;

	if (dirs == NULL)
		dirs = "/usr/local/bin:/bin:/usr/bin";
	for (const char *d = dirs;; d++) {
		const char *end = strchrnul(d, ':');
		int len = (int)(end - d);
		char *cand = xasprintf("%.*s%s%s", len, d, len > 0 ? "/" : "", cmd);
		int rc = check_executable(cand);
		if (rc == 0) {
			*path = cand;
			return 0;
		}
		free(cand);
		/* Like execvp: one that exists but cannot run is reported
		 * only when no later directory has a runnable one. */
		if (rc == -EACCES || rc == -EISDIR)
			best = rc;
		if (*end == '\0')
			return best;
		d = end;
	}
}

int
spawn_resolve(const char *cmd, char **path)
{
	int rc;

	if (cmd[0] == '\0')
		return -ENOENT;
	if (strchr(cmd, '/') == NULL)
		return search_path(cmd, path);
	rc = check_executable(cmd);
	if (rc == 0)
		*path = xstrdup(cmd);
	return rc;
}

static void __attribute__((noreturn))
child_fail(const char *what, const char *path, int status)
{
	msg_error("%s '%s': %s", what, path, strerror(errno));
	_exit(status);
}

/* Why the kernel refused to execute PATH with ENOEXEC, when PATH is a
 * program of an ABI that the running kernel may lack; else NULL. */
static const char *
exec_format_reason(const char *path)
{
	enum arch arch;

	if (arch_of_elf(path, &arch) != 0 || arch == ARCH_X86_64)
		return NULL;
	if (arch == ARCH_I386)
		return "it is an i386 program, and this kernel runs no 32-bit programs "
		    "(IA32 emulation is off): boot it with ia32_emulation=on";
	return "it is an x32 program, and this kernel runs no x32 programs: that takes "
	    "a kernel built with CONFIG_X86_X32_ABI and booted with syscall.x32=y";
}

/* The child's execv of PATH failed with ERR: say why and exit 126 or 127. */
static void __attribute__((noreturn))
exec_fail(const char *path, int err)
{
	const char *reason = err == ENOEXEC ? exec_format_reason(path) : NULL;

	if (reason != NULL) {
		msg_error("cannot execute '%s': %s", path, reason);
		_exit(126);
	}
	errno = err;
	child_fail("cannot execute", path, err == ENOENT ? 127 : 126);
}

/* In the child: set no_new_privs, install FILTER with FLAGS and exec PATH
 * with ARGV; or say why not, write a byte to REPORT_FD (when it is one)
 * if the execve failed, and exit 126 or 127 (execve) or 125 (filter). */
static void __attribute__((noreturn))
spawn_exec(const char *path, char *const argv[], const struct sock_fprog *filter,
	unsigned flags, int report_fd)
{
	int err;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		child_fail("cannot set no_new_privs to run", path, 125);
	/* The filter observes; it is not the sandbox: the command keeps the
	 * speculation mitigations it has without sandcast, where a kernel in
	 * spec_store_bypass_disable=seccomp or spectre_v2_user=seccomp mode
	 * (the default before Linux 5.16) would force SSBD and STIBP on the
	 * whole traced tree. NOTE: the flag is Linux 4.17 and later. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_SPEC_ALLOW | flags, filter) < 0)
		child_fail("cannot install the seccomp filter to run", path, 125);
	execv(path, argv);
	err = errno;
	if (report_fd >= 0 && write(report_fd, "", 1) != 1)
		_exit(125);
	exec_fail(path, err);
}

static void __attribute__((noreturn))
spawn_child(int go_fd, const char *path, char *const argv[],
	const struct sock_fprog *filter)
{
	char go;

	signals_child_reset();
	/* No byte means the parent could not seize this process. */
	if (read(go_fd, &go, 1) != 1)
		_exit(125);
	spawn_exec(path, argv, filter, 0, -1);
}

int
spawn_traced(const char *path, char *const argv[], const struct sock_fprog *filter,
	pid_t *pid)
{
	int go[2], rc = 0;

	if (pipe2(go, O_CLOEXEC) != 0)
		return -errno;
	*pid = fork();
	if (*pid == 0) {
		close(go[1]);
		spawn_child(go[0], path, argv, filter);
	}
	close(go[0]);
	if (*pid < 0)
		rc = -errno;
	else if (ptrace(PTRACE_SEIZE, *pid, 0, SPAWN_PTRACE_OPTIONS) != 0)
		rc = -errno;
	else if (write(go[1], "", 1) != 1)
		rc = -errno;
	close(go[1]);
	if (rc != 0 && *pid > 0) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, __WALL);
	}
	return rc;
}

/* The child of spawn_notified(): it dies with sandcast, tells it through
 * REPORT_FD which descriptor its listener will have, and installs FILTER
 * with a new listener just before the execve. */
static void __attribute__((noreturn))
spawn_notified_child(int report_fd, pid_t parent, const char *path,
	char *const argv[], const struct sock_fprog *filter)
{
	int fd;

	signals_child_reset();
	/* The nearest thing to PTRACE_O_EXITKILL: without sandcast, the
	 * command's calls would fail with ENOSYS. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || getppid() != parent)
		_exit(125);
	/* The listener takes the lowest free descriptor, as this copy does,
	 * and nothing opens one in between. */
	fd = fcntl(report_fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0 || close(fd) != 0 || write(report_fd, &fd, sizeof fd) != sizeof fd)
		child_fail("cannot start", path, 125);
	spawn_exec(path, argv, filter, LISTENER_FILTER_FLAGS, report_fd);
}

/* Take descriptor FD of process PID, its listener, into *LISTENER; 0 (and
 * *LISTENER -1 when PID ended without one) or -errno. */
static int
spawn_take_listener(pid_t pid, int fd, int *listener)
{
	int pidfd = pidfd_open(pid, 0), rc = 0;

	if (pidfd < 0)
		return -errno;
	/* NOTE: nothing tells when the child's seccomp() has made the
	 * listener, since every call it makes after that waits for sandcast:
	 * try again until the listener is there (one system call of the
	 * child's) or the child has ended without it. */
	while ((*listener = pidfd_getfd(pidfd, fd, 0)) < 0) {
		struct pollfd ended = { .fd = pidfd, .events = POLLIN };

		if (errno != EBADF) {
			rc = -errno;
			break;
		}
		if (poll(&ended, 1, 0) == 1)
			break;
		sched_yield();
	}
	close(pidfd);
	return rc;
}

int
spawn_notified(const char *path, char *const argv[], const struct sock_fprog *filter,
	struct spawn_notified *c)
{
	int report[2], fd, rc;
	pid_t parent = getpid();

	c->listener = c->report_fd = -1;
	if (pipe2(report, O_CLOEXEC) != 0)
		return -errno;
	c->pid = fork();
	if (c->pid == 0) {
		close(report[0]);
		spawn_notified_child(report[1], parent, path, argv, filter);
	}
	rc = c->pid < 0 ? -errno : 0;
	close(report[1]);
	c->report_fd = report[0];
	/* No number: the child ended first, and said why. */
	if (rc != 0 || read(report[0], &fd, sizeof fd) != sizeof fd)
		return rc;
	rc = spawn_take_listener(c->pid, fd, &c->listener);
	if (rc != 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	return rc;
}

bool
spawn_exec_failed(int report_fd)
{
	char byte;

	return read(report_fd, &byte, 1) == 1;
}
