/* Installs a seccomp filter that allows every call, asking for a listener
 * (SECCOMP_FILTER_FLAG_NEW_LISTENER): prints "listener" and exits 0 when it
 * got one; says why not and exits 1 (EBUSY: the filter chain has a listener
 * already, as under record --backend notify) or 2. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(void)
{
	struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog) < 0) {
		printf("%s\n", strerror(errno));
		return errno == EBUSY ? 1 : 2;
	}
	printf("listener\n");
	return 0;
}
