/* The seccomp user-notification listener: the file descriptor through which
 * the supervisor receives each call that a SECCOMP_RET_USER_NOTIF filter
 * holds, and lets it run. */
#ifndef SANDCAST_TRACER_LISTENER_H
#define SANDCAST_TRACER_LISTENER_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

/* NOTE: Linux 6.6 (Debian 12's headers are 6.1's): the listener hands the
 * CPU over between the caller and the supervisor, as a pipe does, instead
 * of waking each on whichever CPU is idle. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, uint64_t)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* The filter flags of the command's filter: a new listener; once sandcast
 * has received a call, only a fatal signal interrupts it (Linux 5.19). */
#define LISTENER_FILTER_FLAGS (SECCOMP_FILTER_FLAG_NEW_LISTENER | \
	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

/* A listener and the buffers of one notification, sized as the running
 * kernel says (SECCOMP_GET_NOTIF_SIZES). */
struct listener {
	int fd;
	struct seccomp_notif *req;       /* the call received last */
	struct seccomp_notif_resp *resp;
	unsigned req_size, resp_size;
};

/* Return 0 when this kernel gives a listener synchronous wake-up (Linux
 * 6.6) and this process may have one, else -errno (-EBUSY under a listener
 * already), as found once in a throwaway child. */
int listener_probe(void);

/* Set L up around listener FD, turning synchronous wake-up on; 0 or -errno
 * (L then owns FD either way). */
int listener_open(struct listener *l, int fd);

/* Close L. */
void listener_close(struct listener *l);

/* Wait for the next call into L->req; 0, or -errno: -EINTR when a signal
 * came, -ENOENT when the call was withdrawn or no task uses the filter. */
int listener_recv(struct listener *l);

/* Let the call of L->req run; 0, or -ENOENT when its caller is no longer
 * waiting (a signal interrupted the call, or it was killed): the call did
 * not run, and will come again if the kernel restarts it. */
int listener_continue(struct listener *l);

/* Return whether the caller of L->req is still waiting for the answer:
 * then the thread id it came with is still its own. */
bool listener_waiting(const struct listener *l);

/* Return whether every task under the filter has ended. */
bool listener_hung_up(const struct listener *l);

#endif
