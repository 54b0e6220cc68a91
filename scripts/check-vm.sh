#!/bin/bash
# make check-vm: run the test suite (tests/run.sh, as make check does) in a VM
# per kernel (scripts/vm.sh: i386 and x32 on), after the build on the host;
# then boot the first kernel once more with ia32_emulation=off, as SEV and
# TDX guests boot, where the i386 checks must skip and sandcast say why.
#
# Environment: B (build dir); VM_KERNELS, the kernels (default "6.12 6.1");
# VM_TESTS_<kernel with _ for .> (say VM_TESTS_6_1), the tests to run on
# that kernel. By default the first kernel runs every test but $host_only,
# the end-to-end scripts that have no i386 or x32 part and whose subject is
# not the kernel (files read, written and converted, consumers on the host:
# make check runs them, and a TCG VM runs them 30 times slower); the others
# run the unit tests and $kernel_subject, the scripts whose subject is the
# kernel (the tracer, filters a program installs, signals): that keeps both
# kernels within CI's time. Logs go to $B/test-logs-vm-BOOT.
#
# It fails when a suite fails, when the VM ends without its status (after
# one retry), and when a check skipped for a capability that the VM exists
# to give (i386 programs, int $0x80, x32): such a skip there means the VM
# did not do its job.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
B=${B:-build}
pass=0 fail=0 failed=()
host_only="bytes.sh cfilter.sh ci-recipe.sh docs.sh formats.sh merge.sh output.sh
runtimes.sh syscall-tables.sh unfiltered.sh"
kernel_subject="kernel-caps.sh learn.sh ownfilter.sh record-arch.sh record-notify.sh
record-options.sh record-procs.sh record-robust.sh record-save.sh record-signals.sh
record-strace.sh run.sh"
# What the boot without ia32 runs: the checks that tell i386 apart.
no_ia32_tests="tests/e2e/kernel-caps.sh tests/e2e/record-arch.sh tests/e2e/run.sh
$B/tests/unit/test-filter-kernel $B/tests/unit/test-tracer"

# unit_tests: the unit test programs of tests/run.sh.
unit_tests() {
	ls "$B"/tests/unit/test-* | grep -v '\.[od]$'
}

# tests_but NAME...: every test of tests/run.sh but the scripts NAME...
tests_but() {
	local t names=" $(echo $*) "
	for t in $(unit_tests) tests/e2e/*.sh; do
		[[ "$names" == *" ${t##*/} "* ]] || echo "$t"
	done
}

# boot NAME OUT VM-OPTION... -- CMD...: run CMD in the VM with its output
# also in OUT, once more when the VM gave no status; return CMD's status.
boot() {
	local name=$1 out=$2 opts=() try rc start
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	for try in 1 2; do
		start=$SECONDS
		scripts/vm.sh "${opts[@]}" -- "$@" 2>&1 | tee "$out"
		rc=${PIPESTATUS[0]}
		echo "== $name: exit $rc in $((SECONDS - start)) s"
		[ "$rc" -ne 125 ] && return "$rc"
		echo "== $name: the VM gave no status; once more"
	done
	return "$rc"
}

# count NAME OUT RC: add NAME's summary line in OUT to the totals.
count() {
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -1)
	if [ -z "$line" ]; then
		fail=$((fail + 1)); failed+=("$1: no summary (exit $3)")
		return
	fi
	read -r p _ f _ <<< "$line"
	pass=$((pass + p)) fail=$((fail + f))
	[ "$f" -eq 0 ] || failed+=("$1: $f failed")
}

# expect NAME WHAT PATTERN FILE: a failure of NAME, saying WHAT, unless
# FILE has a line that matches PATTERN (grep -E).
expect() {
	grep -qE -- "$3" "$4" && return
	fail=$((fail + 1)); failed+=("$1: $2")
}

# run_kernel K: the suite on kernel K; a skip for a capability the VM gives fails.
run_kernel() {
	local k=$1 var tests logs="$B/test-logs-vm-$1" out="$B/check-vm-$1.out" rc missing
	var=VM_TESTS_${k//./_}
	tests=${!var:-}
	if [ -z "$tests" ] && [ "$k" = "$first" ]; then
		echo "== $k: all tests but" $host_only "(make check runs them)"
		tests=$(tests_but $host_only | tr '\n' ' ')
	elif [ -z "$tests" ]; then
		echo "== $k: the unit tests and" $kernel_subject
		tests="$(unit_tests | tr '\n' ' ') $(printf 'tests/e2e/%s ' $kernel_subject)"
	fi
	echo "== the suite on Debian's $k kernel, in a VM (i386 and x32 on)"
	rm -rf "$logs"
	# shellcheck disable=SC2086
	boot "$k" "$out" --kernel "$k" -- env TEST_LOGS="$logs" tests/run.sh $tests
	count "$k" "$out" $?
	missing=$(grep -h '# SKIP .*make check-vm runs them$' "$logs"/*.log 2> /dev/null | sort -u)
	if [ -n "$missing" ]; then
		fail=$((fail + 1)); failed+=("$k: skipped for a capability the VM gives")
		echo "$missing" | sed 's/^/    /'
	fi
}

# run_no_ia32 K: kernel K with ia32_emulation=off: $no_ia32_tests, the
# demo and the filter benchmark, which must each say why i386 is left out.
run_no_ia32() {
	local k=$1 name="$1 ia32_emulation=off" out="$B/check-vm-$1-no-ia32.out"
	echo "== $name: the i386 checks skip, demo and bench say why"
	# shellcheck disable=SC2086
	boot "$name" "$out" --kernel "$k" --append "ia32_emulation=off" -- bash -c '
		env TEST_LOGS="$0/test-logs-vm-no-ia32" tests/run.sh $1
		rc=$?
		B=$0 scripts/demo.sh > /dev/null || rc=1
		B=$0 BENCH_CALLS=20000 BENCH_RUNS=1 scripts/bench-filter.sh || rc=1
		exit $rc' "$B" "$no_ia32_tests"
	count "$name" "$out" $?
	expect "$name" "no i386 skip in the tests" "# SKIP .*runs no i386 programs" "$out"
	expect "$name" "the demo did not say why i386 is left out" \
		"^demo: the i386 build is left out: this kernel runs no i386 programs" "$out"
	expect "$name" "the benchmark did not say why its i386 rows are missing" \
		"^i386 rows left out: this kernel runs no i386 programs" "$out"
}

kernels=${VM_KERNELS:-6.12 6.1}
first=${kernels%% *}
for k in $kernels; do
	run_kernel "$k"
done
run_no_ia32 "$first"
[ ${#failed[@]} -eq 0 ] || printf 'check-vm: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
