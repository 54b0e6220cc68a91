#!/bin/bash
# sandcast record follows every thread and process: threads, an exec from a
# thread other than the leader, fork/vfork/posix_spawn/clone3, a fork bomb of
# 511 processes; and it exits with the command's status.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"

# summary FILE: the "N processes" of record's last line.
summary_procs() {
	sed -n 's/^sandcast record: \([0-9]*\) process.*/\1/p' "$1"
}

each_abi threads
for t in "${ABIS[@]}"; do
	arch=${t#*:} suffix=$(abi_suffix "${t#*:}")
	"${RECORD[@]}" -q -o "$WORK/t.json" -- "$PROGS/threads$suffix" 8 100
	is "$?" 0 "$arch: 8 threads run to the end"
	is "$(call_info "$WORK/t.json" $arch sched_yield | cut -d' ' -f2)" 800 \
		"$arch: every one of the 8 x 100 sched_yield calls counted"

	"${RECORD[@]}" -q -o "$WORK/te.json" -- "$PROGS/thread-exec$suffix" "$PROGS/rare$suffix"
	is "$?" 0 "$arch: exec from a non-leader thread runs the new program"
	is "$(call_info "$WORK/te.json" $arch kcmp | cut -d' ' -f2-)" "1 $PROGS/rare$suffix" \
		"$arch: the exec'd program's calls carry its executable"
	is "$(call_info "$WORK/te.json" $arch execve | cut -d' ' -f2-)" "1 $PROGS/thread-exec$suffix" \
		"$arch: the execve carries the old one"

	"${RECORD[@]}" -o "$WORK/s.json" -- "$PROGS/spawns$suffix" 2> "$WORK/s.err"
	is "$?" 0 "$arch: fork, vfork, posix_spawn and clone3 children all exit 0"
	is "$(summary_procs "$WORK/s.err")" 5 "$arch: 5 processes traced"
	is "$(call_info "$WORK/s.json" $arch getsid | cut -d' ' -f2)" 4 "$arch: each child's getsid recorded"
done

"${RECORD[@]}" -o "$WORK/bomb.json" -- "$PROGS/forkbomb" 8 2> "$WORK/bomb.err"
is "$?" 0 "a fork bomb of 511 processes finishes"
is "$(summary_procs "$WORK/bomb.err")" 511 "all 511 processes traced"
is "$(call_info "$WORK/bomb.json" x86_64 getsid | cut -d' ' -f2)" 511 "every process's getsid recorded"

"${RECORD[@]}" -q -o "$WORK/st.json" -- sh -c 'exit 3'
is "$?" 3 "exit status 3 propagated"
"${RECORD[@]}" -q -o "$WORK/st.json" -- sh -c 'kill -SEGV $$'
is "$?" 139 "death by SIGSEGV: 128+11"
"${RECORD[@]}" -q -o "$WORK/st.json" -- sh -c 'kill -TERM $$'
is "$?" 143 "death by SIGTERM: 128+15"
grep -q '"exit": 143' "$WORK/st.json"
check $? "the run's status is in the profile"

rm -f "$WORK/none.json"
"${RECORD[@]}" -o "$WORK/none.json" -- no-such-command-here 2> "$WORK/err"
is "$?" 127 "command not found: 127"
is "$(cat "$WORK/err")" "sandcast record: 'no-such-command-here': command not found" "with one line saying so"
printf 'not a program\n' > "$WORK/plain"; chmod 644 "$WORK/plain"
"${RECORD[@]}" -o "$WORK/none.json" -- "$WORK/plain" 2> "$WORK/err"
is "$?" 126 "not executable: 126"
is "$(wc -l < "$WORK/err")" 1 "with one line"
grep -q "cannot execute: Permission denied" "$WORK/err"
check $? "that says why"
chmod 755 "$WORK/plain"
"${RECORD[@]}" -o "$WORK/none.json" -- "$WORK/plain" 2> "$WORK/err"
is "$?" 126 "executable but no known format: 126"
grep -q "Exec format error" "$WORK/err"
check $? "that says why"
test ! -e "$WORK/none.json"
check $? "no profile written for a command that never ran"
"${RECORD[@]}" --bogus -- true 2> /dev/null
is "$?" 125 "a bad option: 125, sandcast's own failure"
"${RECORD[@]}" -o /nonexistent-dir/p.json -- true 2> "$WORK/err"
is "$?" 125 "an unwritable profile: 125"
grep -q "cannot write profile '/nonexistent-dir/p.json'" "$WORK/err"
check $? "said before the command runs"
mkdir "$WORK/dir.json"
"${RECORD[@]}" -o "$WORK/dir.json" -- sh -c "echo ran > $WORK/ran" 2> "$WORK/err"
is "$?" 125 "a directory as the profile: 125"
grep -q "cannot write profile '$WORK/dir.json': it is a directory" "$WORK/err"
check $? "said"
test ! -e "$WORK/ran"
check $? "before the command runs"
done_testing
