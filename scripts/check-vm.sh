#!/bin/bash
# make check-vm: run the test suite (tests/run.sh, as make check does) in a VM
# per kernel (scripts/vm.sh: i386 and x32 on), after the build on the host.
# Environment: B (build dir); VM_KERNELS, the kernels (default "6.12 6.1");
# VM_TESTS_<kernel with _ for .> (say VM_TESTS_6_1), the tests to run on
# that kernel (default: all). Each kernel's logs go to $B/test-logs-vm-KERNEL.
#
# It fails when a kernel's suite fails, when the VM ends without its
# status (after one retry), and when a check skipped for a capability that
# the VM exists to give (i386 programs, int $0x80, x32): such a skip there
# means the VM did not do its job.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
B=${B:-build}
pass=0 fail=0 failed=()

# run_kernel K: the suite on kernel K; its summary line is counted.
run_kernel() {
	local k=$1 var tests logs out rc try start
	var=VM_TESTS_${k//./_}
	tests=${!var:-}
	logs="$B/test-logs-vm-$k"
	out="$B/check-vm-$k.out"
	for try in 1 2; do
		echo "== the suite on Debian's $k kernel, in a VM (i386 and x32 on)${tests:+: $tests}"
		start=$SECONDS
		# shellcheck disable=SC2086
		scripts/vm.sh --kernel "$k" -- env TEST_LOGS="$logs" tests/run.sh $tests | tee "$out"
		rc=${PIPESTATUS[0]}
		echo "== $k: exit $rc in $((SECONDS - start)) s"
		[ "$rc" -ne 125 ] && break
		echo "== $k: the VM gave no status; once more"
	done
	count "$k" "$out" "$rc" "$logs"
}

# count K OUT RC LOGS: add K's summary line in OUT to the totals; a skip
# in LOGS for a capability the VM gives is a failure of K.
count() {
	local k=$1 out=$2 rc=$3 logs=$4 line p f missing
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
	if [ -z "$line" ]; then
		fail=$((fail + 1)); failed+=("$k: no summary (exit $rc)")
		return
	fi
	read -r p _ f _ <<< "$line"
	pass=$((pass + p)) fail=$((fail + f))
	[ "$f" -eq 0 ] || failed+=("$k: $f failed")
	missing=$(grep -h '# SKIP .*make check-vm runs them$' "$logs"/*.log 2> /dev/null | sort -u)
	if [ -n "$missing" ]; then
		fail=$((fail + 1)); failed+=("$k: skipped for a capability the VM gives")
		echo "$missing" | sed 's/^/    /'
	fi
}

for k in ${VM_KERNELS:-6.12 6.1}; do
	run_kernel "$k"
done
[ ${#failed[@]} -eq 0 ] || printf 'check-vm: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
