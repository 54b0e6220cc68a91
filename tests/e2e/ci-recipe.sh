#!/bin/bash
# docs/ci.md followed to the letter on a small C project (a Makefile whose
# check target runs two test programs, one linked against libfoo): every
# command block of sections 1, 2, 4 and 5, as the doc writes it. The CI
# script passes while nothing changes, fails with the new call named once
# libfoo 2 calls faccessat(AT_EACCESS) (glibc's faccessat2) instead of
# access(), and passes again once --update approved it.
. "$(dirname "$0")/../lib.sh"
doc=$top/docs/ci.md
export PATH="$(dirname "$SANDCAST"):$PATH"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.org
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.org

# block N K: the K-th command block (lines indented by 4 spaces) of section
# "## N." of the doc, unindented.
block() {
	python3 - "$doc" "$1" "$2" <<'PY'
import re, sys
doc, sec, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
blocks, cur, insec = [], None, False
for line in open(doc):
    if line.startswith("## "):
        insec = line.startswith("## %s. " % sec)
    if insec and line.startswith("    "):
        cur = cur if cur is not None else []
        cur.append(line[4:])
    elif cur is not None:
        blocks.append("".join(cur))
        cur = None
sys.stdout.write(blocks[k - 1] if k <= len(blocks) else "exit 99\n")
PY
}

p=$WORK/proj
mkdir -p "$p/src" "$p/lib"
cat > "$p/lib/foo.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
int foo_readable(const char *path);
int foo_readable(const char *path)
{
#ifdef FOO_V2
	return faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) == 0;
#else
	return access(path, R_OK) == 0;
#endif
}
C
cat > "$p/src/t1.c" <<'C'
int foo_readable(const char *path);
int main(void) { return foo_readable("/etc/passwd") ? 0 : 1; }
C
cat > "$p/src/t2.c" <<'C'
#include <stdio.h>
int main(void) { FILE *f = fopen("/etc/passwd", "r"); return f != NULL && fgetc(f) != EOF ? 0 : 1; }
C
cat > "$p/Makefile" <<'MK'
FOO ?= 1
all: build/t1 build/t2
build/libfoo.so: lib/foo.c
	mkdir -p build
	$(CC) -g -O1 -shared -fPIC $(if $(filter 2,$(FOO)),-DFOO_V2) -o $@ $<
build/t1: src/t1.c build/libfoo.so
	$(CC) -g -O1 -o $@ $< -Lbuild -lfoo -Wl,-rpath,'$$ORIGIN'
build/t2: src/t2.c
	$(CC) -g -O1 -o $@ $<
check: all
	./build/t1
	./build/t2
.PHONY: all check
MK
cd "$p" && git init -q && git add -A && git commit -qm "the project" && make -s all
check $? "the project builds"

block 1 1 > step1.sh && bash -e step1.sh > step1.out 2>&1
check $? "section 1: mkdir, record the suite with --exe, report, git add"
calls seccomp/approved.json x86_64 | grep -x access > /dev/null &&
	! grep -q '"/usr/bin/make"' seccomp/approved.json
check $? "the approved profile has the programs' calls, not make's"
git commit -qm "seccomp: approve" && git diff --quiet HEAD
check $? "the profile is committed"

block 2 1 > ci.sh
bash ci.sh > ci.out 2>&1
is "$?" 0 "section 2: the CI script passes while nothing changed"
grep -q "no system call added" ci.out
check $? "and says so"

rm build/libfoo.so && make -s FOO=2 all
bash ci.sh > ci.out 2>&1
is "$?" 1 "libfoo 2: the CI script fails the build"
grep -q "| x86_64 | \`faccessat2\` | 439 | 1 | \`foo_readable+0x[0-9a-f]*\` at \`foo.c:7\` in \`libfoo.so\` | newer twin of faccessat (269)" ci.out
check $? "with a markdown row naming faccessat2, libfoo's function and the older twin"
git diff --quiet HEAD -- seccomp/approved.json
check $? "seccomp/approved.json untouched by the CI run"

block 4 1 > approve.sh && bash -e approve.sh > approve.out 2>&1
check $? "section 4: --update, gen, git add, git commit"
git diff --quiet HEAD && calls seccomp/approved.json x86_64 | grep -x faccessat2 > /dev/null &&
	git show --stat HEAD | grep -q "src/seccomp_filter.c"
check $? "faccessat2 approved, profile and filter committed"
bash ci.sh > ci.out 2>&1
is "$?" 0 "the CI script passes again"

"$SANDCAST" record -q -o new.json --exe "$PWD/build/*" -- make check > /dev/null
block 4 2 > merge.sh && bash -e merge.sh
check $? "section 4: merge a full run in by hand"

block 5 1 > run.sh && bash run.sh > run.out 2>&1
check $? "section 5: the test programs under the approved filter"
git show HEAD~1:seccomp/approved.json > seccomp/approved.json # libfoo 1's
bash run.sh > run.out 2>&1
is "$?" 159 "section 5: libfoo 2 under the filter approved before: refused, exit 159"
grep -q "refused x86_64 faccessat2 (439)" run.out
check $? "and the refusal is named"
done_testing
