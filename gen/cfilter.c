#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/file.h"
#include "core/syscalls.h"
#include "core/xmalloc.h"
#include "gen/cfilter.h"

/* How long the driver may take to hand its program over, in milliseconds. */
#define CFILTER_TIMEOUT_MS 10000

/* The function gen writes when not told another name. */
#define CFILTER_DEFAULT_FUNCTION "sandcast_install_filter"

/* What the driver exits with when the function returned without
 * installing a filter, or made another call through syscall() or prctl(). */
#define CFILTER_NO_FILTER 3
#define CFILTER_OTHER_CALL 4

/* The driver: FUNCTION is called, and the program it passes to seccomp(2)
 * or prctl(2) through the C library's syscall() and prctl(), which the
 * driver defines in their place, is written to descriptor argv[1]. */
#define CFILTER_DRIVER \
	"#include <linux/filter.h>\n" \
	"#include <linux/seccomp.h>\n" \
	"#include <stdarg.h>\n" \
	"#include <stdlib.h>\n" \
	"#include <sys/prctl.h>\n" \
	"#include <sys/syscall.h>\n" \
	"#include <unistd.h>\n" \
	"int %1$s(void);\n" \
	"static int out = -1;\n" \
	"static void put(const struct sock_fprog *prog)\n" \
	"{\n" \
	"\tconst char *p = (const char *)prog->filter;\n" \
	"\tsize_t n = prog->len * sizeof *prog->filter;\n" \
	"\twhile (n > 0) {\n" \
	"\t\tssize_t w = write(out, p, n);\n" \
	"\t\tif (w <= 0)\n" \
	"\t\t\t_exit(2);\n" \
	"\t\tp += w;\n" \
	"\t\tn -= (size_t)w;\n" \
	"\t}\n" \
	"\t_exit(0);\n" \
	"}\n" \
	"long syscall(long nr, ...)\n" \
	"{\n" \
	"\tva_list ap;\n" \
	"\tlong op;\n" \
	"\tva_start(ap, nr);\n" \
	"\top = va_arg(ap, long);\n" \
	"\t(void)va_arg(ap, long);\n" \
	"\tif (nr == SYS_seccomp && (int)op == SECCOMP_SET_MODE_FILTER)\n" \
	"\t\tput(va_arg(ap, const struct sock_fprog *));\n" \
	"\t_exit(%2$d);\n" \
	"}\n" \
	"int prctl(int option, ...)\n" \
	"{\n" \
	"\tva_list ap;\n" \
	"\tunsigned long mode;\n" \
	"\tif (option == PR_SET_NO_NEW_PRIVS)\n" \
	"\t\treturn 0;\n" \
	"\tva_start(ap, option);\n" \
	"\tmode = va_arg(ap, unsigned long);\n" \
	"\tif (option == PR_SET_SECCOMP && (int)mode == SECCOMP_MODE_FILTER)\n" \
	"\t\tput(va_arg(ap, const struct sock_fprog *));\n" \
	"\t_exit(%2$d);\n" \
	"}\n" \
	"int main(int argc, char **argv)\n" \
	"{\n" \
	"\tif (argc != 2)\n" \
	"\t\treturn 2;\n" \
	"\tout = atoi(argv[1]);\n" \
	"\t%1$s();\n" \
	"\treturn %3$d;\n" \
	"}\n"

/* The calls the driver may make: those of a dynamically linked program's
 * start (the loader maps the C library), its output and its end; openat
 * only to read (below). */
static const char *const cfilter_allowed[] = {
	"execve", "brk", "arch_prctl", "mmap", "mprotect", "munmap", "read",
	"pread64", "newfstatat", "fstat", "statx", "close", "access",
	"set_tid_address", "set_robust_list", "rseq", "prlimit64", "getrandom",
	"write", "exit_group", "exit",
};

/* The flags of an openat that writes, or makes a file. */
#define CFILTER_OPEN_WRITES (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_TMPFILE)

/* The files of one reading, in a directory of their own. */
struct cfilter_work {
	char *dir, *object, *driver_c, *driver;
	const char *path;
	char **err;
};

static int __attribute__((format(printf, 3, 4)))
cfilter_fail(struct cfilter_work *w, int rc, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	*w->err = xasprintf("%s: %s", w->path, what);
	free(what);
	return rc;
}

/* Run the C compiler with ARGS (NULL-terminated): $CC split into words as
 * the shell does, default cc; return its exit status, or -errno. */
static int
cfilter_cc(const char *const *args)
{
	const char *argv[16] = { "/bin/sh", "-c", "exec ${CC:-cc} \"$@\"", "sh" };
	size_t n = 4;
	int status;
	pid_t pid;

	for (; *args != NULL && n + 1 < sizeof argv / sizeof *argv; args++)
		argv[n++] = *args;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* The compiler's messages go to stderr; its stdout too. */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Compile the file as it ships into W->object. */
static int
cfilter_compile(struct cfilter_work *w)
{
	const char *args[] = { "-m64", "-c", "-o", w->object, w->path, NULL };
	int rc = cfilter_cc(args);

	if (rc == 127)
		return cfilter_fail(w, -ENOENT, "%s: no C compiler to read this C "
		    "filter through (cc, or the one $CC names): install one, or give "
		    "the output of 'sandcast gen --format bpf'", "cannot compile");
	if (rc != 0)
		return cfilter_fail(w, -EINVAL, "%s: the C compiler failed (its "
		    "messages are above): a C filter is read as the compiler builds it "
		    "(gen's c output; for the libseccomp one, give the program "
		    "seccomp_export_bpf() writes)", "cannot compile");
	return 0;
}

/* Whether NAME is a C identifier (it goes into the driver's source). */
static bool
cfilter_is_identifier(const char *name)
{
	if (name[0] == '\0' || (name[0] >= '0' && name[0] <= '9'))
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_") == strlen(name);
}

/* Add to *LIST (", "-separated) the external functions the symbol table
 * SCN of ELF defines. */
static void
cfilter_symbols(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, char **list)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize != 0 ? sh->sh_size / sh->sh_entsize : 0;

	for (size_t i = 0; data != NULL && i < n; i++) {
		GElf_Sym sym;
		const char *name;
		char *more;
		if (gelf_getsym(data, (int)i, &sym) == NULL ||
		    GELF_ST_BIND(sym.st_info) != STB_GLOBAL ||
		    GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF ||
		    (name = elf_strptr(elf, sh->sh_link, sym.st_name)) == NULL)
			continue;
		more = *list == NULL ? xstrdup(name) : xasprintf("%s, %s", *list, name);
		free(*list);
		*list = more;
	}
}

/* The external functions of the object file OBJECT, ", "-separated, or
 * NULL when it has none or cannot be read; free() it. */
static char *
cfilter_functions(const char *object)
{
	int fd = open(object, O_RDONLY | O_CLOEXEC);
	Elf *elf;
	Elf_Scn *scn = NULL;
	char *list = NULL;

	if (fd < 0)
		return NULL;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	while (elf != NULL && (scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) != NULL && sh.sh_type == SHT_SYMTAB)
			cfilter_symbols(elf, scn, &sh, &list);
	}
	if (elf != NULL)
		elf_end(elf);
	close(fd);
	return list;
}

/* The function that installs the filter: the object's one external
 * function, or the default name among several; NULL with *W->ERR. */
static char *
cfilter_function(struct cfilter_work *w)
{
	char *list = cfilter_functions(w->object), *pick = NULL;

	if (list == NULL) {
		cfilter_fail(w, -EINVAL, "%s: defines no function: give the c output "
		    "of 'sandcast gen', which defines the one that installs the "
		    "filter", "cannot read the filter");
	} else if (strchr(list, ',') == NULL && cfilter_is_identifier(list)) {
		pick = xstrdup(list);
	} else if (strstr(list, CFILTER_DEFAULT_FUNCTION) != NULL) {
		pick = xstrdup(CFILTER_DEFAULT_FUNCTION);
	} else {
		cfilter_fail(w, -EINVAL, "cannot tell which of its functions installs "
		    "the filter (%s): give the c output of 'sandcast gen', which "
		    "defines that one only", list);
	}
	free(list);
	return pick;
}

/* Write the driver for FUNCTION and build it with the object. */
static int
cfilter_link(struct cfilter_work *w, const char *function)
{
	char *text = xasprintf(CFILTER_DRIVER, function, CFILTER_OTHER_CALL,
	    CFILTER_NO_FILTER);
	const char *args[] = { "-m64", "-o", w->driver, w->driver_c, w->object, NULL };
	int rc = file_replace(w->driver_c, text, strlen(text));

	free(text);
	if (rc != 0)
		return cfilter_fail(w, rc, "cannot write the driver: %s", strerror(-rc));
	if (cfilter_cc(args) != 0)
		return cfilter_fail(w, -EINVAL, "%s: linking it with a driver that "
		    "calls %s() failed (the messages are above): give gen's c output (for "
		    "the libseccomp one, the program seccomp_export_bpf() writes)",
		    "cannot read the filter", function);
	return 0;
}

/* Build in F the driver's sandbox: x86_64 only, the calls of
 * cfilter_allowed[], openat to read; every other call kills it.
 *
 *	A = arch; if (A == AUDIT_ARCH_X86_64) { A = nr; if (A == openat) {
 *		A = flags; return A & CFILTER_OPEN_WRITES ? KILL : ALLOW; } }
 *	the allow-list of cfilter_allowed[], KILL for any other call
 */
static int
cfilter_sandbox(struct filter *f)
{
	const uint32_t openat = (uint32_t)syscalls_number(ARCH_X86_64, "openat");
	const struct sock_filter head[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 6),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, openat, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CFILTER_OPEN_WRITES, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct filter_set set;
	struct filter body;
	int rc;

	filter_set_init(&set);
	for (size_t i = 0; i < sizeof cfilter_allowed / sizeof *cfilter_allowed; i++)
		filter_set_add(&set, ARCH_X86_64, (uint32_t)syscalls_number(ARCH_X86_64,
		    cfilter_allowed[i]));
	rc = filter_build(&set, SECCOMP_RET_KILL_PROCESS, &body);
	filter_set_free(&set);
	if (rc != 0)
		return rc;
	f->len = sizeof head / sizeof *head + body.len;
	f->insns = xcalloc(f->len, sizeof *f->insns);
	memcpy(f->insns, head, sizeof head);
	memcpy(f->insns + sizeof head / sizeof *head, body.insns, body.len * sizeof *body.insns);
	filter_free(&body);
	return 0;
}

/* In the child: run the driver, which writes the program to descriptor FD,
 * with no environment, under SANDBOX and a limit of 10 s of CPU. */
static void __attribute__((noreturn))
cfilter_exec_driver(const struct cfilter_work *w, int fd, const struct filter *sandbox)
{
	char arg[16], *const env[] = { NULL };
	struct sock_fprog prog = { (unsigned short)sandbox->len, sandbox->insns };
	struct rlimit cpu = { 10, 10 };
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	snprintf(arg, sizeof arg, "%d", fd);
	/* Its own output, if any, must not mix with the caller's. */
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	setrlimit(RLIMIT_CPU, &cpu);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		_exit(127);
	execle(w->driver, w->driver, arg, (char *)NULL, env);
	_exit(127);
}

/* Read from FD until its end or the timeout; 0 or -errno (-ETIMEDOUT). */
static int
cfilter_read(int fd, char **buf, size_t *len)
{
	size_t size = 0;

	*buf = NULL;
	*len = 0;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int rc = poll(&p, 1, CFILTER_TIMEOUT_MS);
		if (rc == 0)
			return -ETIMEDOUT;
		if (rc < 0 && errno == EINTR)
			continue;
		if (*len == size)
			*buf = xreallocarray(*buf, size = size ? 2 * size : BUFSIZ, 1);
		n = rc < 0 ? -1 : read(fd, *buf + *len, size - *len);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n == 0)
			return 0;
		*len += n > 0 ? (size_t)n : 0;
	}
}

/* Say why the driver handed no program over (its exit STATUS). */
static int
cfilter_driver_failed(struct cfilter_work *w, const char *function, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == CFILTER_NO_FILTER)
		return cfilter_fail(w, -EINVAL, "%s() returned without installing a "
		    "filter through seccomp(2) or prctl(2)", function);
	if (WIFEXITED(status) && WEXITSTATUS(status) == CFILTER_OTHER_CALL)
		return cfilter_fail(w, -EINVAL, "%s() made a call through syscall() or "
		    "prctl() other than the ones that install a filter", function);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		return cfilter_fail(w, -EINVAL, "its code made a system call the "
		    "driver's sandbox refuses (it may read files and hand the filter "
		    "over, nothing more)%s", "");
	return cfilter_fail(w, -EINVAL, "%s() did not hand a filter over (it "
	    "crashed, or took more than 10 seconds)", function);
}

/* Keep the LEN bytes of BUF, the program handed over, in F. */
static int
cfilter_take(struct cfilter_work *w, const char *buf, size_t len, struct filter *f)
{
	if (len == 0 || len % sizeof *f->insns != 0)
		return cfilter_fail(w, -EINVAL, "%s: the program handed over is not "
		    "whole instructions", "cannot read the filter");
	f->len = len / sizeof *f->insns;
	f->insns = xcalloc(f->len, sizeof *f->insns);
	memcpy(f->insns, buf, len);
	return 0;
}

/* Run the driver and read the program it catches into F. */
static int
cfilter_capture(struct cfilter_work *w, const char *function, struct filter *f)
{
	int pipefd[2], status = 0, rc;
	struct filter sandbox;
	char *buf = NULL;
	size_t len = 0;
	pid_t pid;

	if ((rc = cfilter_sandbox(&sandbox)) != 0)
		return cfilter_fail(w, rc, "cannot build the driver's sandbox: %s",
		    strerror(-rc));
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		filter_free(&sandbox);
		return cfilter_fail(w, -errno, "cannot run the driver: %s", strerror(errno));
	}
	pid = fork();
	if (pid == 0)
		cfilter_exec_driver(w, fcntl(pipefd[1], F_DUPFD, 3), &sandbox);
	filter_free(&sandbox);
	close(pipefd[1]);
	rc = pid < 0 ? -errno : cfilter_read(pipefd[0], &buf, &len);
	close(pipefd[0]);
	if (pid > 0 && rc != 0)
		kill(pid, SIGKILL);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		continue;
	if (pid < 0)
		rc = cfilter_fail(w, rc, "cannot run the driver: %s", strerror(-rc));
	else if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = cfilter_driver_failed(w, function, status);
	else
		rc = cfilter_take(w, buf, len, f);
	free(buf);
	return rc;
}

static void
cfilter_cleanup(struct cfilter_work *w)
{
	unlink(w->object);
	unlink(w->driver_c);
	unlink(w->driver);
	rmdir(w->dir);
	free(w->object);
	free(w->driver_c);
	free(w->driver);
	free(w->dir);
}

int
cfilter_load(const char *path, struct filter *f, char **err)
{
	const char *tmp = getenv("TMPDIR");
	struct cfilter_work w = { .path = path, .err = err };
	char *function = NULL;
	int rc;

	f->insns = NULL;
	f->len = 0;
	w.dir = xasprintf("%s/sandcast-cfilter.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	if (mkdtemp(w.dir) == NULL) {
		rc = cfilter_fail(&w, -errno, "cannot make a directory to compile it "
		    "in: %s", strerror(errno));
		free(w.dir);
		return rc;
	}
	w.object = xasprintf("%s/filter.o", w.dir);
	w.driver_c = xasprintf("%s/driver.c", w.dir);
	w.driver = xasprintf("%s/driver", w.dir);
	if ((rc = cfilter_compile(&w)) == 0 &&
	    (rc = (function = cfilter_function(&w)) != NULL ? 0 : -EINVAL) == 0 &&
	    (rc = cfilter_link(&w, function)) == 0)
		rc = cfilter_capture(&w, function, f);
	free(function);
	cfilter_cleanup(&w);
	return rc;
}
