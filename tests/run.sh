#!/bin/bash
# Run every unit test program and every end-to-end test script; print a
# summary and exit non-zero when any failed. Environment: B (build dir),
# TEST_LOGS (where the logs go; default $B/test-logs).
# Arguments: a subset of tests to run.
set -u
shopt -s nullglob
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export B=${B:-build}
# tests/lib.sh's python3, found once.
PYTHON3=$(python3 -c 'import sys; print(sys.executable)') || exit 2
export PYTHON3
case $B in /*) export SANDCAST="$B/sandcast" ;; *) export SANDCAST="$top/$B/sandcast" ;; esac
pass=0 fail=0 skip=0 failed=()
logdir=${TEST_LOGS:-$B/test-logs}
mkdir -p "$logdir"

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	tests=($(ls "$B"/tests/unit/test-* 2>/dev/null | grep -v '\.[od]$') tests/e2e/*.sh)
fi

# run_test FILE [BACKEND]: run one unit test program or e2e script (under
# that backend of record) and print its line.
run_test() {
	local t=$1 backend=${2:-} name log start rc secs nok nskip
	name=$(basename "$t")${backend:+ [$backend]}
	log="$logdir/$(basename "$t")${backend:+.$backend}.log"
	start=$EPOCHREALTIME
	BACKEND=$backend "$t" >"$log" 2>&1
	rc=$?
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
	nok=$(grep -c '^ok' "$log")
	nskip=$(grep -c '^ok .*# SKIP' "$log")
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		printf 'PASS %-32s %3d checks%s  %.1fs\n' "$name" "$nok" \
			"$([ "$nskip" -gt 0 ] && echo ", $nskip skipped")" "$secs"
	else
		fail=$((fail + 1)); failed+=("$name")
		printf 'FAIL %-32s (exit %d; log %s)\n' "$name" "$rc" "$log"
		grep -E '^(not ok|#)' "$log" | head -20 | sed 's/^/    /'
	fi
	grep '^ok .*# SKIP' "$log" | sed 's/^/    /'
}

for t in "${tests[@]}"; do
	backends=
	case $t in *.sh) backends=$(sed -n 's/^# backends: //p' "$t") ;; esac
	if [ -z "$backends" ]; then
		run_test "$t"
		continue
	fi
	for backend in $backends; do run_test "$t" "$backend"; done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
