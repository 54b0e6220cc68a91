/* A small TAP producer for the unit tests: each check prints "ok N" or "not ok N". */
#ifndef SANDCAST_TESTS_TAP_H
#define SANDCAST_TESTS_TAP_H

#include <stdbool.h>
#include <stdint.h>

/* Record one check: COND true passes; NAME says what was checked. */
bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Check that two integers are equal, printing both when they differ. */
bool tap_is_int(long long got, long long want, const char *name);

/* Check that two strings are equal (NULL equals NULL), printing both when not. */
bool tap_is_str(const char *got, const char *want, const char *name);

/* Record one check that cannot run here: WHAT is skipped, WHY says why. */
void tap_skip(const char *what, const char *why);

/* Print the plan and return the exit status: 0 when every check passed. */
int tap_done(void);

/* Return a path under $TMPDIR (or /tmp) unique to this test process; free() it. */
char *tap_tmp_path(const char *name);

/* Return the absolute path of target program NAME as built under $B (default
 * build), or the relative one when it is missing; free() it. */
char *tap_prog_path(const char *name);

/* Return NULL when this kernel can do CAP (i386, int80, x32, x32-calls: as
 * tests/progs/abi --can CAP finds by trying it), else why not and what to
 * do, for a skip; free() it. */
char *tap_cannot(const char *cap);

#endif
