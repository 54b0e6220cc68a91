#!/bin/bash
# Learn mode end to end, for x86-64, i386 and x32 (tests/progs/learn.c):
# a program built with its filter and -DSANDCAST_LEARN, whose profile missed
# a call made by a new thread and one made by a signal handler, runs to
# completion; the log, imported, holds exactly those calls with the stacks
# record gives; the filter regenerated from the merged profile runs it under
# kill-process. Then, against the profile of a program that did nothing:
# masks set in and out of a handler, a thread (clone3 fails with ENOSYS,
# clone goes through the trampoline), fork, vfork and posix_spawn, a program
# that sets SIGSYS, execve, the log on standard error, a log cut short.
. "$(dirname "$0")/../lib.sh"

# build OUT FILTER.c ARCH [CFLAGS...]: the learn program with FILTER.c in it.
build() {
	local out=$1 filter=$2 arch=$3; shift 3
	gcc "$(abi_cflag "$arch")" -std=gnu11 -g -O1 -D_GNU_SOURCE -fno-omit-frame-pointer \
		-DSANDCAST_FILTER_C="\"$filter\"" -o "$out" "$top/tests/progs/learn.c" -lpthread "$@"
}

# folded PROFILE NAME: the stacks of call NAME as folded frames, without
# the arch and the executable (they differ between builds).
folded() {
	"$SANDCAST" report --format folded "$1" | grep ";$2 [0-9]*\$" | cut -d';' -f3- | sort
}

# regenerated PROFILE... -- ARGS...: merge the profiles, generate the filter,
# build the program with it (no learn mode) and run it with ARGS; its
# status and output on one line.
regenerated() {
	local profiles=() out
	while [ "$1" != -- ]; do profiles+=("$1"); shift; done; shift
	"$SANDCAST" merge -o "$w/merged.json" "${profiles[@]}" &&
		"$SANDCAST" gen -o "$w/merged.c" "$w/merged.json" &&
		build "$w/regen" "$w/merged.c" "$arch" || { echo "no build"; return; }
	out=$("$w/regen" "$@" 2>&1)
	echo "$?:$out" | tr '\n' '|'
}

each_abi learn
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:} w=$WORK/$arch
	mkdir -p "$w"

	# The program as it was recorded: a thread and a SIGUSR1 handler.
	"${RECORD[@]}" -q -o "$w/run.json" -- "$prog" run > /dev/null
	"$SANDCAST" gen -o "$w/run.c" "$w/run.json" && build "$w/learn" "$w/run.c" "$arch" -DSANDCAST_LEARN
	check $? "$arch: the program builds with its filter and -DSANDCAST_LEARN"
	out=$(SANDCAST_LEARN_LOG=$w/run.log "$w/learn" run extra 2> "$w/run.err"); st=$?
	is "$st:$(echo "$out" | tr '\n' '|')" "0:learn: thread getppid worked|learn: handler getpgid worked|" \
		"$arch: the thread's getppid and the handler's getpgid, which the profile lacks, run"
	is "$(cat "$w/run.err")" "" "$arch: nothing on standard error (the log is a file)"
	"$SANDCAST" import -o "$w/learned.json" "$w/run.log"
	is "$(calls "$w/learned.json" "$arch" | tr '\n' ' ')" "getpgid getppid " \
		"$arch: the log, imported, holds exactly those two calls"
	is "$(json "$w/learned.json" '[c["count"] for c in d["syscalls"]]' | tr '\n' ' ')" "1 1 " \
		"$arch: once each"
	folded "$w/learned.json" getppid | grep -q ';learn_thread_main;'
	check $? "$arch: getppid's stack names the thread's function: $(folded "$w/learned.json" getppid)"
	folded "$w/learned.json" getpgid | grep -q ';learn_on_signal;'
	check $? "$arch: getpgid's stack names the handler: $(folded "$w/learned.json" getpgid)"
	"${RECORD[@]}" -q -o "$w/recorded.json" -- "$prog" run extra > /dev/null
	for c in getppid getpgid; do
		is "$(folded "$w/learned.json" $c)" "$(folded "$w/recorded.json" $c)" \
			"$arch: $c: the learned stack is the one record gives"
	done
	is "$(regenerated "$w/run.json" "$w/learned.json" -- run extra)" \
		"0:learn: thread getppid worked|learn: handler getpgid worked|" \
		"$arch: the filter regenerated from the merged profile runs it under kill-process"

	# A program that did nothing: each mode below learns what it needs.
	"${RECORD[@]}" -q -o "$w/none.json" -- "$prog" none > /dev/null
	"$SANDCAST" gen -o "$w/none.c" "$w/none.json" && build "$w/learn0" "$w/none.c" "$arch" -DSANDCAST_LEARN
	check $? "$arch: the build for a profile of nothing"
	learn0() { SANDCAST_LEARN_LOG=$w/$1.log "$w/learn0" "$@" 2> "$w/$1.err" | tr '\n' '|'; echo "${PIPESTATUS[0]}"; }

	is "$(learn0 mask extra)" "learn: mask in a handler: right|learn: mask in main: right|learn: SIGSYS not blocked|learn: getppid worked|0" \
		"$arch: sigprocmask in a handler changes the mask its return restores; SIGSYS is never blocked"
	is "$(learn0 thread)" "learn: hello from a thread|learn: thread joined|0" "$arch: a thread"
	"$SANDCAST" import -o "$w/thread.json" "$w/thread.log"
	is "$(calls "$w/thread.json" "$arch" | grep -x 'clone3\|clone' | tr '\n' ' ')" "clone clone3 " \
		"$arch: clone3 learned (and failed with ENOSYS), then clone"
	is "$(regenerated "$w/none.json" "$w/thread.json" -- thread)" \
		"0:learn: hello from a thread|learn: thread joined|" "$arch: thread: the regenerated filter runs it"

	is "$(learn0 fork "$prog")" "learn: fork child exited 0|learn: none|learn: vfork child exited 0|learn: none|learn: posix_spawn child exited 0|0" \
		"$arch: fork, vfork then execve, posix_spawn"
	"$SANDCAST" import -o "$w/fork.json" "$w/fork.log"
	is "$(calls "$w/fork.json" "$arch" | grep -x 'vfork\|clone\|wait4\|waitpid' | tr '\n' ' ')" \
		"clone vfork wait4 " \
		"$arch: vfork, clone and the wait learned"
	is "$(regenerated "$w/none.json" "$w/fork.json" -- fork "$prog")" \
		"0:learn: fork child exited 0|learn: none|learn: vfork child exited 0|learn: none|learn: posix_spawn child exited 0|" \
		"$arch: fork: the regenerated filter runs it"

	is "$(learn0 sigsys)" "learn: SIGSYS handler: -1, errno 22|learn: SIGSYS SIG_IGN: -1, errno 22|learn: SIGSYS SIG_DFL: 0|learn: SIGSYS its own again: 0|learn: getppid worked|0" \
		"$arch: a SIGSYS handler or SIG_IGN fails with EINVAL, SIG_DFL does nothing; learning goes on"
	is "$(grep -c "the program's own SIGSYS handler is refused" "$w/sigsys.err")" 2 \
		"$arch: and each refusal says so on standard error"

	# execve, which the profile lacks (record starts after it): learned; the
	# program it starts runs under the filter with no handler, so a call the
	# filter refuses kills it.
	is "$(learn0 exec "$prog" none)" "learn: none|0" "$arch: execve runs the program"
	is "$("$SANDCAST" import "$w/exec.log" | json - '[c["name"] for c in d["syscalls"]]')" execve \
		"$arch: and is learned"
	rm -f "$w/exec.log"
	is "$(learn0 exec "$prog" ppid):$(wc -l < "$w/exec.log")" "159:1" \
		"$arch: a program it executes dies of a call the filter refuses (SIGSYS, no handler after execve), unlogged"

	# The log on standard error, among the program's own messages.
	(echo "a message of the program"; "$w/learn" run extra) 2>&1 > /dev/null | cat > "$w/stderr.log"
	is "$("$SANDCAST" import "$w/stderr.log" 2>&1 | json - 'sorted(c["name"] for c in d["syscalls"])' | tr '\n' ' ')" \
		"getpgid getppid " "$arch: with no SANDCAST_LEARN_LOG, the records go to standard error"
done

# A log cut short: its last record is left out with a warning that names
# the line; a record that is not one is refused with its file and line.
w=$WORK/x86_64
{ cat "$w/run.log"; head -c 60 "$w/run.log"; } > "$w/cut.log"
"$SANDCAST" import -o "$w/cut.json" "$w/cut.log" 2> "$w/cut.err"
is "$?:$(cat "$w/cut.err")" "0:sandcast import: warning: $w/cut.log:3: the last record is cut short (the program died while writing it): left out" \
	"a log cut short: imported, its last line left out with a warning"
cmp -s "$w/cut.json" "$w/learned.json"; check $? "the same profile as without the cut line"
{ head -1 "$w/run.log"; echo "sandcast-learn 1 x86_64 39 0x0"; } > "$w/bad.log"
"$SANDCAST" import "$w/bad.log" > /dev/null 2> "$w/bad.err"
is "$?:$(cat "$w/bad.err")" "2:sandcast import: $w/bad.log:2: the arguments: '0x0' is not six 0x numbers and commas" \
	"a malformed record: refused with its file and line"
done_testing
