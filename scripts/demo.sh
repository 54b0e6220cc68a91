#!/bin/bash
# make demo: record the example program in its 64-bit build, and its 32-bit
# and x32 builds where the kernel runs them, merge the profiles, print the
# report, generate one filter, check it in the emulator, then compile it
# into each build and run them under it.
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"
CC=${CC:-cc}
sc=$SANDCAST
out="$B/demo"
input="$top/README.md"
mkdir -p "$out"
show() { printf '\n$ %s\n' "$*"; }
run() { show "$@"; "$@"; }

# The builds this kernel runs, found by trying them: 64-bit always, 32-bit
# and x32 where the kernel runs them (else one line says why not).
bits=(64)
for abi in 32:i386 x32:x32; do
	if why=$("$B/tests/progs/abi" --can "${abi#*:}" "scripts/vm.sh make demo runs it in a VM"); then
		bits+=("${abi%%:*}")
	else
		echo "demo: the ${abi#*:} build is left out: $why" >&2
	fi
done
# exe BITS: the example's build for BITS, as the Makefile makes it.
exe() { echo "$B/examples/wordfreq$(case $1 in 32) echo -32 ;; x32) echo -x32 ;; esac)"; }

profiles=()
for b in "${bits[@]}"; do
	run "$sc" record -o "$out/wordfreq-$b.json" -- "$(exe "$b")" "$input"
	profiles+=("$out/wordfreq-$b.json")
done
run "$sc" merge -o "$out/wordfreq.json" "${profiles[@]}"
run "$sc" report "$out/wordfreq.json"
run "$sc" gen -o "$out/wordfreq_filter.c" "$out/wordfreq.json"
run "$sc" verify "$out/wordfreq_filter.c" "$out/wordfreq.json"

# The example calls sandcast_install_filter() first thing when built with
# -DSANDCAST_FILTER: each build runs under the one filter, as before.
for b in "${bits[@]}"; do
	run "$CC" -m"$b" -O1 -DSANDCAST_FILTER -o "$out/wordfreq-filtered-$b" \
		"$top/examples/wordfreq.c" "$out/wordfreq_filter.c"
	show "$out/wordfreq-filtered-$b" "$input"
	"$out/wordfreq-filtered-$b" "$input" | tee "$out/wordfreq-filtered-$b.txt"
	"$(exe "$b")" "$input" 2> /dev/null | cmp -s - "$out/wordfreq-filtered-$b.txt" ||
		{ echo "demo: the $b-bit build prints otherwise under its filter" >&2; exit 1; }
done
printf '\nThe %s builds ran under the generated filter. The profiles, the filter\n' "${bits[*]}"
printf 'and the filtered builds are in %s.\n' "${out#"$top"/}"
