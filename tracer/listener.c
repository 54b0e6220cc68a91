#include <errno.h>
#include <linux/filter.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "tracer/listener.h"

/* In the probe's child: whether a filter with a listener, and synchronous
 * wake-up on it, are to be had; 0 or an errno value. */
static int
listener_probe_child(void)
{
	/* Allows everything, so that the child can still use the listener. */
	static struct sock_filter allow[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	static const struct sock_fprog prog = { .len = 1, .filter = allow };
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return errno;
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    LISTENER_FILTER_FLAGS | SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog);
	if (fd < 0)
		return errno;
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	    (uint64_t)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) != 0)
		return errno;
	return 0;
}

int
listener_probe(void)
{
	static int answer = 1;
	int st;
	pid_t pid;

	if (answer <= 0)
		return answer;
	/* A filter, once installed, stays: only a child can try one. */
	pid = fork();
	if (pid == 0)
		_exit(listener_probe_child());
	if (pid < 0)
		return -errno;
	if (waitpid(pid, &st, 0) != pid)
		return -errno;
	answer = WIFEXITED(st) ? -WEXITSTATUS(st) : -ECHILD;
	return answer;
}

int
listener_open(struct listener *l, int fd)
{
	struct seccomp_notif_sizes sizes;

	memset(l, 0, sizeof *l);
	l->fd = fd;
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0)
		return -errno;
	/* The kernel's structures may be larger than these headers' ones. */
	l->req_size = sizes.seccomp_notif > sizeof *l->req ?
	    sizes.seccomp_notif : sizeof *l->req;
	l->resp_size = sizes.seccomp_notif_resp > sizeof *l->resp ?
	    sizes.seccomp_notif_resp : sizeof *l->resp;
	l->req = xcalloc(1, l->req_size);
	l->resp = xcalloc(1, l->resp_size);
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	    (uint64_t)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) != 0)
		return -errno;
	return 0;
}

void
listener_close(struct listener *l)
{
	if (l->fd >= 0)
		close(l->fd);
	free(l->req);
	free(l->resp);
	memset(l, 0, sizeof *l);
	l->fd = -1;
}

int
listener_recv(struct listener *l)
{
	/* NOTE: the kernel wants the buffer zeroed (Linux 5.5 and later). */
	memset(l->req, 0, l->req_size);
	return ioctl(l->fd, SECCOMP_IOCTL_NOTIF_RECV, l->req) == 0 ? 0 : -errno;
}

int
listener_continue(struct listener *l)
{
	memset(l->resp, 0, l->resp_size);
	l->resp->id = l->req->id;
	l->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	return ioctl(l->fd, SECCOMP_IOCTL_NOTIF_SEND, l->resp) == 0 ? 0 : -errno;
}

bool
listener_waiting(const struct listener *l)
{
	uint64_t id = l->req->id;

	return ioctl(l->fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

bool
listener_hung_up(const struct listener *l)
{
	struct pollfd p = { .fd = l->fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP);
}
