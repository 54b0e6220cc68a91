#!/bin/bash
# Nothing recorded is lost, and no file is half-written: a stop signal at
# each moment of record's life (before its handlers, during the run, after
# the command ended, during the save, twice) leaves a valid profile of what
# was recorded, or the old one untouched; no temporary file stays, even
# after SIGKILL; --append that cannot write leaves no empty file.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"

RARE="$PROGS/rare"
# tmp_files DIR: the temporary files left in DIR.
tmp_files() {
	ls -A "$1" | grep -c '\.tmp\.'
}
# mq PROFILE: how many mq_notify calls PROFILE holds (the rare program's).
mq() {
	call_info "$1" x86_64 mq_notify | cut -d' ' -f2
}
# hold_lock FILE: hold an exclusive flock on FILE in the background (as
# another record --append would) until killed; $holder is its pid (of
# python itself, not of a shell running the python3 function).
hold_lock() {
	"$PYTHON3" -c 'import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.flock(f, fcntl.LOCK_EX); print(flush=True); time.sleep(60)' \
		"$1" > "$WORK/locked" &
	holder=$!
	while [ ! -s "$WORK/locked" ]; do sleep 0.02; done
	rm -f "$WORK/locked"
}
# wait_syscall PID NR: wait (up to 5 s) until process PID is in system call NR.
wait_syscall() {
	for _ in $(seq 250); do
		[ "$(cut -d' ' -f1 "/proc/$1/syscall" 2> /dev/null)" = "$2" ] && return 0
		sleep 0.02
	done
	return 1
}

# Before the handlers: a SIGTERM pending when sandcast starts (blocked, as
# one that came during its exec would be) is handled once they are there.
d="$WORK/before"
mkdir "$d"
echo '{"not": "replaced"}' > "$d/p.json"
python3 - "$SANDCAST" "$BACKEND" "$d" <<'PY' > "$d/status" 2> "$d/err"
import os, signal, sys
sandcast, backend, d = sys.argv[1:]
pid = os.fork()
if pid == 0:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    os.kill(os.getpid(), signal.SIGTERM)
    os.execv(sandcast, [sandcast, "record", "--backend", backend, "-o", d + "/p.json",
                        "--", "sh", "-c", "touch " + d + "/ran"])
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
is "$(cat "$d/status")" 143 "a SIGTERM before the handlers: record exits 128+15"
[ ! -e "$d/ran" ]
check $? "and the command never ran"
is "$(cat "$d/p.json")" '{"not": "replaced"}' "and the old profile is untouched"
grep -q "Terminated before the command started: nothing recorded" "$d/err"
check $? "and it says so"
is "$(tmp_files "$d")" 0 "no temporary file"

# During the run: passed on to the command, the profile written.
d="$WORK/run"
mkdir "$d"
mkfifo "$d/ready"
"${RECORD[@]}" -q -o "$d/p.json" -- sh -c "$RARE; echo > $d/ready; exec sleep 30" &
rec=$!
cat "$d/ready" > /dev/null
kill -HUP $rec
wait $rec
is "$?" 129 "SIGHUP during the run: the command dies of it, record exits 129"
is "$(mq "$d/p.json")" 1 "the profile holds the calls made before"

# After the command ended, a background child still traced: it is killed.
d="$WORK/after"
mkdir "$d"
mkfifo "$d/ready"
"${RECORD[@]}" -q -o "$d/p.json" -- sh -c "$RARE; (echo > $d/ready; exec sleep 30) &" \
	2> "$d/err" &
rec=$!
cat "$d/ready" > /dev/null
for _ in $(seq 100); do
	pgrep -P $rec > /dev/null || break
	sleep 0.02
done
kill -TERM $rec
wait $rec
is "$?" 0 "SIGTERM after the command ended: record exits with the command's 0"
is "$(mq "$d/p.json")" 1 "the profile holds what was recorded"
grep -q "killing the 1 processes still traced" "$d/err"
check $? "the background child was killed"

# During the save (record --append waits for the lock another holds), twice.
# (A background job ignores SIGINT: these tests send the others.)
d="$WORK/save"
mkdir "$d"
"${RECORD[@]}" -q -o "$d/p.json" -- "$RARE"
hold_lock "$d/p.json"
"${RECORD[@]}" -q --append -o "$d/p.json" -- "$RARE" 2 &
rec=$!
wait_syscall $rec 73
check $? "record --append waits for the lock (flock, 73)"
kill -HUP $rec
sleep 0.1
kill -TERM $rec
sleep 0.1
kill -0 $rec 2> /dev/null
check $? "SIGHUP then SIGTERM during the save: record goes on"
kill $holder
wait $rec
is "$?" 0 "and exits with the command's status"
is "$(mq "$d/p.json")" 3 "the profile holds both runs (1 + 2 calls)"
is "$(tmp_files "$d")" 0 "no temporary file"

# SIGKILL during the save: the old profile stays, and no temporary file;
# the temporary files of writers killed before they renamed theirs go at
# the next save.
cp "$d/p.json" "$d/before.json"
hold_lock "$d/p.json"
"${RECORD[@]}" -q --append -o "$d/p.json" -- "$RARE" &
rec=$!
wait_syscall $rec 73
kill -KILL $rec
wait $rec 2> /dev/null
kill $holder
cmp -s "$d/p.json" "$d/before.json"
check $? "SIGKILL during the save: the old profile is untouched"
is "$(tmp_files "$d")" 0 "no temporary file"
sh -c 'exit 0' &
dead=$!
wait $dead
echo partial > "$d/p.json.tmp.$dead.abc123"
echo other > "$d/p.json.tmp.$$.abc123"
"${RECORD[@]}" -q --append -o "$d/p.json" -- "$RARE"
[ ! -e "$d/p.json.tmp.$dead.abc123" ]
check $? "the next save removes the temporary file of a writer that is gone"
[ -e "$d/p.json.tmp.$$.abc123" ]
check $? "and leaves that of a writer still running"
rm -f "$d/p.json.tmp.$$.abc123"

# --append into a new file that cannot be written (the file size limit
# stands in for a full disk): no empty file is left.
d="$WORK/full"
mkdir "$d"
(trap '' XFSZ; ulimit -f 1; "${RECORD[@]}" -q --append -o "$d/p.json" -- "$RARE" 2> "$d/err")
is "$?" 125 "--append that cannot write fails with 125"
[ ! -e "$d/p.json" ]
check $? "and leaves no empty profile behind"
is "$(tmp_files "$d")" 0 "nor a temporary file"
grep -q "cannot write profile" "$d/err"
check $? "and says why: $(cat "$d/err")"
done_testing
