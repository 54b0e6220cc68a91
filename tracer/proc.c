#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/strpool.h"
#include "core/xmalloc.h"
#include "tracer/proc.h"

void
proc_init(struct proc_table *t)
{
	memset(t, 0, sizeof *t);
}

struct proc_thread *
proc_find(const struct proc_table *t, pid_t tid)
{
	struct proc_thread *th;

	HASH_FIND_INT(t->threads, &tid, th);
	return th;
}

struct proc_group *
proc_group_find(const struct proc_table *t, pid_t tgid)
{
	struct proc_group *g;

	HASH_FIND_INT(t->groups, &tgid, g);
	return g;
}

static struct proc_group *
proc_group_get(struct proc_table *t, pid_t tgid)
{
	struct proc_group *g = proc_group_find(t, tgid);

	if (g == NULL) {
		g = xcalloc(1, sizeof *g);
		g->tgid = tgid;
		HASH_ADD_INT(t->groups, tgid, g);
		t->ngroups_seen++;
	}
	return g;
}

struct proc_thread *
proc_add(struct proc_table *t, pid_t tid, pid_t tgid)
{
	struct proc_thread *th = xcalloc(1, sizeof *th);

	th->tid = tid;
	th->pidfd = -1;
	th->group = proc_group_get(t, tgid);
	th->group->nthreads++;
	HASH_ADD_INT(t->threads, tid, th);
	return th;
}

struct proc_group *
proc_remove(struct proc_table *t, struct proc_thread *th)
{
	struct proc_group *g = th->group;

	HASH_DEL(t->threads, th);
	free(th);
	if (--g->nthreads > 0)
		return NULL;
	HASH_DEL(t->groups, g);
	return g;
}

pid_t
proc_tgid(pid_t tid)
{
	long tgid;

	/* tgkill with signal 0 finds a leader (tgid == tid) without reading
	 * /proc. */
	if (syscall(SYS_tgkill, tid, tid, 0) == 0)
		return tid;
	tgid = proc_read_status(tid, "Tgid");
	return tgid > 0 ? (pid_t)tgid : tid;
}

long
proc_read_status(pid_t tid, const char *name)
{
	char path[64], line[128];
	size_t len = strlen(name);
	long value = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			value = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return value;
}

const char *
proc_read_exe(pid_t tgid)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof link, "/proc/%d/exe", (int)tgid);
	n = readlink(link, path, sizeof path - 1);
	if (n < 0)
		return NULL;
	path[n] = '\0';
	return strpool_intern(path);
}
