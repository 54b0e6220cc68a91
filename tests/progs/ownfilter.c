/* Installs a seccomp filter of its own that answers seven calls (getppid,
 * and the calls of rare.c: mq_notify, ioprio_get, kcmp, membarrier,
 * personality, then getppid again... see calls[]) with the action MODE:
 *   errno  SECCOMP_RET_ERRNO | 77: each call fails with errno 77
 *   trap   SECCOMP_RET_TRAP | 42: a SIGSYS handler checks the siginfo
 *          (SYS_SECCOMP, the call's number and arch, si_errno 42, the
 *          address after the system call instruction) and makes the call
 *          return 1000 + its index
 *   notif  SECCOMP_RET_USER_NOTIF, with a listener a thread started before
 *          the filter serves: each call returns 2000 + its index
 *   kill   SECCOMP_RET_KILL_PROCESS: the first call kills the process
 *   stack  two filters: errno for all seven, then, installed with prctl(2),
 *          trap for the last four, which outranks it
 * then makes the seven calls, checks what each returned, and exits 0 when
 * each was answered as MODE says (1 when not, saying which). With a second
 * argument "fork", a child forked once the filter is in makes them (not
 * with notif: the thread that serves the listener stays in the parent). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a seccomp SIGSYS (asm-generic/siginfo.h) */
#endif
#include <unistd.h>

#ifdef __x86_64__
#define ARCH AUDIT_ARCH_X86_64
#define REG_RET REG_RAX
#define REG_IP REG_RIP
#else
#define ARCH AUDIT_ARCH_I386
#define REG_RET REG_EAX
#define REG_IP REG_EIP
#endif

static const long calls[7] = {
	SYS_getppid, SYS_mq_notify, SYS_ioprio_get, SYS_kcmp, SYS_membarrier,
	SYS_personality, SYS_getpgrp,
};
static volatile int trap_index = -1, trap_bad;
static int listener = -1;

static long
call(int i)
{
	pid_t pid = getpid();

	switch (i) {
	case 1: return syscall(calls[i], -1, NULL);
	case 2: return syscall(calls[i], 1, 0);
	case 3: return syscall(calls[i], pid, pid, 0, 0, 0);
	case 4: return syscall(calls[i], 0, 0);
	case 5: return syscall(calls[i], 0xffffffffUL);
	}
	return syscall(calls[i]);
}

static void
on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	trap_bad |= si->si_code != SYS_SECCOMP || si->si_errno != 42 ||
	    si->si_arch != ARCH || si->si_syscall != calls[trap_index] ||
	    (unsigned long)si->si_call_addr != (unsigned long)uc->uc_mcontext.gregs[REG_IP];
	uc->uc_mcontext.gregs[REG_RET] = 1000 + trap_index;
}

/* The supervisor: answer each notification with 2000 + the call's index. */
static void *
serve(void *arg)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	(void)arg;
	/* A spin, not a sleep: the same calls every run. */
	while (__atomic_load_n(&listener, __ATOMIC_ACQUIRE) < 0)
		continue;
	for (;;) {
		memset(&req, 0, sizeof req);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0)
			return NULL;
		memset(&resp, 0, sizeof resp);
		resp.id = req.id;
		for (int i = 0; i < 7; i++)
			if (req.data.nr == calls[i])
				resp.val = 2000 + i;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

/* Install the filter: ACTION for calls FROM to 6, allow the rest; with
 * FLAGS through seccomp(2), or with prctl(2) when FLAGS is -1. */
static int
install(unsigned int action, int flags, int from)
{
	struct sock_filter prog[7 + 5];
	struct sock_fprog fprog = { 0, prog };
	unsigned n = 0;

	prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	for (int i = from; i < 7; i++)
		prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned)calls[i], (unsigned char)(7 - i), 0);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action);
	fprog.len = (unsigned short)n;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	if (flags < 0)
		return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog);
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
}

static long
expected(const char *mode, int i)
{
	if (strcmp(mode, "errno") == 0 || (strcmp(mode, "stack") == 0 && i < 3))
		return -77;
	if (strcmp(mode, "stack") == 0)
		return 1000 + i;
	if (strcmp(mode, "trap") == 0)
		return 1000 + i;
	return 2000 + i;
}

/* Make the seven calls; return 0 when each got what MODE says, else 1. */
static int
check_calls(const char *mode)
{
	int bad = 0;

	for (int i = 0; i < 7; i++) {
		long got;
		trap_index = i;
		got = call(i);
		got = got == -1 ? -errno : got;
		if (got != expected(mode, i)) {
			fprintf(stderr, "ownfilter %s: call %d (nr %ld) returned %ld, not %ld\n",
			    mode, i, calls[i], got, expected(mode, i));
			bad = 1;
		}
	}
	if (trap_bad) {
		fprintf(stderr, "ownfilter trap: a SIGSYS had the wrong siginfo\n");
		bad = 1;
	}
	return bad;
}

/* check_calls() in a child; return its status. */
static int
in_child(const char *mode)
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(check_calls(mode));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "errno";
	struct sigaction sa;
	pthread_t t;
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	if (strcmp(mode, "notif") == 0)
		pthread_create(&t, NULL, serve, NULL);
	rc = strcmp(mode, "errno") == 0 ? install(SECCOMP_RET_ERRNO | 77, 0, 0) :
	    strcmp(mode, "trap") == 0 ? install(SECCOMP_RET_TRAP | 42, 0, 0) :
	    strcmp(mode, "kill") == 0 ? install(SECCOMP_RET_KILL_PROCESS, 0, 0) :
	    strcmp(mode, "stack") == 0 ? install(SECCOMP_RET_ERRNO | 77, 0, 0) :
	    install(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER, 0);
	if (rc >= 0 && strcmp(mode, "stack") == 0)
		rc = install(SECCOMP_RET_TRAP | 42, -1, 3);
	if (rc < 0) {
		fprintf(stderr, "ownfilter: cannot install the filter: %s\n", strerror(errno));
		return 2;
	}
	__atomic_store_n(&listener, rc, __ATOMIC_RELEASE);
	if (argc > 2 && strcmp(argv[2], "fork") == 0)
		return in_child(mode);
	return check_calls(mode);
}
