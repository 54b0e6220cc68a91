#!/bin/bash
# What only the notify backend of sandcast record has to get right: which
# backend auto takes; thread ids that a new process takes over from one
# that ended; calls interrupted by signals counted once; record under
# strace -f; a command's own listener (EBUSY); the command dying with
# sandcast; the listener not left to the command.
. "$(dirname "$0")/../lib.sh"
cd "$WORK" || exit 2

# backend PROFILE: the backend its first run names.
backend() {
	json "$1" 'd["runs"][0]["backend"]'
}

if ! "$SANDCAST" record -q --backend notify -o probe.json -- true 2> probe.err; then
	# A kernel before 6.9: auto takes ptrace, and notify says why it cannot.
	grep -q "needs Linux 6.9 or later" probe.err
	check $? "--backend notify on this kernel says what it needs: $(cat probe.err)"
	"$SANDCAST" record -q --stacks off -o a.json -- "$PROGS/rare"
	is "$(backend a.json)" ptrace "auto with --stacks off falls back to ptrace here"
	skip "the notify backend" "this kernel lacks it ($(uname -r)): make check-vm runs it on 6.12"
	done_testing
fi

# auto: notify when --stacks off is given, no --baseline; else ptrace.
"$SANDCAST" record -q --stacks off -o a.json -- "$PROGS/rare"
is "$(backend a.json)" notify "auto with --stacks off: notify"
"$SANDCAST" record -q -o b.json -- "$PROGS/rare"
is "$(backend b.json)" ptrace "auto with stacks (the default): ptrace"
"$SANDCAST" record -q --stacks 3 -o b.json -- "$PROGS/rare"
is "$(backend b.json)" ptrace "auto with --stacks 3: ptrace"
"$SANDCAST" record -q --stacks off --baseline b.json -o c.json -- "$PROGS/rare"
is "$(backend c.json)" ptrace "auto with --baseline: ptrace"
"$SANDCAST" record -q --backend ptrace --stacks off -o d.json -- "$PROGS/rare"
is "$(backend d.json)" ptrace "--backend ptrace --stacks off: ptrace"
"$SANDCAST" record -q --backend notify -o e.json -- "$PROGS/stacks" threads > /dev/null
is "$(backend e.json)" notify "--backend notify: notify"
is "$(json e.json 'sum(len(c.get("stacks", [])) for c in d["syscalls"])')" 0 \
	"--backend notify implies --stacks off"

"$SANDCAST" record --backend notify --stacks 4 -o f.json -- true 2> err
is "$?" 125 "--backend notify --stacks 4: 125"
grep -q "records no stacks" err
check $? "saying that notify records no stacks"
"$SANDCAST" record --backend notify --baseline b.json -o f.json -- true 2> err
is "$?" 125 "--backend notify --baseline: 125"
grep -q "baseline records with ptrace" err
check $? "saying that --baseline records with ptrace"
"$SANDCAST" record --backend trap -o f.json -- true 2> err
is "$?" 125 "an unknown backend: 125"
grep -q "auto, ptrace, notify" err
check $? "listing the backends"

# Thread ids taken over by new processes, in a pid namespace of sandcast's
# own where ns_last_pid can be set: each call still carries the executable
# and the process that made it.
if unshare -Urpf --mount-proc true 2> /dev/null; then
	out=$(unshare -Urpf --mount-proc "$SANDCAST" record --backend notify -o reuse.json -- \
		"$PROGS/tidreuse" 30 "$PROGS/rare" 2> reuse.err)
	is "$?" 0 "tid reuse: 30 rounds run"
	is "$out" 60 "all 60 ids were taken over (30 by a process, 30 from a thread)"
	is "$(call_info reuse.json x86_64 getsid | cut -d' ' -f2-)" "30 $PROGS/tidreuse" \
		"getsid of the process on a reused pid: tidreuse's, not rare's"
	is "$(call_info reuse.json x86_64 mq_notify | cut -d' ' -f2-)" "60 $PROGS/rare" \
		"mq_notify of rare on a reused pid or thread id: rare's"
	grep -q "record: 91 processes," reuse.err
	check $? "91 processes: one on a thread's old id is a process of its own"
else
	skip "thread id reuse" "unshare -Urpf (a user and pid namespace) is not allowed here"
fi

# Calls interrupted by a signal before sandcast took them are withdrawn and
# made again (SA_RESTART) or fail with EINTR: counted once, when they ran.
for mode in restart intr; do
	read -r returned signals < <("$SANDCAST" record -q --backend notify -o sig.json -- \
		"$PROGS/sigcalls" 20000 $mode)
	printf '# %s: %s of 20000 returned, %s signals\n' $mode "$returned" "$signals"
	[ "${signals:-0}" -gt 100 ]
	check $? "$mode: the calls were interrupted by signals"
	is "$(call_info sig.json x86_64 getppid | cut -d' ' -f2)" "$returned" \
		"$mode: getppid counted as often as it returned"
done

# Under another tracer: notify needs no ptrace. (No leak check in a
# sanitized build: LeakSanitizer needs ptrace itself.)
export ASAN_OPTIONS=detect_leaks=0
if command -v strace > /dev/null; then
	strace -f -qq -o /dev/null "$SANDCAST" record -q --backend notify -o st.json -- "$PROGS/rare" 2
	is "$?" 0 "record --backend notify under strace -f"
	is "$(call_info st.json x86_64 mq_notify | cut -d' ' -f2)" 2 "records every call"
	strace -f -qq -o /dev/null "$SANDCAST" record -q --backend ptrace -o st.json -- "$PROGS/rare" 2> /dev/null
	is "$?" 125 "where --backend ptrace cannot trace"
else
	skip "record under strace -f" "strace not installed"
fi
unset ASAN_OPTIONS

# A command that traces itself: LeakSanitizer's check works under notify,
# where under ptrace it cannot attach to the command's threads.
printf '#include <stdlib.h>\nvoid *p;\nint main(void) { p = malloc(10); p = 0; return 0; }\n' > leak.c
if gcc -fsanitize=address -o leak leak.c 2> /dev/null && ./leak 2> /dev/null; [ $? -eq 1 ]; then
	"$SANDCAST" record -q --backend notify -o lsan.json -- ./leak 2> lsan.err
	is "$?" 1 "an ASan build with a leak under notify: LeakSanitizer's status"
	grep -q "SUMMARY: AddressSanitizer: 10 byte(s) leaked" lsan.err
	check $? "and its report of the leak"
else
	skip "LeakSanitizer under notify" "gcc -fsanitize=address cannot build here"
fi

# record --backend ptrace under record --backend notify: the outer filter's
# SECCOMP_RET_USER_NOTIF wins over SECCOMP_RET_TRACE, and the inner one says
# that it misses those calls.
"$SANDCAST" record -q --backend notify -o outer.json -- \
	"$SANDCAST" record --backend ptrace -o inner.json -- "$PROGS/rare" 2> inner.err
is "$?" 0 "record --backend ptrace under record --backend notify runs"
grep -q "runs under a seccomp filter with a listener" inner.err
check $? "and warns that the calls go to that listener"
is "$(call_info outer.json x86_64 mq_notify | cut -d' ' -f2)" 1 "which records them"
"$SANDCAST" record -q --backend ptrace -o plain.json -- "$PROGS/rare" 2> plain.err
is "$(cat plain.err)" "" "no such warning outside"

# A command's own listener: one per filter chain.
each_abi listener
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:}
	is "$("$SANDCAST" record -q --backend ptrace -o l.json -- "$prog")" listener \
		"$arch: under ptrace a command gets a listener of its own"
	out=$("$SANDCAST" record -q --backend notify -o l.json -- "$prog")
	is "$?:$out" "1:Device or resource busy" "$arch: under notify it gets EBUSY"
done

# The listener is sandcast's alone: the command has no descriptor of it.
"$SANDCAST" record -q --backend notify -o fd.json -- sh -c \
	'for f in /proc/$$/fd/*; do readlink "$f"; done' > fds
grep -q . fds
check $? "the command lists its descriptors"
is "$(grep -c seccomp fds)" 0 "none is a seccomp listener"

# sandcast killed: the command dies with it (PR_SET_PDEATHSIG).
"$SANDCAST" record -q --backend notify -o die.json -- sleep 30 &
rec=$!
for _ in $(seq 250); do
	tracee=$(pgrep -P $rec -x sleep) && break
	sleep 0.02
done
kill -KILL $rec
wait $rec 2> /dev/null
for _ in $(seq 250); do
	kill -0 "$tracee" 2> /dev/null || break
	sleep 0.02
done
! kill -0 "$tracee" 2> /dev/null
check $? "sandcast killed: the command dies too"
done_testing
