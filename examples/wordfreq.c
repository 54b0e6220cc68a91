/* wordfreq: the example that `make demo` records. It counts the words of a
 * file (or stdin), prints the five most frequent, and times itself: a small
 * program with an honest mix of file, memory, time and output system calls.
 * Built with -DSANDCAST_FILTER and the filter that `sandcast gen` writes, it
 * installs that filter first thing in main(). */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef SANDCAST_FILTER
int sandcast_install_filter(void);
#endif

struct word {
	char text[32];
	unsigned count;
};

static struct word words[4096];
static size_t nwords;

static void
count_word(const char *w)
{
	for (size_t i = 0; i < nwords; i++) {
		if (strcmp(words[i].text, w) == 0) {
			words[i].count++;
			return;
		}
	}
	if (nwords < sizeof words / sizeof *words) {
		snprintf(words[nwords].text, sizeof words[nwords].text, "%s", w);
		words[nwords++].count = 1;
	}
}

static void
count_fd(int fd)
{
	char buf[4096], w[32];
	size_t len = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (isalpha((unsigned char)buf[i]) && len + 1 < sizeof w) {
				w[len++] = (char)tolower((unsigned char)buf[i]);
			} else if (len > 0) {
				w[len] = '\0';
				count_word(w);
				len = 0;
			}
		}
	}
}

static int
by_count(const void *a, const void *b)
{
	const struct word *x = a, *y = b;

	return x->count != y->count ? (x->count < y->count) - (x->count > y->count)
	    : strcmp(x->text, y->text);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	int fd = 0;

#ifdef SANDCAST_FILTER
	if (sandcast_install_filter() != 0) {
		perror("sandcast_install_filter");
		return 1;
	}
#endif
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (argc > 1 && (fd = open(argv[1], O_RDONLY)) < 0) {
		perror(argv[1]);
		return 1;
	}
	count_fd(fd);
	qsort(words, nwords, sizeof *words, by_count);
	for (size_t i = 0; i < nwords && i < 5; i++)
		printf("%6u %s\n", words[i].count, words[i].text);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "%zu distinct words in %ld us\n", nwords,
	    (long)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000));
	return 0;
}
