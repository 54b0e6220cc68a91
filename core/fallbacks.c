#include <string.h>

#include "core/fallbacks.h"
#include "core/syscalls.h"

#define NOT_GLIBC "glibc 2.36 never makes it; programs that probe it use the " \
	"older call on ENOSYS"
#define TIME64 "glibc 2.36 on i386 tries it first and the 32-bit-time call on ENOSYS"
#define TIME64_WIDE "glibc 2.36 on i386 makes it only for a time that does not " \
	"fit in 32 bits (past 2038), the 32-bit-time call otherwise; on ENOSYS " \
	"the caller gets EOVERFLOW, as on Linux before 5.1"

/* NOTE: checked on glibc 2.36 (Debian 12) and Linux 6.18, x86_64 and i386,
 * by failing each call with ENOSYS (strace -e inject=CALL:error=ENOSYS) and
 * watching what glibc does next; a note about a later glibc says so. */
static const struct fallback fallback_table[] = {
	{ "clone3", { "clone" }, false, "glibc 2.34+ (pthread_create; posix_spawn "
	    "and system() on 2.36) tries clone3 and uses clone on ENOSYS" },
	{ "close_range", { "close" }, false, "glibc 2.34+ closefrom() tries it "
	    "and on ENOSYS closes each descriptor listed in /proc/self/fd; "
	    "close_range() itself returns the ENOSYS" },
	{ "epoll_pwait2", { "epoll_pwait" }, false, "glibc 2.36 makes it only in "
	    "epoll_pwait2(), which returns the ENOSYS; programs that probe it "
	    "use epoll_pwait" },
	{ "execveat", { "execve" }, false, "glibc's fexecve() tries it and on "
	    "ENOSYS runs execve on /proc/self/fd/N" },
	{ "faccessat2", { "faccessat" }, false, "glibc 2.33+ faccessat() (any "
	    "flags) tries it, then faccessat, checking AT_EACCESS and "
	    "AT_SYMLINK_NOFOLLOW with fstatat when it must" },
	{ "fchmodat2", { "fchmodat" }, false, "glibc 2.36 never makes it (its "
	    "fchmodat() with AT_SYMLINK_NOFOLLOW goes through an O_PATH "
	    "descriptor); glibc 2.39+ tries it first and does that on ENOSYS" },
	{ "futex_requeue", { "futex" }, false, NOT_GLIBC },
	{ "futex_wait", { "futex" }, false, NOT_GLIBC },
	{ "futex_waitv", { "futex" }, false, "glibc 2.36 never makes it; "
	    "programs that probe it (Wine) wait on one futex at a time" },
	{ "futex_wake", { "futex" }, false, NOT_GLIBC },
	{ "map_shadow_stack", { NULL }, false, "glibc 2.36 never makes it; no "
	    "older call does its job: a caller can only run without the shadow "
	    "stack" },
	{ "openat2", { "openat" }, false, "glibc 2.36 has no openat2() and never "
	    "makes it; programs that probe it use openat" },
	{ "pidfd_getfd", { NULL }, false, "glibc 2.36 makes it only in "
	    "pidfd_getfd(); no older call takes another process's descriptor: "
	    "callers must do without" },
	{ "pidfd_open", { NULL }, false, "glibc 2.36 makes it only in "
	    "pidfd_open(); callers that probe it go back to plain PIDs" },
	{ "pidfd_send_signal", { "kill" }, false, "glibc 2.36 makes it only in "
	    "pidfd_send_signal(); callers that probe it use kill" },
	{ "preadv2", { "preadv" }, false, "glibc's preadv2() without flags uses "
	    "preadv on ENOSYS (readv for offset -1)" },
	{ "pwritev2", { "pwritev" }, false, "glibc's pwritev2() without flags "
	    "uses pwritev on ENOSYS (writev for offset -1)" },
	{ "rseq", { NULL }, false, "glibc 2.35+ registers rseq at start and for "
	    "each thread, and runs without it on ENOSYS (as with "
	    "GLIBC_TUNABLES=glibc.pthread.rseq=0)" },
	{ "statx", { "newfstatat", "fstatat64" }, false, "glibc 2.33+ on i386 "
	    "makes every stat() a statx (for 64-bit times) and uses fstatat64 "
	    "on ENOSYS; glibc's statx() emulates it with newfstatat on ENOSYS" },
	{ "clock_adjtime64", { "clock_adjtime" }, false, TIME64 },
	{ "clock_getres_time64", { "clock_getres" }, false, TIME64 },
	{ "clock_gettime64", { "clock_gettime" }, true, "the i386 vDSO makes it "
	    "for the clocks it cannot read itself (CPU-time clocks), and glibc "
	    "2.36 returns its ENOSYS to the caller of clock_gettime(): allow it" },
	{ "clock_nanosleep_time64", { "clock_nanosleep" }, false, TIME64_WIDE },
	{ "clock_settime64", { "clock_settime" }, false, TIME64 },
	{ "futex_time64", { "futex" }, false, TIME64_WIDE },
	{ "io_pgetevents_time64", { "io_pgetevents" }, false, NOT_GLIBC },
	{ "mq_timedreceive_time64", { "mq_timedreceive" }, false, TIME64_WIDE },
	{ "mq_timedsend_time64", { "mq_timedsend" }, false, TIME64_WIDE },
	{ "ppoll_time64", { "ppoll" }, false, TIME64_WIDE },
	{ "pselect6_time64", { "pselect6" }, false, TIME64_WIDE },
	{ "recvmmsg_time64", { "recvmmsg" }, false, TIME64 },
	{ "rt_sigtimedwait_time64", { "rt_sigtimedwait" }, false, TIME64_WIDE },
	{ "sched_rr_get_interval_time64", { "sched_rr_get_interval" }, false, TIME64 },
	{ "semtimedop_time64", { "semtimedop", "ipc" }, false, TIME64_WIDE },
	{ "timer_gettime64", { "timer_gettime" }, false, TIME64 },
	{ "timer_settime64", { "timer_settime" }, false, TIME64 },
	{ "timerfd_gettime64", { "timerfd_gettime" }, false, TIME64 },
	{ "timerfd_settime64", { "timerfd_settime" }, false, TIME64_WIDE },
	{ "utimensat_time64", { "utimensat" }, false, TIME64_WIDE },
};

const struct fallback *
fallbacks_find(enum arch arch, uint32_t nr)
{
	const char *name = syscalls_name(arch, nr);

	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof fallback_table / sizeof *fallback_table; i++) {
		if (strcmp(fallback_table[i].name, name) == 0)
			return &fallback_table[i];
	}
	return NULL;
}

int
fallbacks_older(const struct fallback *fb, enum arch arch)
{
	for (size_t i = 0; i < sizeof fb->older / sizeof *fb->older; i++) {
		int nr = fb->older[i] != NULL ? syscalls_number(arch, fb->older[i]) : -1;
		if (nr >= 0)
			return nr;
	}
	return -1;
}
