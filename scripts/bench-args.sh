#!/bin/bash
# What argument checks (gen --args on) cost: the size of the filters of
# recorded programs with and without them, and the time of a call that is
# checked: ioctl(TCGETS) in a loop (tests/progs/args -l N) with no filter,
# under the program's filter with --args off, with its one ioctl command
# checked, and with 32 commands checked, the one made compared last. Each
# mode runs in a fresh process, modes interleaved, median of BENCH_RUNS runs
# of BENCH_CALLS calls.
#
# NOTE: a call a filter allows by number alone is cached by the kernel
# (Linux 5.11 and later, seccomp_cache_prepare) and runs without the filter;
# one with argument checks reads seccomp_data.args and never is: the rows
# "--args off" and "checked" differ by the whole run of the filter, not by
# the checks alone.
set -e
. "$(dirname "$0")/../tests/lib.sh"
N=${BENCH_CALLS:-1000000}
RUNS=${BENCH_RUNS:-7}
fe=$PROGS/filter-exec
mkdir -p "$WORK/dir"
printf 'some text\n%.0s' {1..200} > "$WORK/dir/file"

# size NAME CMD...: record CMD as filter-exec starts it; print the calls, the
# calls with checks, and the instructions with and without them.
size() {
	local name=$1 f=$WORK/size; shift
	# The command's own status (args exits with 3) is no failure.
	"$SANDCAST" record -q -o "$f.json" -- "$fe" "$@" > /dev/null || [ $? -lt 125 ]
	"$SANDCAST" gen --format bpf -o "$f-on.bpf" "$f.json" 2> /dev/null
	"$SANDCAST" gen --args off --format bpf -o "$f-off.bpf" "$f.json" 2> /dev/null
	python3 - "$name" "$f.json" "$f-on.bpf" "$f-off.bpf" <<'PY'
import json, os, sys
name, prof, on, off = sys.argv[1:]
calls = json.load(open(prof))["syscalls"]
checked = [c for c in calls if any(not a.get("open") and a["values"] for a in c.get("args", []))]
values = sum(len(a["values"]) for c in checked for a in c["args"])
print("  %-42s %5d %7d %7d %9d %9d" % (name, len(calls), len(checked), values,
      os.path.getsize(off) // 8, os.path.getsize(on) // 8))
PY
}

echo "filter sizes (x86_64; instructions of gen --format bpf)"
printf '  %-42s %5s %7s %7s %9s %9s\n' program calls checked values "args off" "args on"
size "args (tests/progs)" "$PROGS/args"
size "python3 -c 'import socket, ssl, sqlite3'" "$PYTHON3" -c 'import socket, ssl, sqlite3'
size "ls -l" "$(command -v ls)" -l "$WORK/dir"
size "gzip -c" "$(command -v gzip)" -c "$WORK/dir/file"
size "threads 4 50" "$PROGS/threads" 4 50

# The loop's profile; a copy with 31 more ioctl commands, all below TCGETS,
# so that the one made is compared last.
"$SANDCAST" record -q -o "$WORK/loop.json" -- "$fe" "$PROGS/args" -l 1000 > /dev/null
python3 - "$WORK/loop.json" "$WORK/loop32.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["syscalls"]:
    if c.get("name") == "ioctl":
        for a in c["args"]:
            a["values"] += [{"value": hex(0x5300 + i), "count": 1} for i in range(31)]
json.dump(d, open(sys.argv[2], "w"))
PY
"$SANDCAST" gen --format bpf --args off -o "$WORK/off.bpf" "$WORK/loop.json" 2> /dev/null
"$SANDCAST" gen --format bpf -o "$WORK/on1.bpf" "$WORK/loop.json" 2> /dev/null
"$SANDCAST" gen --format bpf -o "$WORK/on32.bpf" "$WORK/loop32.json" 2> /dev/null

modes=(native off on1 on32)
declare -A files=([native]="" [off]="-f $WORK/off.bpf" [on1]="-f $WORK/on1.bpf"
	[on32]="-f $WORK/on32.bpf")
declare -A label=([off]="--args off (ioctl by number: cached)"
	[on1]="--args on, 1 command checked" [on32]="--args on, 32 commands, match last")
# bench_one MODE: ns per ioctl of the loop under MODE's filter.
# shellcheck disable=SC2086
bench_one() { "$fe" ${files[$1]} "$PROGS/args" -l "$N"; }
interleaved_medians "$RUNS" "${modes[@]}"
declare -n med=MED
printf 'x86_64, ioctl(TCGETS) on /dev/null, %s calls, median of %s runs (ns per call)\n' \
	"$N" "$RUNS"
printf '  %-44s %8.2f\n' native "${med[native]}"
for m in off on1 on32; do
	printf '  %-44s %8.2f  (%+.2f over native; %d instructions)\n' "${label[$m]}" \
		"${med[$m]}" "$(awk -v a="${med[$m]}" -v b="${med[native]}" 'BEGIN { print a - b }')" \
		"$(($(stat -c %s "$WORK/$m.bpf") / 8))"
done
