#include <string.h>

#include "core/fallbacks.h"
#include "core/syscalls.h"

#define TIME64 "glibc on i386 tries the 64-bit-time call first and the old one on ENOSYS"
#define PROBE "callers that probe it fall back to the older call"

/* NOTE: what each caller does was read in glibc 2.36 to 2.39; the calls
 * themselves came in Linux 4.11 (statx) to 6.7 (futex_wait). */
static const struct fallback fallback_table[] = {
	{ "clone3", { "clone" }, "glibc 2.34+ (pthread_create, posix_spawn) tries "
	    "clone3 and uses clone on ENOSYS" },
	{ "close_range", { "close" }, "glibc 2.34+ closefrom() closes each "
	    "descriptor listed in /proc/self/fd on ENOSYS" },
	{ "epoll_pwait2", { "epoll_pwait" }, PROBE },
	{ "faccessat2", { "faccessat" }, "glibc 2.33+ faccessat() tries faccessat2, "
	    "then faccessat (emulating the flags with fstatat)" },
	{ "fchmodat2", { "fchmodat" }, "glibc 2.39+ fchmodat(AT_SYMLINK_NOFOLLOW) "
	    "tries fchmodat2, then works through an O_PATH descriptor" },
	{ "futex_requeue", { "futex" }, PROBE },
	{ "futex_wait", { "futex" }, PROBE },
	{ "futex_waitv", { "futex" }, "callers that probe it (Wine) wait on one "
	    "futex at a time" },
	{ "futex_wake", { "futex" }, PROBE },
	{ "map_shadow_stack", { NULL }, "glibc 2.39+ runs without CET shadow "
	    "stacks on ENOSYS" },
	{ "openat2", { "openat" }, PROBE },
	{ "pidfd_getfd", { NULL }, "no older call takes another process's "
	    "descriptor: callers must do without" },
	{ "pidfd_open", { NULL }, "callers that probe it go back to plain PIDs" },
	{ "pidfd_send_signal", { "kill" }, "callers that probe it use kill" },
	{ "preadv2", { "preadv" }, "glibc's preadv2() without flags uses preadv on "
	    "ENOSYS" },
	{ "pwritev2", { "pwritev" }, "glibc's pwritev2() without flags uses pwritev "
	    "on ENOSYS" },
	{ "rseq", { NULL }, "glibc 2.35+ registers rseq for each thread and runs "
	    "without it on ENOSYS (as with GLIBC_TUNABLES=glibc.pthread.rseq=0)" },
	{ "statx", { "newfstatat", "fstatat64" }, "glibc 2.33+ on i386 stats "
	    "with statx for 64-bit times and uses fstatat64 on ENOSYS; callers of "
	    "statx() (coreutils) use fstatat" },
	{ "clock_adjtime64", { "clock_adjtime" }, TIME64 },
	{ "clock_getres_time64", { "clock_getres" }, TIME64 },
	{ "clock_gettime64", { "clock_gettime" }, TIME64 },
	{ "clock_nanosleep_time64", { "clock_nanosleep" }, TIME64 },
	{ "clock_settime64", { "clock_settime" }, TIME64 },
	{ "futex_time64", { "futex" }, TIME64 },
	{ "io_pgetevents_time64", { "io_pgetevents" }, TIME64 },
	{ "mq_timedreceive_time64", { "mq_timedreceive" }, TIME64 },
	{ "mq_timedsend_time64", { "mq_timedsend" }, TIME64 },
	{ "ppoll_time64", { "ppoll" }, TIME64 },
	{ "pselect6_time64", { "pselect6" }, TIME64 },
	{ "recvmmsg_time64", { "recvmmsg" }, TIME64 },
	{ "rt_sigtimedwait_time64", { "rt_sigtimedwait" }, TIME64 },
	{ "sched_rr_get_interval_time64", { "sched_rr_get_interval" }, TIME64 },
	{ "semtimedop_time64", { "semtimedop", "ipc" }, TIME64 },
	{ "timer_gettime64", { "timer_gettime" }, TIME64 },
	{ "timer_settime64", { "timer_settime" }, TIME64 },
	{ "timerfd_gettime64", { "timerfd_gettime" }, TIME64 },
	{ "timerfd_settime64", { "timerfd_settime" }, TIME64 },
	{ "utimensat_time64", { "utimensat" }, TIME64 },
};

/* Return the fallback of call NR on ARCH, or NULL when none is known. */
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

/* Return the number of the older twin of FB on ARCH, or -1 when it has none. */
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
