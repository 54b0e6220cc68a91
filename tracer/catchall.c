#include <linux/seccomp.h>

#include "tracer/catchall.h"

const struct sock_fprog *
catchall_filter(uint32_t action)
{
	/* No arch check: an i386 or x32 call is wanted as much as any other,
	 * and the tracer tells them apart from seccomp_data.arch. */
	static struct sock_filter trace[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	};
	static struct sock_filter notify[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	static const struct sock_fprog progs[] = {
		{ .len = 1, .filter = trace },
		{ .len = 1, .filter = notify },
	};

	return &progs[action == SECCOMP_RET_USER_NOTIF];
}
