#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "tests/unit/tap.h"

static int tap_count, tap_failed;

bool
tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

bool
tap_is_int(long long got, long long want, const char *name)
{
	if (!tap_ok(got == want, "%s", name)) {
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
		return false;
	}
	return true;
}

bool
tap_is_str(const char *got, const char *want, const char *name)
{
	bool same = (got == NULL || want == NULL) ? got == want : strcmp(got, want) == 0;

	if (!tap_ok(same, "%s", name)) {
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)",
		    want ? want : "(null)");
		return false;
	}
	return true;
}

void
tap_skip(const char *what, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_count, what, why);
	fflush(stdout);
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	if (tap_failed)
		printf("# %d of %d checks failed\n", tap_failed, tap_count);
	return tap_failed != 0 || tap_count == 0;
}

char *
tap_tmp_path(const char *name)
{
	const char *dir = getenv("TMPDIR");

	return xasprintf("%s/sandcast-unit-%d-%s", dir ? dir : "/tmp",
	    (int)getpid(), name);
}

char *
tap_prog_path(const char *name)
{
	const char *b = getenv("B") ? getenv("B") : "build";
	char *rel = xasprintf("%s/tests/progs/%s", b, name);
	char *abs = realpath(rel, NULL);

	if (abs == NULL)
		return rel;
	free(rel);
	return abs;
}

char *
tap_cannot(const char *cap)
{
	char *abi = tap_prog_path("abi"), *cmd = xasprintf("'%s' --can '%s' 'make check-vm runs them'", abi,
	    cap);
	char line[512] = "";
	FILE *p = popen(cmd, "r");
	int status;

	free(abi);
	free(cmd);
	if (p == NULL)
		return xstrdup("cannot run tests/progs/abi to probe the kernel");
	if (fgets(line, sizeof line, p) == NULL)
		line[0] = '\0';
	status = pclose(p);
	if (status == 0)
		return NULL;
	line[strcspn(line, "\n")] = '\0';
	return xstrdup(line[0] != '\0' ? line : "tests/progs/abi failed to probe the kernel");
}
