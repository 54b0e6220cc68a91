#!/bin/bash
# Run every unit test program and every end-to-end test script; print a
# summary and exit non-zero when any failed. Environment: B (build dir),
# M32_OK (non-empty when gcc -m32 works). Arguments: a subset of tests to run.
set -u
shopt -s nullglob
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export B=${B:-build} M32_OK=${M32_OK:-}
export SANDCAST="$top/$B/sandcast"
pass=0 fail=0 skip=0 failed=()
logdir="$B/test-logs"
mkdir -p "$logdir"

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	tests=($(ls "$B"/tests/unit/test-* 2>/dev/null | grep -v '\.[od]$') tests/e2e/*.sh)
fi

for t in "${tests[@]}"; do
	name=$(basename "$t")
	log="$logdir/$name.log"
	start=$EPOCHREALTIME
	"$t" >"$log" 2>&1
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
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
