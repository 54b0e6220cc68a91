#!/bin/bash
# Benchmark of sandcast record --baseline when nothing is new: each workload
# natively and under `sandcast record --baseline P`, P a profile of the same
# workload, so that the filter allows every call and none stops in the
# tracer: the cost per call is the filter's alone (cached by the kernel), the
# rest is fixed (starting sandcast, loading P, the tracer's start and end).
# P is recorded as a user would (with stacks), once more without stacks,
# which shows what parsing the stacks costs, and given as the C filter gen
# makes of it (no profile to parse at all).
# The runs alternate (native, baseline, ...) so that the machine's other
# work weighs on all alike; prints the medians of REPS rounds (default 11),
# wall seconds, the ratios to native (goal: at most 1.10), and how many calls
# the baseline runs found new (0 when the workload is repeatable).
# Environment: B (build dir), REPS, LOOP (getppid calls, default 1000000).
. "$(dirname "$0")/../tests/lib.sh"
REPS=${REPS:-11}
LOOP=${LOOP:-1000000}
tmp=$WORK

# round CMD...: one native run of CMD and one under each baseline, their
# wall seconds on one line.
round() {
	local t=("$EPOCHREALTIME")
	"$@" > /dev/null 2>&1
	t+=("$EPOCHREALTIME")
	for base in "$tmp/base.json" "$tmp/base0.json" "$tmp/base.c"; do
		"$SANDCAST" record -q --baseline "$base" -o "$tmp/new.json" -- "$@" > /dev/null 2>&1
		t+=("$EPOCHREALTIME")
	done
	echo "${t[@]}" | awk '{ for (i = 2; i <= NF; i++) printf "%.4f ", $i - $(i - 1); print "" }'
}

# row NAME CMD...: record the baselines, then REPS rounds; one line of results.
row() {
	local name=$1 new; shift
	rm -f "$tmp"/base*
	"$SANDCAST" record -q -o "$tmp/base.json" -- "$@" > /dev/null 2>&1
	"$SANDCAST" record -q --stacks off -o "$tmp/base0.json" -- "$@" > /dev/null 2>&1
	"$SANDCAST" gen -o "$tmp/base.c" "$tmp/base.json"
	for _ in $(seq "$REPS"); do round "$@"; done > "$tmp/times"
	new=$(json "$tmp/new.json" 'len(d["syscalls"])')
	for i in $(seq "$(awk '{ print NF; exit }' "$tmp/times")"); do
		cut -d' ' -f"$i" "$tmp/times" | median
	done | awk -v name="$name" -v new="$new" '
		{ med[NR] = $1 }
		END {
			printf "%-34s", name
			for (i = 1; i <= NR; i++) printf " %9.3f", med[i]
			for (i = 2; i <= NR; i++) printf " %8.2fx", med[i] / med[1]
			printf " %9d\n", new
		}'
}

echo "sandcast record --baseline, nothing new: medians of $REPS alternating rounds," \
	"wall seconds; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %9s %9s %9s %9s %9s %9s %9s %9s\n' workload native baseline "(no stk)" \
	"(filter)" ratio "(no stk)" "(filter)" "new calls"
row "getppid loop x $LOOP" "$B/tests/progs/getppid-loop" "$LOOP"
row "python3 -c 'import json, sqlite3'" /usr/bin/python3 -c 'import json, sqlite3'
row "ls -lR /usr/include" ls -lR /usr/include
