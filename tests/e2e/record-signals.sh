#!/bin/bash
# Under sandcast record, signals reach the command as without it (handlers,
# group-stop seen by the parent, SIGSTOP/SIGCONT from outside), and Ctrl-C or
# SIGTERM to sandcast still leaves a profile of what was recorded.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"

each_abi signals
for t in "${ABIS[@]}"; do
	suffix=$(abi_suffix "${t#*:}")
	"$PROGS/signals$suffix"
	is "$?" 0 "signals$suffix: handler, stop/continue seen by the parent, sigwaitinfo (native)"
	"${RECORD[@]}" -q -o "$WORK/sig.json" -- "$PROGS/signals$suffix"
	is "$?" 0 "signals$suffix: the same under record"
done

# SIGSTOP from outside stops the tracee until SIGCONT.
"${RECORD[@]}" -q -o "$WORK/stop.json" -- sleep 0.3 &
rec=$!
for _ in $(seq 100); do
	tracee=$(pgrep -P $rec -x sleep) && break
	sleep 0.02
done
kill -STOP "$tracee"
sleep 1
kill -0 "$tracee" 2> /dev/null
check $? "a tracee stopped by SIGSTOP stays stopped (its 0.3 s sleep outlasted)"
state=$(awk '/^State:/ { print $2 }' "/proc/$tracee/status")
case $state in t|T) true ;; *) false ;; esac
check $? "it is in a stop (state $state)"
kill -CONT "$tracee"
wait $rec
is "$?" 0 "after SIGCONT it finishes and record exits 0"

mkfifo "$WORK/ready"
# Ctrl-C on a real terminal: SIGINT to the whole foreground process group.
python3 - "$SANDCAST" "$WORK/intr.json" "$PROGS/rare" "$WORK/ready" "$BACKEND" > "$WORK/intr.out" <<'PY'
import os, pty, sys
sandcast, out, rare, ready, backend = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(sandcast, [sandcast, "record", "--backend", backend, "-o", out, "--", "sh", "-c",
        '%s; echo > %s; exec sleep 30' % (rare, ready)])
open(ready).read()
os.write(fd, b"\x03")
while True:
    try:
        if not os.read(fd, 1024):
            break
    except OSError:
        break
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
is "$(cat "$WORK/intr.out")" 130 "Ctrl-C: record exits 130 as the command did"
is "$(call_info "$WORK/intr.json" x86_64 mq_notify | cut -d' ' -f2)" 1 "Ctrl-C: the profile holds what ran before"

"${RECORD[@]}" -q -o "$WORK/term.json" -- sh -c "$PROGS/rare; echo > $WORK/ready; exec sleep 30" &
rec=$!
cat "$WORK/ready" > /dev/null
kill -TERM $rec
wait $rec
is "$?" 143 "SIGTERM to sandcast is passed on: the command dies of it, 128+15"
is "$(call_info "$WORK/term.json" x86_64 mq_notify | cut -d' ' -f2)" 1 "SIGTERM: the profile holds what ran before"

"${RECORD[@]}" -q -o "$WORK/term2.json" -- sh -c "trap '' TERM; $PROGS/rare; echo > $WORK/ready; sleep 30; :" 2> "$WORK/term2.err" &
rec=$!
cat "$WORK/ready" > /dev/null
kill -TERM $rec
sleep 0.2
kill -0 $rec 2> /dev/null
check $? "a command that ignores SIGTERM keeps running"
kill -TERM $rec
wait $rec
is "$?" 137 "a second SIGTERM kills the traced processes: 128+9"
grep -q "Terminated: killing the [0-9]* processes still traced" "$WORK/term2.err"
check $? "and says so"
is "$(call_info "$WORK/term2.json" x86_64 mq_notify | cut -d' ' -f2)" 1 "the profile is still written"
done_testing
