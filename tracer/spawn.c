#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/message.h"
#include "core/xmalloc.h"
#include "tracer/spawn.h"

/* Every stop sandcast needs, and the tracees die with the tracer. */
#define SPAWN_PTRACE_OPTIONS (PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP | \
	PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | \
	PTRACE_O_TRACEEXEC)

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

/* Find CMD as execvp(3) would (a CMD with a '/' is taken as is) and set *PATH
 * to it (free() it); 0, -ENOENT when there is none, -EACCES or -EISDIR when
 * the one found cannot be executed. */
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

static void __attribute__((noreturn))
spawn_child(int go_fd, const char *path, char *const argv[],
	const struct sock_fprog *filter)
{
	char go;

	/* No byte means the parent could not seize this process. */
	if (read(go_fd, &go, 1) != 1)
		_exit(125);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		child_fail("cannot set no_new_privs to run", path, 125);
	/* The filter observes; it is not the sandbox: the command keeps the
	 * speculation mitigations it has without sandcast, where a kernel in
	 * spec_store_bypass_disable=seccomp or spectre_v2_user=seccomp mode
	 * (the default before Linux 5.16) would force SSBD and STIBP on the
	 * whole traced tree. NOTE: the flag is Linux 4.17 and later. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_SPEC_ALLOW, filter) != 0)
		child_fail("cannot install the seccomp filter to run", path, 125);
	execv(path, argv);
	child_fail("cannot execute", path, errno == ENOENT ? 127 : 126);
}

/* Fork a child (*PID) that, once seized with the tracer's options, sets
 * no_new_privs, installs FILTER and execs PATH with ARGV, or says why not and
 * exits 126 or 127 (execve failed) or 125 (no filter); 0 or -errno. */
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
