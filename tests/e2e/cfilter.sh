#!/bin/bash
# What is verified is what ships: verify, run --filter and record --baseline
# read a C filter through the C compiler, so that files whose text shows one
# program and whose build installs another (a /*/ comment, an #if 0 decoy)
# are judged by what they compile to; without a compiler they are refused
# with a clear message; a raw bpf file needs none. The code the driver runs
# is sandboxed.
. "$(dirname "$0")/../lib.sh"

w=$WORK
"${RECORD[@]}" -q -o "$w/p.json" -- "$PROGS/rare"
"$SANDCAST" gen -o "$w/f.c" "$w/p.json"
"$SANDCAST" gen --format bpf -o "$w/f.bpf" "$w/p.json"
"$SANDCAST" verify "$w/f.c" "$w/p.json" > /dev/null
check $? "gen's C filter passes verify"

# rebuild HOW OUT [SRC]: rebuild gen's file SRC (default f.c) into OUT with
# the lines BODY that the python code HOW makes of the array's lines
# PROGRAM, its declaration DECL and the file's lines HEAD before and TAIL
# after it.
rebuild() {
	python3 - "${3:-$w/f.c}" "$2" "$1" <<'PY'
import sys
src, out, how = sys.argv[1:]
lines = open(src).read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("static struct sock_filter "))
end = next(i for i in range(start, len(lines)) if lines[i] == "};")
head, decl, program, tail = lines[:start], lines[start], lines[start + 1:end], lines[end + 1:]
allow = "\tBPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),"
exec(how)
open(out, "w").write("\n".join(body) + "\n")
PY
}

# The text shows gen's program (without its comments); the compiler sees
# "/*/" open a comment that the next "/*/" closes, and builds an array that
# allows everything.
comment='import re
bare = [re.sub(r"/[*].*?[*]/", "", l) for l in program]
body = head + [decl, "/*/"] + bare + ["};", "/*/", allow, "};"] + tail'
# An #if 0 decoy: the first array in the text is gen's, the one built is not.
decoy='body = head + ["#if 0", decl] + program + ["};", "#else", decl, allow, "};", "#endif"] + tail'
rebuild "$comment" "$w/comment.c"
rebuild "$decoy" "$w/decoy.c"
for f in comment decoy; do
	${CC:-cc} -m64 -c -o "$w/$f.o" "$w/$f.c" 2> "$w/$f.cc"
	check $? "$f.c compiles"
	is "$(cat "$w/$f.cc")" "" "$f.c compiles without a warning (by default)"
	"$SANDCAST" verify "$w/$f.c" "$w/p.json" > "$w/$f.out" 2>&1
	is "$?" 1 "verify judges $f.c by what it compiles to: it fails"
	grep -q "got allow *want a deny action" "$w/$f.out"
	check $? "$f.c: calls that must be killed are allowed: $(sed -n 2p "$w/$f.out")"
done

# run --filter and record --baseline judge by the same program: the tricks
# played on the filter of sh -c true, whose text refuses the rare calls,
# build filters that allow them.
"${RECORD[@]}" -q -o "$w/t.json" -- sh -c true
"$SANDCAST" gen -o "$w/t.c" "$w/t.json"
rebuild "$comment" "$w/t-comment.c" "$w/t.c"
rebuild "$decoy" "$w/t-decoy.c" "$w/t.c"
"$SANDCAST" run --filter "$w/t.c" -- "$PROGS/rare" > /dev/null 2>&1
is "$?" 159 "run --filter t.c refuses the rare calls"
"$SANDCAST" run --filter "$w/t-comment.c" -- "$PROGS/rare" > /dev/null 2> "$w/run.err"
is "$?" 0 "run --filter t-comment.c runs under what it compiles to: nothing refused"
"${RECORD[@]}" -q --baseline "$w/t-decoy.c" -o "$w/new.json" -- "$PROGS/rare"
is "$(calls "$w/new.json" x86_64 | grep -c .)" 0 \
	"record --baseline t-decoy.c: the compiled filter allows every call, none is new"

# A comment, a macro, a line split: the compiler reads them, verify passes.
rebuild 'body = head + ["#define R(x) BPF_STMT(BPF_RET | BPF_K, x)", decl, "/* a */"] + program + ["};"] + tail' \
	"$w/macro.c"
"$SANDCAST" verify "$w/macro.c" "$w/p.json" > /dev/null
check $? "a file the compiler builds into gen's program passes, whatever its text"

# Files that do not compile, even those that made the old reader run past
# its buffer: an array or a comment that never ends.
rebuild 'body = head + [decl] + program' "$w/open-array.c"
rebuild 'body = head + [decl, "/*"] + program' "$w/open-comment.c"
for f in open-array open-comment; do
	"$SANDCAST" verify "$w/$f.c" "$w/p.json" > /dev/null 2> "$w/$f.err"
	is "$?" 2 "$f.c does not compile: verify refuses it"
	grep -q "sandcast verify: $w/$f.c: cannot compile: the C compiler failed" "$w/$f.err"
	check $? "and says so: $(tail -1 "$w/$f.err")"
done

# The function that installs: gen --function's name is found.
"$SANDCAST" gen --function my_filter -o "$w/named.c" "$w/p.json"
"$SANDCAST" verify "$w/named.c" "$w/p.json" > /dev/null
check $? "a filter installed by --function my_filter is read"
cat "$w/named.c" > "$w/two.c"
printf 'int other(void);\nint other(void) { return 0; }\n' >> "$w/two.c"
"$SANDCAST" verify "$w/two.c" "$w/p.json" 2> "$w/two.err"
is "$?" 2 "two functions, neither sandcast_install_filter: refused"
grep -q "cannot tell which of its functions installs the filter (my_filter, other)" "$w/two.err"
check $? "and says which: $(cat "$w/two.err")"
printf 'int f(void);\nint f(void) { return 0; }\n' > "$w/none.c"
"$SANDCAST" verify "$w/none.c" "$w/p.json" 2> "$w/none.err"
is "$?" 2 "a function that installs no filter: refused"
grep -q "f() returned without installing a filter" "$w/none.err"
check $? "and says so: $(cat "$w/none.err")"

# The driver runs the file's code in a sandbox: it may read files and hand
# the filter over, not write a file or start a program.
printf '%s\n' '#include <stdio.h>' 'int f(void);' \
	"int f(void) { FILE *o = fopen(\"$w/written\", \"w\"); return o != NULL; }" > "$w/writes.c"
"$SANDCAST" verify "$w/writes.c" "$w/p.json" 2> "$w/writes.err"
is "$?" 2 "a file whose code writes a file: refused"
[ ! -e "$w/written" ]
check $? "and the file was not written"
grep -q "its code made a system call the driver's sandbox refuses" "$w/writes.err"
check $? "and says so: $(cat "$w/writes.err")"
printf '%s\n' '#include <unistd.h>' 'int f(void);' \
	"int f(void) { return fork(); }" > "$w/forks.c"
"$SANDCAST" verify "$w/forks.c" "$w/p.json" 2> /dev/null
is "$?" 2 "a file whose code forks: refused"

# No compiler: refused, with what to do; a raw bpf file needs none.
CC=/nonexistent/cc "$SANDCAST" verify "$w/f.c" "$w/p.json" 2> "$w/nocc.err"
is "$?" 2 "no C compiler: verify refuses the C filter"
grep -q "no C compiler .*: install one, or give the output of 'sandcast gen --format bpf'" "$w/nocc.err"
check $? "and says what to do: $(cat "$w/nocc.err")"
CC=/nonexistent/cc "$SANDCAST" verify --runtime none "$w/f.bpf" "$w/p.json" > /dev/null
check $? "the bpf filter is read as bytes, without a compiler"
CC="${CC:-cc} -O2" "$SANDCAST" verify "$w/f.c" "$w/p.json" > /dev/null
check $? "\$CC is split into words as the shell does"
done_testing
