/* Makes COUNT getppid calls while an interval timer interrupts it with
 * SIGALRM every 20 us, its handler installed with SA_RESTART ("restart") or
 * without ("intr"): prints how many calls returned (the others failed with
 * EINTR) and how many signals came. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t signals;

static void
on_alarm(int sig)
{
	(void)sig;
	signals++;
}

int
main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[1]) : 0, returned = 0;
	struct itimerval every = { { 0, 20 }, { 0, 20 } }, off = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;

	if (argc < 3) {
		fprintf(stderr, "usage: sigcalls COUNT restart|intr\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = strcmp(argv[2], "restart") == 0 ? SA_RESTART : 0;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every, NULL);
	for (long i = 0; i < n; i++)
		returned += syscall(SYS_getppid) >= 0;
	/* Under record --backend notify, a call that a signal reaches before
	 * sandcast took it fails with EINTR without SA_RESTART, this one too:
	 * stop the timer for sure, so that printf's write is not cut short. */
	while (setitimer(ITIMER_REAL, &off, NULL) != 0)
		continue;
	printf("%ld %d\n", returned, (int)signals);
	return 0;
}
