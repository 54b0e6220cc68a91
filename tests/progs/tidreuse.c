/* Makes the kernel give a new process the id of a task that has ended,
 * ROUNDS times each way: a child that exec'd PROG (another program) ends,
 * and a second child, forked with ns_last_pid set so that it gets the same
 * pid, calls getsid and exits without exec; a thread ends, and a child
 * forked so that it gets the thread's id execs PROG. A child that did not
 * get the id is killed before it makes any call, and forked again. Needs
 * its own pid namespace (unshare -Urpf --mount-proc). Prints how many of the
 * 2 * ROUNDS ids were reused; exits 0, or 2 when ns_last_pid cannot be
 * written. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* A freed id may be allocated again only a little later: tries per id. */
#define TRIES 1000

static char *prog;
static int *go; /* shared with the child: it may run */

/* The next process forked gets pid ID, if it is free by then. */
static void
next_pid(pid_t id)
{
	FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "w");

	if (f == NULL || fprintf(f, "%d", (int)id - 1) < 0 || fclose(f) != 0) {
		perror("ns_last_pid");
		exit(2);
	}
}

/* Fork a child, with no call of the C library's in it, that waits until it
 * may run, then runs PROG (EXEC) or calls getsid. */
static pid_t
fork_waiting(int exec)
{
	pid_t pid;

	__atomic_store_n(go, 0, __ATOMIC_SEQ_CST);
	pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid != 0)
		return pid;
	while (!__atomic_load_n(go, __ATOMIC_SEQ_CST))
		;
	if (exec)
		execl(prog, prog, (char *)NULL);
	syscall(SYS_getsid, 0);
	syscall(SYS_exit_group, 0);
	return 0;
}

/* Run a child (see fork_waiting) on pid WANT, or any when WANT is 0, and
 * return its pid once it has ended. */
static pid_t
child(pid_t want, int exec)
{
	pid_t pid = 0;

	for (int i = 0; i < TRIES; i++) {
		if (want != 0)
			next_pid(want);
		pid = fork_waiting(exec);
		if (want == 0 || pid == want)
			break;
		/* Killed while it waits: it has made no call at all. */
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		usleep(100);
	}
	__atomic_store_n(go, 1, __ATOMIC_SEQ_CST);
	waitpid(pid, NULL, 0);
	return pid;
}

static void *
thread_id(void *arg)
{
	*(pid_t *)arg = (pid_t)syscall(SYS_gettid);
	return NULL;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[1]) : 0, reused = 0;

	prog = argc > 2 ? argv[2] : NULL;
	if (prog == NULL) {
		fprintf(stderr, "usage: tidreuse ROUNDS PROG\n");
		return 2;
	}
	go = mmap(NULL, sizeof *go, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (go == MAP_FAILED)
		return 2;
	for (int i = 0; i < rounds; i++) {
		pid_t gone = child(0, 1);
		pthread_t th;

		reused += child(gone, 0) == gone;
		pthread_create(&th, NULL, thread_id, &gone);
		pthread_join(th, NULL);
		reused += child(gone, 1) == gone;
	}
	printf("%d\n", reused);
	return 0;
}
