/* What this kernel can run, found by trying it; the tests, the demo and the
 * benchmarks ask this instead of trusting the compiler.
 *
 *   abi                     print the ABI this build runs as: x86_64, i386 or x32
 *   abi --can CAP [REMEDY]  exit 0 when the kernel can do CAP; else print on
 *                           one line why not, and REMEDY (what the caller
 *                           offers instead) after a colon, and exit 1
 *
 * CAP: i386 (run an -m32 program: abi-32), int80 (int $0x80 from this
 * 64-bit process), x32 (run an -mx32 program: abi-x32), x32-calls (the
 * kernel serves a raw x32 call from this process rather than failing it
 * with ENOSYS). The -32 and -x32 builds sit beside this one. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define X32_BIT 0x40000000L

/* What the caller offers instead, after a kernel's "cannot" ("" for nothing). */
static const char *remedy = "";

/* Print why the kernel cannot, and the remedy; return 1. */
static int
cannot(const char *why)
{
	printf("%s%s%s\n", why, remedy[0] != '\0' ? ": " : "", remedy);
	return 1;
}

static void
print_abi(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
	puts("x32");
#elif defined(__x86_64__)
	puts("x86_64");
#else
	puts("i386");
#endif
}

/* Run the build SUFFIX of this program, beside it, and say whether it
 * printed WANT; else print why not. */
static int
can_run(const char *suffix, const char *want, const char *why_not, const char *build_hint)
{
	char self[4000], path[4096], out[16] = "";
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	int fds[2], status;
	pid_t pid;

	if (n < 0)
		return perror("abi: /proc/self/exe"), 1;
	self[n] = '\0';
	snprintf(path, sizeof path, "%s%s", self, suffix);
	if (access(path, X_OK) != 0) {
		printf("%s is not built: %s\n", path, build_hint);
		return 1;
	}
	if (pipe(fds) != 0 || (pid = fork()) < 0)
		return perror("abi"), 1;
	if (pid == 0) {
		dup2(fds[1], 1);
		execl(path, path, (char *)NULL);
		_exit(errno == ENOEXEC ? 126 : 127);
	}
	close(fds[1]);
	n = read(fds[0], out, sizeof out - 1);
	out[n > 0 ? n : 0] = '\0';
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && strncmp(out, want, strlen(want)) == 0)
		return 0;
	return cannot(why_not);
}

/* Whether int $0x80 runs i386 getpid from this process (without IA32
 * emulation it raises SIGSEGV). */
static int
can_int80(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		long ret = 20; /* i386 __NR_getpid */
		__asm__ volatile("int $0x80" : "+a"(ret) : : "memory");
		_exit(ret == getpid() ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return perror("abi"), 1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return cannot("this kernel has no int $0x80 for 64-bit programs (ia32_emulation off)");
}

static int
can_x32_calls(void)
{
	if (syscall(X32_BIT | 39) == getpid()) /* x32 getpid */
		return 0;
	return cannot("this kernel fails raw x32 calls with ENOSYS (no CONFIG_X86_X32_ABI, "
	    "or booted without syscall.x32=y)");
}

static int
can(const char *cap)
{
	if (strcmp(cap, "i386") == 0)
		return can_run("-32", "i386",
		    "this kernel runs no i386 programs (ia32_emulation off)",
		    "gcc -m32 cannot build (scripts/deps.sh installs gcc-multilib)");
	if (strcmp(cap, "x32") == 0)
		return can_run("-x32", "x32",
		    "this kernel runs no x32 programs (no CONFIG_X86_X32_ABI, or booted "
		    "without syscall.x32=y)",
		    "gcc -mx32 cannot build (scripts/deps.sh installs libc6-dev-x32)");
	if (strcmp(cap, "int80") == 0)
		return can_int80();
	if (strcmp(cap, "x32-calls") == 0)
		return can_x32_calls();
	fprintf(stderr, "abi: unknown capability '%s' (i386, int80, x32, x32-calls)\n", cap);
	return 2;
}

int
main(int argc, char **argv)
{
	if (argc == 1) {
		print_abi();
		return 0;
	}
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "--can") == 0) {
		if (argc == 4)
			remedy = argv[3];
		return can(argv[2]);
	}
	fprintf(stderr, "usage: abi [--can i386|int80|x32|x32-calls [REMEDY]]\n");
	return 2;
}
