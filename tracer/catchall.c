#include <linux/seccomp.h>

#include "tracer/catchall.h"

/* Return a filter that stops every call of every architecture for the tracer. */
const struct sock_fprog *
catchall_filter(void)
{
	/* No arch check: an i386 or x32 call is wanted as much as any other,
	 * and the tracer tells them apart from seccomp_data.arch. */
	static struct sock_filter insns[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	};
	static const struct sock_fprog prog = {
		.len = sizeof insns / sizeof *insns,
		.filter = insns,
	};

	return &prog;
}
