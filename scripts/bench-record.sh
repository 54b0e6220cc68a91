#!/bin/bash
# Benchmark of sandcast record: each workload natively, under sandcast record
# --stacks off with each backend (--backend ptrace, --backend notify, and
# auto, the default, which takes notify where the kernel has it) and under
# strace -f -c -o /dev/null, in one run, REPS times each (default 3; three
# times as many for the short workloads, which the machine's other work
# disturbs more); prints the median wall times and the ratios to native and
# to strace, and the overhead ratio (sandcast - native) / (strace - native)
# of each backend: what each tracer adds, the measure of "one stop instead
# of two" where native time is most of strace's (sc/st cannot reach 0.5
# when native is more than half of strace). They are run in turn, so that a
# change in the machine's load falls on all of them. Then the cost of a
# getppid call under each, and the cost of stacks: record --stacks 8 with
# each unwinder against ptrace --stacks off (alternating rounds, seven times
# as many for python's start-up, whose goal is a ratio of at most 1.5) and
# against strace -f -k (goal: under a third).
# Environment: B (build dir), REPS, LOOP (getppid calls, default 1000000).
. "$(dirname "$0")/../tests/lib.sh"
REPS=${REPS:-3}
LOOP=${LOOP:-1000000}
profile=$WORK/profile.json
command -v strace > /dev/null || { echo "bench-record: strace is needed (scripts/deps.sh)" >&2; exit 1; }

# seconds CMD...: the wall time of one run, output thrown away.
seconds() {
	local start=$EPOCHREALTIME
	"$@" > /dev/null 2>&1
	awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", b - a }'
}

# median_of_runs N CMD...: the median wall time of N runs.
median_of_runs() {
	local n=$1 t=(); shift
	for _ in $(seq "$n"); do t+=("$(seconds "$@")"); done
	median "${t[@]}"
}

# row NAME N CMD...: one line of results for a workload, medians of N rounds
# of native, ptrace, notify, auto and strace runs, in turn; the medians are
# left in MEDIANS (native ptrace notify auto strace).
row() {
	local name=$1 n=$2; shift 2
	local native=() ptrace=() notify=() auto=() theirs=()
	for _ in $(seq "$n"); do
		native+=("$(seconds "$@")")
		ptrace+=("$(seconds "$SANDCAST" record -q --backend ptrace --stacks off \
			-o "$profile" -- "$@")")
		[ -n "$has_notify" ] && notify+=("$(seconds "$SANDCAST" record -q \
			--backend notify -o "$profile" -- "$@")")
		auto+=("$(seconds "$SANDCAST" record -q --stacks off -o "$profile" -- "$@")")
		theirs+=("$(seconds strace -f -c -o /dev/null "$@")")
	done
	MEDIANS=("$(median "${native[@]}")" "$(median "${ptrace[@]}")" \
		"$(median "${notify[@]:-0}")" "$(median "${auto[@]}")" "$(median "${theirs[@]}")")
	awk -v n="$name" -v a="${MEDIANS[0]}" -v p="${MEDIANS[1]}" -v o="${MEDIANS[2]}" \
	    -v u="${MEDIANS[3]}" -v t="${MEDIANS[4]}" 'BEGIN {
		printf "%-34s %7.3f %7.3f %7.3f %7.3f %7.3f %6.1fx %6.1fx %6.1fx %5.2f %5.2f %5.2f\n",
			n, a, p, o, u, t, p / a, o / a, t / a, o / t,
			(t > a ? (p - a) / (t - a) : 0), (t > a ? (o - a) / (t - a) : 0) }'
}

has_notify=
"$SANDCAST" record -q --backend notify -o "$profile" -- true 2> /dev/null && has_notify=yes
echo "sandcast record benchmark: medians of $REPS or $((3 * REPS)) runs, wall seconds;" \
	"$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$has_notify" ] || echo "(this kernel has no notify backend: its column is 0, auto is ptrace)"
printf '%-34s %7s %7s %7s %7s %7s %7s %7s %7s %5s %5s %5s\n' workload native ptrace notify \
	auto strace pt/nat no/nat st/nat no/st ovh-p ovh-n
row "getppid loop x $LOOP" "$REPS" "$B/tests/progs/getppid-loop" "$LOOP"
loop=("${MEDIANS[@]}")
row "python3 -c 'import json, sqlite3'" $((3 * REPS)) /usr/bin/python3 -c 'import json, sqlite3'
row "ls -lR /usr/include" $((3 * REPS)) ls -lR /usr/include
awk -v l="$LOOP" -v a="${loop[0]}" -v p="${loop[1]}" -v o="${loop[2]}" -v t="${loop[4]}" 'BEGIN {
	printf "a getppid call, less native: ptrace %.0f ns, notify %.0f ns, strace %.0f ns" \
		" (native %.0f ns)\n", (p - a) / l * 1e9, (o - a) / l * 1e9, (t - a) / l * 1e9, a / l * 1e9 }'

# stacks NAME N CMD...: the cost of stacks on a workload: N rounds of record
# --backend ptrace --stacks off and --stacks 8 with each unwinder, one after
# the other, so that the machine's other work weighs on all alike; and
# strace -f -k, three runs (it is slow enough for the noise not to matter).
# Medians.
stacks() {
	local name=$1 n=$2; shift 2
	local off=() libdw=() libunwind=() strace_k
	for _ in $(seq "$n"); do
		off+=("$(seconds "$SANDCAST" record -q --backend ptrace --stacks off \
			-o "$profile" -- "$@")")
		libdw+=("$(seconds "$SANDCAST" record -q --stacks 8 --unwinder libdw \
			-o "$profile" -- "$@")")
		libunwind+=("$(seconds "$SANDCAST" record -q --stacks 8 \
			--unwinder libunwind -o "$profile" -- "$@")")
	done
	strace_k=$(median_of_runs 3 strace -f -k -o /dev/null "$@")
	awk -v n="$name" -v o="$(median "${off[@]}")" -v d="$(median "${libdw[@]}")" \
	    -v u="$(median "${libunwind[@]}")" -v k="$strace_k" 'BEGIN {
		printf "%-34s %9.3f %9.3f %9.3f %9.3f %8.2fx %8.2fx %8.2f\n",
			n, o, d, u, k, d / o, u / o, d / k }'
}

echo
echo "record --stacks 8 (libdw, libunwind) against ptrace --stacks off and strace -f -k"
printf '%-34s %9s %9s %9s %9s %9s %9s %8s\n' workload no-stacks libdw libunwind \
	strace-k libdw/no lu/no libdw/k
stacks "python3 -c 'import json, sqlite3'" $((7 * REPS)) /usr/bin/python3 -c 'import json, sqlite3'
stacks "ls -lR /usr/include" "$REPS" ls -lR /usr/include
