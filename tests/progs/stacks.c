/* Target of the unwinder's tests; each mode makes getppid calls and prints
 * what the recorded stacks must hold, as link-time addresses in this
 * executable (address - its load bias, as docs/profile-format.md defines
 * frame offsets):
 *
 *   stacks threads  three threads (main, a, b) call at once, each from its
 *                   own function; prints "ret MAIN A B", the return
 *                   addresses of the calls of call_from() in each
 *   stacks deep     one call 200 calls deep in a recursion; prints "ret R",
 *                   the return address of the recursive call
 *   stacks dlopen   dlopen()s libstackdl (beside this program, "-32" in the
 *                   i386 build, "-x32" in the x32 one), whose function makes the call; prints the
 *                   library's path
 *   stacks reload   the same, then dlclose()s it and does the same with
 *                   libstackdl2, which the loader puts in the place freed;
 *                   prints "PATH BASE" for each
 *   stacks sites    100 calls from one site, then one from a second, then
 *                   one from a third; prints "ret A B C", the return
 *                   addresses of the three calls
 *   stacks exec PROG [ARG]...  one call, then execv(PROG); prints "ret R",
 *                   the return address of the call
 *   stacks signal   trapper() calls trap_here(), whose first instruction
 *                   raises SIGILL; the handler makes the call and returns
 *                   past the instruction (rt_sigreturn); prints "trap T R
 *                   LINE": trap_here, the return address into trapper()
 *                   and the line of that call */
#include <limits.h>
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noclone))

/* The suffix of this build's libraries, as the Makefile names them. */
#if defined(__x86_64__) && defined(__ILP32__)
#define ABI_SUFFIX "-x32"
#elif defined(__i386__)
#define ABI_SUFFIX "-32"
#else
#define ABI_SUFFIX ""
#endif

static pthread_barrier_t barrier;
static uintptr_t ret[3];
static volatile int sink;

static int
first_object(struct dl_phdr_info *info, size_t size, void *bias)
{
	(void)size;
	*(uintptr_t *)bias = info->dlpi_addr;
	return 1;
}

/* The link-time address of ADDR in this executable. */
static unsigned long
link_time(uintptr_t addr)
{
	uintptr_t bias = 0;

	dl_iterate_phdr(first_object, &bias);
	return (unsigned long)(addr - bias);
}

NOINLINE static int
call_from(int who)
{
	int r;

	pthread_barrier_wait(&barrier);
	r = getppid();
	ret[who] = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r;
}

NOINLINE static void *
thread_a(void *arg)
{
	sink = call_from(1);
	return arg;
}

NOINLINE static void *
thread_b(void *arg)
{
	sink = call_from(2);
	return arg;
}

static int
threads(void)
{
	pthread_t a, b;

	pthread_barrier_init(&barrier, NULL, 3);
	if (pthread_create(&a, NULL, thread_a, NULL) != 0 ||
	    pthread_create(&b, NULL, thread_b, NULL) != 0)
		return 1;
	sink = call_from(0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("ret %#lx %#lx %#lx\n", link_time(ret[0]), link_time(ret[1]),
	    link_time(ret[2]));
	return 0;
}

NOINLINE static int
recurse(int depth)
{
	int r = depth == 0 ? getppid() : recurse(depth - 1);

	if (depth == 1)
		ret[0] = (uintptr_t)__builtin_return_address(0);
	sink = r;
	return r + 1;
}

static int
deep(void)
{
	sink = recurse(200);
	printf("ret %#lx\n", link_time(ret[0]));
	return 0;
}

NOINLINE static int
site_a(void)
{
	int r = getppid();

	ret[0] = (uintptr_t)__builtin_return_address(0);
	return r;
}

NOINLINE static int
site_b(void)
{
	int r = getppid();

	ret[1] = (uintptr_t)__builtin_return_address(0);
	return r;
}

NOINLINE static int
site_c(void)
{
	int r = getppid();

	ret[2] = (uintptr_t)__builtin_return_address(0);
	return r;
}

static int
sites(void)
{
	for (int i = 0; i < 100; i++)
		sink = site_a();
	sink = site_b();
	sink = site_c();
	printf("ret %#lx %#lx %#lx\n", link_time(ret[0]), link_time(ret[1]),
	    link_time(ret[2]));
	return 0;
}

/* A function whose first instruction traps, with unwind information: the
 * frame the signal interrupts is the very start of a function, which a
 * lookup at address - 1 would name after the function before it. ud2 is
 * two bytes, the same in i386 and x86-64. */
__asm__(".text\n"
	".globl trap_here\n"
	".type trap_here, @function\n"
	"trap_here:\n"
	".cfi_startproc\n"
	"ud2\n"
	"ret\n"
	".cfi_endproc\n"
	".size trap_here, .-trap_here\n");
void trap_here(void);

static int trap_line;

/* Make the call, note where the signal struck, and return past the ud2. */
static void
on_sigill(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
#ifdef __x86_64__
	greg_t *pc = &uc->uc_mcontext.gregs[REG_RIP];
	uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#else
	greg_t *pc = &uc->uc_mcontext.gregs[REG_EIP];
	uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_ESP];
#endif

	(void)sig, (void)info;
	sink = getppid();
	ret[0] = (uintptr_t)*pc;
	ret[1] = *(uintptr_t *)sp;
	*pc += 2;
}

NOINLINE static int
trapper(void)
{
	trap_line = __LINE__ + 1;
	trap_here();
	return sink;
}

static int
signal_call(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigill, .sa_flags = SA_SIGINFO };

	if (sigaction(SIGILL, &sa, NULL) != 0)
		return 1;
	sink = trapper();
	printf("trap %#lx %#lx %d\n", link_time(ret[0]), link_time(ret[1]), trap_line);
	return 0;
}

/* Load the library NAME beside this program, make its call and print its
 * path (and its load address when BASE); close it when CLOSE. */
static int
dlopen_call(const char *name, bool base, bool close)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 32);
	int (*call)(void);
	Dl_info info;
	void *lib;

	if (n <= 0)
		return 1;
	path[n] = '\0';
	sprintf(strrchr(path, '/') + 1, "lib%s%s.so", name, ABI_SUFFIX);
	lib = dlopen(path, RTLD_NOW);
	if (lib == NULL) {
		fprintf(stderr, "stacks: %s\n", dlerror());
		return 1;
	}
	call = (int (*)(void))dlsym(lib, "stackdl_call");
	if (call == NULL || call() == 0 || dladdr((void *)call, &info) == 0)
		return 1;
	if (base)
		printf("%s %p\n", path, info.dli_fbase);
	else
		printf("%s\n", path);
	fflush(stdout);
	return close && dlclose(lib) != 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "threads") == 0)
		return threads();
	if (strcmp(mode, "deep") == 0)
		return deep();
	if (strcmp(mode, "dlopen") == 0)
		return dlopen_call("stackdl", false, false);
	if (strcmp(mode, "reload") == 0)
		return dlopen_call("stackdl", true, true) ||
		    dlopen_call("stackdl2", true, false);
	if (strcmp(mode, "sites") == 0)
		return sites();
	if (strcmp(mode, "signal") == 0)
		return signal_call();
	if (strcmp(mode, "exec") == 0 && argc > 2) {
		sink = site_a();
		printf("ret %#lx\n", link_time(ret[0]));
		fflush(stdout);
		execv(argv[2], argv + 2);
		return 127;
	}
	fprintf(stderr, "usage: stacks threads|deep|dlopen|reload|sites|signal|"
	    "exec PROG [ARG]...\n");
	return 2;
}
