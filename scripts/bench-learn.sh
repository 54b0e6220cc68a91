#!/bin/bash
# The cost of learn mode (docs/learn.md): getppid() in a loop
# (tests/progs/filter-exec -l N) natively; under the filter of a profile
# that has it, compiled with -DSANDCAST_LEARN (an allowed call); under the
# filter of the same profile less getppid, so compiled (a learned call:
# trapped, its stack walked, logged to a file, made); and under sandcast
# record (ptrace, stacks). Each mode runs in a fresh process, modes
# interleaved, median of BENCH_RUNS runs; ratios to native and to record.
set -e
. "$(dirname "$0")/../tests/lib.sh"
RUNS=${BENCH_RUNS:-5}
N_FAST=${BENCH_CALLS:-1000000}    # native and allowed
N_SLOW=${BENCH_SLOW_CALLS:-20000} # learned and recorded
tmp=$WORK

# build ARCH PROFILE OUT: filter-exec with the filter of PROFILE, learn mode.
build() {
	"$SANDCAST" gen -o "$3.c" "$2"
	gcc "$(abi_cflag "$1")" -O2 -D_GNU_SOURCE -DSANDCAST_LEARN -DSANDCAST_FILTER_C="\"$3.c\"" \
		-o "$3" "$top/tests/progs/filter-exec.c"
}

# ns MODE: one run of MODE, in ns per call.
ns() {
	case $1 in
	native) "$fe" -l "$N_FAST" ;;
	allowed) "$tmp/allowed" -l "$N_FAST" ;;
	learned) SANDCAST_LEARN_LOG=$tmp/learn.log "$tmp/learned" -l "$N_SLOW"; rm -f "$tmp/learn.log" ;;
	record) "$SANDCAST" record -q -o "$tmp/r.json" -- "$fe" -l "$N_SLOW" ;;
	esac
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

bench_abi() {
	local arch=$1 fe=$2 m r
	declare -A got=() med=()
	"$SANDCAST" record -q -o "$tmp/p.json" -- "$fe" -l 10 > /dev/null
	json "$tmp/p.json" 'json.dumps(dict(d, syscalls=[c for c in d["syscalls"] if c.get("name") != "getppid"]))' \
		> "$tmp/less.json"
	build "$arch" "$tmp/p.json" "$tmp/allowed"
	build "$arch" "$tmp/less.json" "$tmp/learned"
	for ((r = 0; r < RUNS; r++)); do
		for m in native allowed learned record; do
			got[$m]+="$(ns $m) "
		done
	done
	for m in native allowed learned record; do
		med[$m]=$(median ${got[$m]})
	done
	printf '%s, getppid, median of %s runs (ns per call; %s calls native and allowed, %s learned and recorded)\n' \
		"$arch" "$RUNS" "$N_FAST" "$N_SLOW"
	printf '  %-46s %10.1f\n' "native" "${med[native]}"
	printf '  %-46s %10.1f  (%+.1f ns over native)\n' "learn mode, an allowed call" \
		"${med[allowed]}" "$(awk -v a="${med[allowed]}" -v b="${med[native]}" 'BEGIN { print a - b }')"
	printf '  %-46s %10.1f  (%sx native, %sx record)\n' "learn mode, a learned call (logged to a file)" \
		"${med[learned]}" "$(ratio "${med[learned]}" "${med[native]}")" \
		"$(ratio "${med[learned]}" "${med[record]}")"
	printf '  %-46s %10.1f  (%sx native)\n' "sandcast record (ptrace, stacks)" \
		"${med[record]}" "$(ratio "${med[record]}" "${med[native]}")"
}

bench_abi x86_64 "$B/tests/progs/filter-exec"
if why=$("$B/tests/progs/abi" --can i386 "scripts/vm.sh make bench measures them in a VM"); then
	bench_abi i386 "$B/tests/progs/filter-exec-32"
else
	echo "i386 rows left out: $why"
fi
