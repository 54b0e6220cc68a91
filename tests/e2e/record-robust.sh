#!/bin/bash
# sandcast record on hostile workloads: threads that end while others make
# calls, a tracee killed by SIGKILL from outside, an orphan reparented to a
# subreaper, children cloned with CLONE_UNTRACED (also under record
# --baseline and run), a background process that outlives the command,
# children forked while the tracer gives up, record under record, closed
# standard descriptors, a parallel make, a set-user-ID program.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"
cd "$WORK" || exit 2

# wait_for FILE: until FILE exists (at most 10 s).
wait_for() {
	for _ in $(seq 500); do [ -e "$1" ] && return 0; sleep 0.02; done
	return 1
}

each_abi threads
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:}
	"${RECORD[@]}" -q --stacks off -o churn.json -- "$prog" 2 20000 200
	is "$?" 0 "$arch: 800 threads that end while two others make calls"
	is "$(call_info churn.json "$arch" sched_yield | cut -d' ' -f2)" $((2 * 20000 + 12 * 200)) \
		"$arch: every sched_yield of every thread counted"
done

# A tracee killed from outside: the rest of the command goes on.
"${RECORD[@]}" -q -o killed.json -- sh -c \
	"$PROGS/threads 2 100000000 & echo \$! > pid; wait; $PROGS/rare" &
rec=$!
wait_for pid && sleep 0.2
kill -KILL "$(cat pid)"
wait $rec
is "$?" 0 "a tracee killed by SIGKILL mid-run: the command goes on and exits 0"
is "$(call_info killed.json x86_64 mq_notify | cut -d' ' -f2)" 1 "and what ran after is recorded"

# A child subreaper reaps the orphan reparented to it, with its status.
each_abi subreaper
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:}
	"${RECORD[@]}" -q -o reaper.json -- "$prog"
	is "$?" 0 "$arch: a subreaper reaps its orphaned grandchild (status 7) under record"
	is "$(call_info reaper.json "$arch" getsid | cut -d' ' -f2)" 1 "$arch: the grandchild's call recorded"
done

# A background process that outlives the command: record waits for it and
# records its calls, and exits with the command's status.
"${RECORD[@]}" -q -o bg.json -- sh -c "(sleep 0.3; $PROGS/rare) & exit 3"
is "$?" 3 "a background process outliving the command: the command's status"
is "$(call_info bg.json x86_64 mq_notify | cut -d' ' -f2)" 1 "record waited for it and recorded it"
# ... and one SIGTERM then kills what is left, since no command is there to get it.
"${RECORD[@]}" -q -o bg2.json -- sh -c "$PROGS/rare; sleep 30 & echo > done; exit 4" 2> bg2.err &
rec=$!
wait_for done && sleep 0.2
kill -TERM $rec
timeout 20 tail --pid=$rec -f /dev/null
check $? "once the command has ended, one SIGTERM ends record"
wait $rec
is "$?" 4 "with the command's own status"
grep -q "Terminated: killing the 1 processes still traced" bg2.err
check $? "saying that it killed what was left"
is "$(call_info bg2.json x86_64 mq_notify | cut -d' ' -f2)" 1 "and the profile is written"

# Giving up kills the children forked meanwhile too: no sleep outlives it.
# (A child forked just before is caught in about half of the runs: three.)
for round in 1 2 3; do
	rm -f forking
	"${RECORD[@]}" -q --stacks off -o fork.json -- sh -c \
		"trap '' TERM; echo > forking; while :; do sleep 30 & done" 2> /dev/null &
	rec=$!
	wait_for forking && sleep 0.3
	kill -TERM $rec; sleep 0.2; kill -TERM $rec
	timeout 20 tail --pid=$rec -f /dev/null
	check $? "round $round: a second SIGTERM ends record while the command keeps forking"
	wait $rec
	is "$?" 137 "round $round: the command was killed: 128+9"
done

# Children started with CLONE_UNTRACED (LeakSanitizer's helper) are traced
# all the same: else each of their calls would fail with ENOSYS.
# without NAME IN OUT: write OUT, the profile IN without the call NAME.
without() {
	python3 -c 'import json, sys
p = json.load(open(sys.argv[2]))
p["syscalls"] = [c for c in p["syscalls"] if c.get("name") != sys.argv[1]]
json.dump(p, open(sys.argv[3], "w"))' "$@"
}

each_abi untraced
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:}
	timeout 20 "${RECORD[@]}" -q -o untraced.json -- "$prog"
	is "$?" 0 "$arch: children cloned with CLONE_UNTRACED make their calls"
	is "$(call_info untraced.json "$arch" getsid | cut -d' ' -f2)" 2 "$arch: and are recorded"

	# Under filters that allow clone and clone3 outright, too: they still
	# stop, so that the flag is cleared; approved, they are no new call and
	# no refusal. Approved but for getsid, the children's getsid is new.
	# (--baseline and run trace with ptrace whatever the backend: once.)
	[ "$BACKEND" = ptrace ] || continue
	without getsid untraced.json nogetsid.json
	without clone untraced.json noclone.json
	timeout 20 "$SANDCAST" record -o base.json --baseline untraced.json -- "$prog" 2> base.err
	is "$?" 0 "$arch: --baseline approving all: exit 0"
	grep -q "^sandcast record: 3 processes, 0 calls;" base.err
	check $? "$arch: the children traced, their clone not new: $(cat base.err)"
	timeout 20 "$SANDCAST" record -q -o base.json --baseline nogetsid.json -- "$prog"
	is "$?" 0 "$arch: --baseline without getsid: the children make their calls"
	is "$(calls base.json "$arch" | tr '\n' ' ')" "getsid " "$arch: and getsid alone is new"
	is "$(call_info base.json "$arch" getsid | cut -d' ' -f2)" 2 "$arch: made twice"
	timeout 20 "$SANDCAST" record -q -o base.json --baseline noclone.json -- "$prog"
	is "$(calls base.json "$arch" | tr '\n' ' ')" "clone " "$arch: --baseline without clone: clone is new"
	timeout 20 "$SANDCAST" run --filter untraced.json -- "$prog" 2> run.err
	is "$?" 0 "$arch: run under the filter of all: exit 0"
	is "$(cat run.err)" "" "$arch: no refusal"
	timeout 20 "$SANDCAST" run --filter nogetsid.json -- "$prog" 2> run.err
	is "$?" 159 "$arch: run under the filter without getsid: 159"
	grep -q "^  $arch getsid ([0-9]*): 2 calls by $prog\$" run.err
	check $? "$arch: both children's getsid refused: $(grep ' calls* by' run.err)"
done

# record under record: the inner one cannot catch the calls (one tracer a
# process, one listener a filter chain), says why, and nothing hangs.
# (No leak check in a sanitized build: LeakSanitizer needs ptrace itself.)
ASAN_OPTIONS=detect_leaks=0 timeout 20 "${RECORD[@]}" -q -o outer.json -- "${RECORD[@]}" -o inner.json -- true 2> nested.err
is "$?" 125 "record under record: 125"
if [ "$BACKEND" = ptrace ]; then
	grep -q "sandcast is itself traced, by process [0-9]* (sandcast)" nested.err
	check $? "saying that sandcast is traced, and by whom"
else
	grep -q "sandcast runs under a seccomp filter with a listener already" nested.err
	check $? "saying that sandcast runs under a listener already"
fi

# Standard descriptors closed: the profile is whole all the same.
"${RECORD[@]}" -q -o closed.json -- "$PROGS/rare" <&- >&- 2>&-
is "$?" 0 "stdin, stdout and stderr closed: exit 0"
is "$(call_info closed.json x86_64 mq_notify | cut -d' ' -f2)" 1 "and the profile is complete"

# A parallel make: a tree of make, sh and programs, every one followed.
printf 'all: a b c d\na b c d:\n\t@%s/rare\n\t@sh -c "%s/rare"\n' "$PROGS" "$PROGS" > Makefile
"${RECORD[@]}" -o make.json -- make -s -j2 2> make.err
is "$?" 0 "make -j2 of four targets exits 0"
is "$(call_info make.json x86_64 mq_notify | cut -d' ' -f2)" 8 "every one of the 8 programs recorded"
printf 'all:\n\t@exit 5\n' > Makefile
"${RECORD[@]}" -q -o make.json -- make -s 2> /dev/null
is "$?" 2 "a failing make: make's own status 2"

# A set-user-ID program runs without its privileges (no_new_privs).
cp "$PROGS/ids" ids && chmod 4755 ids
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv > /dev/null ||
	[ "$(setpriv --reuid=65534 --regid=65534 --clear-groups ./ids)" != "65534 0" ]; then
	skip "set-user-ID program under record" "needs root, setpriv and a file system without nosuid"
else
	is "$("${RECORD[@]}" -q -o suid.json -- setpriv --reuid=65534 --regid=65534 \
		--clear-groups ./ids)" "65534 65534" "a set-user-ID root program runs as the caller"
fi
done_testing
