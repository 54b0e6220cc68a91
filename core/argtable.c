#include <asm/prctl.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/net.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>

#include "core/argtable.h"
#include "core/syscalls.h"

/* A value and its name; N() takes both from the kernel's header. */
struct argname {
	uint64_t value;
	const char *name;
};
#define N(x) { (uint64_t)(x), #x }

static const struct argname ioctl_names[] = {
	N(TCGETS), N(TCSETS), N(TCSETSW), N(TCSETSF), N(TCGETA), N(TCSETA),
	N(TCSBRK), N(TCXONC), N(TCFLSH), N(TIOCEXCL), N(TIOCNXCL), N(TIOCSCTTY),
	N(TIOCGPGRP), N(TIOCSPGRP), N(TIOCOUTQ), N(TIOCSTI), N(TIOCGWINSZ),
	N(TIOCSWINSZ), N(TIOCMGET), N(TIOCMSET), N(FIONREAD), N(TIOCLINUX),
	N(TIOCCONS), N(FIONBIO), N(TIOCNOTTY), N(TIOCSETD), N(TIOCGETD),
	N(TIOCGPTN), N(TIOCSPTLCK), N(TIOCGPTPEER), N(TIOCGSID), N(FIONCLEX),
	N(FIOCLEX), N(FIOASYNC), N(TIOCGSERIAL), N(TIOCSSERIAL),
	N(FIOQSIZE), N(SIOCGIFCONF), N(SIOCGIFFLAGS),
	N(SIOCGIFINDEX), N(SIOCGIFNAME), N(SIOCGIFHWADDR), N(SIOCGIFMTU),
	N(SIOCGIFADDR), N(SIOCATMARK), { 0, NULL },
};

static const struct argname family_names[] = {
	N(AF_UNSPEC), N(AF_UNIX), N(AF_INET), N(AF_AX25), N(AF_IPX),
	N(AF_APPLETALK), N(AF_NETROM), N(AF_BRIDGE), N(AF_ATMPVC), N(AF_X25),
	N(AF_INET6), N(AF_ROSE), N(AF_DECnet), N(AF_NETBEUI), N(AF_SECURITY),
	N(AF_KEY), N(AF_NETLINK), N(AF_PACKET), N(AF_ECONET), N(AF_ATMSVC),
	N(AF_RDS), N(AF_IRDA), N(AF_PPPOX), N(AF_WANPIPE), N(AF_LLC), N(AF_IB),
	N(AF_MPLS), N(AF_CAN), N(AF_TIPC), N(AF_BLUETOOTH), N(AF_IUCV),
	N(AF_RXRPC), N(AF_ISDN), N(AF_PHONET), N(AF_IEEE802154), N(AF_CAIF),
	N(AF_ALG), N(AF_NFC), N(AF_VSOCK), N(AF_KCM), N(AF_QIPCRTR), N(AF_SMC),
	N(AF_XDP), { 0, NULL },
};

static const struct argname socktype_names[] = {
	N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_RDM),
	N(SOCK_SEQPACKET), N(SOCK_DCCP), N(SOCK_PACKET), { 0, NULL },
};

static const struct argname socketcall_names[] = {
	N(SYS_SOCKET), N(SYS_BIND), N(SYS_CONNECT), N(SYS_LISTEN), N(SYS_ACCEPT),
	N(SYS_GETSOCKNAME), N(SYS_GETPEERNAME), N(SYS_SOCKETPAIR), N(SYS_SEND),
	N(SYS_RECV), N(SYS_SENDTO), N(SYS_RECVFROM), N(SYS_SHUTDOWN),
	N(SYS_SETSOCKOPT), N(SYS_GETSOCKOPT), N(SYS_SENDMSG), N(SYS_RECVMSG),
	N(SYS_ACCEPT4), N(SYS_RECVMMSG), N(SYS_SENDMMSG), { 0, NULL },
};

static const struct argname prctl_names[] = {
	N(PR_SET_PDEATHSIG), N(PR_GET_PDEATHSIG), N(PR_GET_DUMPABLE),
	N(PR_SET_DUMPABLE), N(PR_GET_KEEPCAPS), N(PR_SET_KEEPCAPS),
	N(PR_SET_NAME), N(PR_GET_NAME), N(PR_GET_SECCOMP), N(PR_SET_SECCOMP),
	N(PR_CAPBSET_READ), N(PR_CAPBSET_DROP), N(PR_GET_TSC), N(PR_SET_TSC),
	N(PR_GET_SECUREBITS), N(PR_SET_SECUREBITS), N(PR_SET_TIMERSLACK),
	N(PR_GET_TIMERSLACK), N(PR_MCE_KILL), N(PR_SET_MM),
	N(PR_SET_CHILD_SUBREAPER), N(PR_GET_CHILD_SUBREAPER),
	N(PR_SET_NO_NEW_PRIVS), N(PR_GET_NO_NEW_PRIVS), N(PR_GET_TID_ADDRESS),
	N(PR_SET_THP_DISABLE), N(PR_GET_THP_DISABLE), N(PR_CAP_AMBIENT),
	N(PR_SET_PTRACER), N(PR_SET_VMA), N(PR_GET_SPECULATION_CTRL),
	N(PR_SET_SPECULATION_CTRL), N(PR_SET_TAGGED_ADDR_CTRL),
	N(PR_GET_TAGGED_ADDR_CTRL), N(PR_SET_IO_FLUSHER), N(PR_GET_IO_FLUSHER),
	N(PR_SET_SYSCALL_USER_DISPATCH), N(PR_SCHED_CORE), { 0, NULL },
};

static const struct argname fcntl_names[] = {
	N(F_DUPFD), N(F_GETFD), N(F_SETFD), N(F_GETFL), N(F_SETFL), N(F_GETLK),
	N(F_SETLK), N(F_SETLKW), N(F_SETOWN), N(F_GETOWN), N(F_SETSIG),
	N(F_GETSIG), N(F_SETOWN_EX), N(F_GETOWN_EX), N(F_OFD_GETLK),
	N(F_OFD_SETLK), N(F_OFD_SETLKW), N(F_SETLEASE), N(F_GETLEASE),
	N(F_NOTIFY), N(F_DUPFD_CLOEXEC), N(F_SETPIPE_SZ), N(F_GETPIPE_SZ),
	N(F_ADD_SEALS), N(F_GET_SEALS), { 0, NULL },
};

static const struct argname socklevel_names[] = {
	N(SOL_IP), N(SOL_SOCKET), N(IPPROTO_TCP), N(IPPROTO_UDP), N(SOL_IPV6),
	N(SOL_ICMPV6), N(SOL_RAW), N(SOL_PACKET), N(SOL_NETLINK), N(SOL_TLS),
	N(SOL_ALG), { 0, NULL },
};

static const struct argname archprctl_names[] = {
	N(ARCH_SET_GS), N(ARCH_SET_FS), N(ARCH_GET_FS), N(ARCH_GET_GS),
	N(ARCH_GET_CPUID), N(ARCH_SET_CPUID), N(ARCH_MAP_VDSO_X32),
	N(ARCH_MAP_VDSO_32), N(ARCH_MAP_VDSO_64), { 0, NULL },
};

static const struct argname madvise_names[] = {
	N(MADV_NORMAL), N(MADV_RANDOM), N(MADV_SEQUENTIAL), N(MADV_WILLNEED),
	N(MADV_DONTNEED), N(MADV_FREE), N(MADV_REMOVE), N(MADV_DONTFORK),
	N(MADV_DOFORK), N(MADV_MERGEABLE), N(MADV_UNMERGEABLE),
	N(MADV_HUGEPAGE), N(MADV_NOHUGEPAGE), N(MADV_DONTDUMP), N(MADV_DODUMP),
	N(MADV_WIPEONFORK), N(MADV_KEEPONFORK), N(MADV_COLD), N(MADV_PAGEOUT),
	N(MADV_HWPOISON), { 0, NULL },
};

static const struct argname signal_names[] = {
	{ 0, "0" }, N(SIGHUP), N(SIGINT), N(SIGQUIT), N(SIGILL), N(SIGTRAP),
	N(SIGABRT), N(SIGBUS), N(SIGFPE), N(SIGKILL), N(SIGUSR1), N(SIGSEGV),
	N(SIGUSR2), N(SIGPIPE), N(SIGALRM), N(SIGTERM), N(SIGSTKFLT),
	N(SIGCHLD), N(SIGCONT), N(SIGSTOP), N(SIGTSTP), N(SIGTTIN), N(SIGTTOU),
	N(SIGURG), N(SIGXCPU), N(SIGXFSZ), N(SIGVTALRM), N(SIGPROF),
	N(SIGWINCH), N(SIGIO), N(SIGPWR), N(SIGSYS), { 0, NULL },
};

static const struct argname prot_names[] = {
	N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC), { 0, NULL },
};

static const struct argname namespace_names[] = {
	N(CLONE_NEWTIME), N(CLONE_NEWNS), N(CLONE_NEWCGROUP), N(CLONE_NEWUTS),
	N(CLONE_NEWIPC), N(CLONE_NEWUSER), N(CLONE_NEWPID), N(CLONE_NEWNET),
	{ 0, NULL },
};

static const struct argname ptrace_names[] = {
	N(PTRACE_TRACEME), N(PTRACE_PEEKTEXT), N(PTRACE_PEEKDATA),
	N(PTRACE_PEEKUSER), N(PTRACE_POKETEXT), N(PTRACE_POKEDATA),
	N(PTRACE_POKEUSER), N(PTRACE_CONT), N(PTRACE_KILL),
	N(PTRACE_SINGLESTEP), N(PTRACE_GETREGS), N(PTRACE_SETREGS),
	N(PTRACE_ATTACH), N(PTRACE_DETACH), N(PTRACE_SYSCALL),
	N(PTRACE_SETOPTIONS), N(PTRACE_GETEVENTMSG), N(PTRACE_GETSIGINFO),
	N(PTRACE_GETREGSET), N(PTRACE_SETREGSET), N(PTRACE_SEIZE),
	N(PTRACE_INTERRUPT), N(PTRACE_LISTEN), N(PTRACE_GET_SYSCALL_INFO),
	{ 0, NULL },
};

/* Each decoder's names, and whether a value is a set of those bits. */
static const struct {
	const struct argname *names;
	bool bits;
} argdecs[ARGDEC_COUNT] = {
	[ARGDEC_HEX] = { NULL, false },
	[ARGDEC_IOCTL] = { ioctl_names, false },
	[ARGDEC_FAMILY] = { family_names, false },
	[ARGDEC_SOCKTYPE] = { socktype_names, false },
	[ARGDEC_SOCKETCALL] = { socketcall_names, false },
	[ARGDEC_PRCTL] = { prctl_names, false },
	[ARGDEC_FCNTL] = { fcntl_names, false },
	[ARGDEC_SOCKLEVEL] = { socklevel_names, false },
	[ARGDEC_ARCHPRCTL] = { archprctl_names, false },
	[ARGDEC_MADVISE] = { madvise_names, false },
	[ARGDEC_SIGNAL] = { signal_names, false },
	[ARGDEC_PROT] = { prot_names, true },
	[ARGDEC_NAMESPACES] = { namespace_names, true },
	[ARGDEC_PTRACE] = { ptrace_names, false },
};

#define ALL ARCH_MASK_ALL
#define I386 (1u << ARCH_I386)
#define X86_64 ((1u << ARCH_X86_64) | (1u << ARCH_X32))
#define EXACT UINT64_MAX
#define PROT_BITS ((uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC))
/* CLONE_NEWTIME is 0x80, inside clone's exit signal byte: unshare only. */
#define CLONE_NS ((uint64_t)(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
	CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET))
#define SOCK_FLAGS ((uint64_t)(SOCK_NONBLOCK | SOCK_CLOEXEC))

/* The table, by call then index; docs/arguments.md says why each is here.
 *
 * NOTE: an argument declared int (or unsigned int) in SYSCALL_DEFINEn is
 * truncated to 32 bits by the kernel's wrapper (__se_sys_*() casts each
 * long to the declared type), checked on Linux 6.18: whatever the upper
 * half of the register holds, the call sees the low half. So record keeps
 * the low 32 bits of those, and filters compare only them: a negative int
 * that one caller sign-extends and another does not is the same value, and
 * garbage in the upper half changes nothing the kernel does. An unsigned
 * long (mmap's prot, clone's flags, ptrace's request) is read whole on
 * x86_64 and x32, and filters compare both halves. */
static const struct argrule argrules[] = {
	{ "ioctl", ALL, 1, "cmd", true, EXACT, ARGDEC_IOCTL },
	{ "socket", ALL, 0, "domain", true, EXACT, ARGDEC_FAMILY },
	{ "socket", ALL, 1, "type", true, ~SOCK_FLAGS, ARGDEC_SOCKTYPE },
	{ "socketpair", ALL, 0, "domain", true, EXACT, ARGDEC_FAMILY },
	{ "socketcall", I386, 0, "call", true, EXACT, ARGDEC_SOCKETCALL },
	{ "setsockopt", ALL, 1, "level", true, EXACT, ARGDEC_SOCKLEVEL },
	{ "setsockopt", ALL, 2, "optname", true, EXACT, ARGDEC_HEX },
	{ "getsockopt", ALL, 1, "level", true, EXACT, ARGDEC_SOCKLEVEL },
	{ "getsockopt", ALL, 2, "optname", true, EXACT, ARGDEC_HEX },
	{ "prctl", ALL, 0, "option", true, EXACT, ARGDEC_PRCTL },
	{ "fcntl", ALL, 1, "cmd", true, EXACT, ARGDEC_FCNTL },
	{ "fcntl64", I386, 1, "cmd", true, EXACT, ARGDEC_FCNTL },
	{ "arch_prctl", ALL, 0, "code", true, EXACT, ARGDEC_ARCHPRCTL },
	{ "personality", ALL, 0, "persona", true, EXACT, ARGDEC_HEX },
	{ "madvise", ALL, 2, "advice", true, EXACT, ARGDEC_MADVISE },
	{ "kill", ALL, 1, "sig", true, EXACT, ARGDEC_SIGNAL },
	{ "tkill", ALL, 1, "sig", true, EXACT, ARGDEC_SIGNAL },
	{ "tgkill", ALL, 2, "sig", true, EXACT, ARGDEC_SIGNAL },
	{ "mmap", X86_64, 2, "prot", false, PROT_BITS, ARGDEC_PROT },
	{ "mmap2", I386, 2, "prot", false, PROT_BITS, ARGDEC_PROT },
	{ "mprotect", ALL, 2, "prot", false, PROT_BITS, ARGDEC_PROT },
	{ "pkey_mprotect", ALL, 2, "prot", false, PROT_BITS, ARGDEC_PROT },
	{ "clone", ALL, 0, "flags", false, CLONE_NS, ARGDEC_NAMESPACES },
	{ "unshare", ALL, 0, "flags", false, CLONE_NS | CLONE_NEWTIME,
	  ARGDEC_NAMESPACES },
	{ "setns", ALL, 1, "nstype", true, EXACT, ARGDEC_NAMESPACES },
	{ "ptrace", ALL, 0, "request", false, EXACT, ARGDEC_PTRACE },
};

#define ARGTABLE_N (sizeof argrules / sizeof argrules[0])
#define ARGTABLE_NR_LIMIT 1024
#define ARGTABLE_PER_CALL 2

/* The rules of each (arch, nr), filled on first use. */
static struct {
	bool ready;
	unsigned char n[ARCH_COUNT][ARGTABLE_NR_LIMIT];
	const struct argrule *v[ARCH_COUNT][ARGTABLE_NR_LIMIT][ARGTABLE_PER_CALL];
} argindex;

static void
argtable_index(void)
{
	for (size_t i = 0; i < ARGTABLE_N; i++) {
		const struct argrule *r = &argrules[i];
		for (int a = 0; a < ARCH_COUNT; a++) {
			int nr = syscalls_number(a, r->call);
			if (!(r->arches & (1u << a)) || nr < 0 || nr >= ARGTABLE_NR_LIMIT ||
			    argindex.n[a][nr] >= ARGTABLE_PER_CALL)
				continue;
			argindex.v[a][nr][argindex.n[a][nr]++] = r;
		}
	}
	argindex.ready = true;
}

const struct argrule *const *
argtable_rules(enum arch arch, uint32_t nr, size_t *n)
{
	if (!argindex.ready)
		argtable_index();
	if (nr >= ARGTABLE_NR_LIMIT || argindex.n[arch][nr] == 0) {
		*n = 0;
		return NULL;
	}
	*n = argindex.n[arch][nr];
	return argindex.v[arch][nr];
}

const struct argrule *
argtable_rule(enum arch arch, uint32_t nr, unsigned index)
{
	size_t n;
	const struct argrule *const *v = argtable_rules(arch, nr, &n);

	for (size_t i = 0; i < n; i++) {
		if (v[i]->index == index)
			return v[i];
	}
	return NULL;
}

uint64_t
argtable_compared(const struct argrule *r, enum arch arch)
{
	if (r->is_int || arch == ARCH_I386)
		return r->mask & UINT32_MAX;
	return r->mask;
}

uint64_t
argtable_read(const struct argrule *r, enum arch arch, uint64_t raw)
{
	return raw & argtable_compared(r, arch);
}

static const char *
argname_find(const struct argname *names, uint64_t value)
{
	for (const struct argname *a = names; a != NULL && a->name != NULL; a++) {
		if (a->value == value)
			return a->name;
	}
	return NULL;
}

/* Name VALUE as a set of the bits of NAMES into BUF ("0" when empty), or
 * return NULL when a bit has no name. */
static const char *
argname_bits(const struct argname *names, uint64_t value, char *buf, size_t size)
{
	size_t len = 0;

	if (value == 0)
		return "0";
	buf[0] = '\0';
	for (const struct argname *a = names; a->name != NULL; a++) {
		if ((value & a->value) != a->value)
			continue;
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
		    len > 0 ? "|" : "", a->name);
		value &= ~a->value;
	}
	return value == 0 && len < size ? buf : NULL;
}

const char *
argtable_name(const struct argrule *r, uint64_t value, char *buf, size_t size)
{
	if (argdecs[r->dec].bits)
		return argname_bits(argdecs[r->dec].names, value, buf, size);
	return argname_find(argdecs[r->dec].names, value);
}

const char *
argtable_describe(const struct argrule *r, uint64_t value, char *buf, size_t size)
{
	const char *name = argtable_name(r, value, buf, size);

	if (name == NULL)
		snprintf(buf, size, "0x%" PRIx64, value);
	else if (name != buf)
		snprintf(buf, size, "%s", name);
	return buf;
}

const char *
argtable_show(const struct argrule *r, uint64_t value, char *buf, size_t size)
{
	char name[192];
	const char *n = r != NULL ? argtable_name(r, value, name, sizeof name) : NULL;

	if (n != NULL)
		snprintf(buf, size, "0x%" PRIx64 " (%s)", value, n);
	else
		snprintf(buf, size, "0x%" PRIx64, value);
	return buf;
}

size_t
argtable_count(void)
{
	return ARGTABLE_N;
}

const struct argrule *
argtable_get(size_t i)
{
	return &argrules[i];
}
