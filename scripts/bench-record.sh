#!/bin/bash
# Benchmark of sandcast record: each workload natively, under sandcast record
# --stacks off and under strace -f -c -o /dev/null, in one run, REPS times
# each (default 3; three times as many for the short workloads, which the
# machine's other work disturbs more); prints the median wall times and the
# ratios to native and to strace, and the overhead ratio (sandcast - native)
# / (strace - native): what each tracer adds, the measure of "one stop
# instead of two" where native time is most of strace's (sc/st cannot reach
# 0.5 when native is more than half of strace). The three are run in turn,
# so that a change in the machine's load falls on all of them. Then the cost
# of stacks: record --stacks 8 with each unwinder against --stacks off
# (alternating rounds, seven times as many for python's start-up, whose goal
# is a ratio of at most 1.5) and against strace -f -k (goal: under a third).
# Environment: B (build dir), REPS, LOOP (getppid calls, default 1000000).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B="$top/$B" ;; esac
REPS=${REPS:-3}
LOOP=${LOOP:-1000000}
sandcast="$B/sandcast"
profile=$(mktemp "${TMPDIR:-/tmp}/sandcast-bench.XXXXXX")
trap 'rm -f "$profile"' EXIT
command -v strace > /dev/null || { echo "bench-record: strace is needed (scripts/deps.sh)" >&2; exit 1; }

# seconds CMD...: the wall time of one run, output thrown away.
seconds() {
	local start=$EPOCHREALTIME
	"$@" > /dev/null 2>&1
	awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", b - a }'
}

# middle SECONDS...: the median of the numbers given.
middle() {
	printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

# median N CMD...: the median of N runs.
median() {
	local n=$1 t=(); shift
	for _ in $(seq "$n"); do t+=("$(seconds "$@")"); done
	middle "${t[@]}"
}

# row NAME N CMD...: one line of results for a workload, medians of N rounds
# of native, sandcast and strace runs, in turn.
row() {
	local name=$1 n=$2; shift 2
	local native=() ours=() theirs=()
	for _ in $(seq "$n"); do
		native+=("$(seconds "$@")")
		ours+=("$(seconds "$sandcast" record -q --stacks off -o "$profile" -- "$@")")
		theirs+=("$(seconds strace -f -c -o /dev/null "$@")")
	done
	awk -v n="$name" -v a="$(middle "${native[@]}")" -v s="$(middle "${ours[@]}")" \
	    -v t="$(middle "${theirs[@]}")" 'BEGIN {
		printf "%-34s %9.3f %9.3f %9.3f %8.1fx %8.1fx %8.2f %8.2f\n",
			n, a, s, t, s / a, t / a, s / t, (t > a ? (s - a) / (t - a) : 0) }'
}

echo "sandcast record benchmark: medians of $REPS or $((3 * REPS)) runs, wall seconds;" \
	"$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %9s %9s %9s %9s %9s %8s %8s\n' workload native sandcast strace \
	sc/native st/native sc/st overhead
row "getppid loop x $LOOP" "$REPS" "$B/tests/progs/getppid-loop" "$LOOP"
row "python3 -c 'import json, sqlite3'" $((3 * REPS)) /usr/bin/python3 -c 'import json, sqlite3'
row "ls -lR /usr/include" $((3 * REPS)) ls -lR /usr/include

# stacks NAME N CMD...: the cost of stacks on a workload: N rounds of record
# --stacks off and --stacks 8 with each unwinder, one after the other, so
# that the machine's other work weighs on all alike; and strace -f -k, three
# runs (it is slow enough for the noise not to matter). Medians.
stacks() {
	local name=$1 n=$2; shift 2
	local off=() libdw=() libunwind=() strace_k
	for _ in $(seq "$n"); do
		off+=("$(seconds "$sandcast" record -q --stacks off -o "$profile" -- "$@")")
		libdw+=("$(seconds "$sandcast" record -q --stacks 8 --unwinder libdw \
			-o "$profile" -- "$@")")
		libunwind+=("$(seconds "$sandcast" record -q --stacks 8 \
			--unwinder libunwind -o "$profile" -- "$@")")
	done
	strace_k=$(median 3 strace -f -k -o /dev/null "$@")
	awk -v n="$name" -v o="$(middle "${off[@]}")" -v d="$(middle "${libdw[@]}")" \
	    -v u="$(middle "${libunwind[@]}")" -v k="$strace_k" 'BEGIN {
		printf "%-34s %9.3f %9.3f %9.3f %9.3f %8.2fx %8.2fx %8.2f\n",
			n, o, d, u, k, d / o, u / o, d / k }'
}

echo
echo "record --stacks 8 (libdw, libunwind) against --stacks off and strace -f -k"
printf '%-34s %9s %9s %9s %9s %9s %9s %8s\n' workload no-stacks libdw libunwind \
	strace-k libdw/no lu/no libdw/k
stacks "python3 -c 'import json, sqlite3'" $((7 * REPS)) /usr/bin/python3 -c 'import json, sqlite3'
stacks "ls -lR /usr/include" "$REPS" ls -lR /usr/include
