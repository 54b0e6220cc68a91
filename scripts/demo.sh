#!/bin/bash
# make demo: record the example program in its 64-bit and 32-bit builds, merge
# the two profiles, print the report, generate one filter, check it in the
# emulator, then compile it into both builds and run them under it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B="$top/$B" ;; esac
CC=${CC:-cc}
sc="$B/sandcast"
out="$B/demo"
input="$top/README.md"
mkdir -p "$out"
show() { printf '\n$ %s\n' "$*"; }
run() { show "$@"; "$@"; }

bits=(64)
if [ -n "${M32_OK:-}" ]; then
	bits+=(32)
else
	echo "demo: gcc -m32 cannot build here (install gcc-multilib): 64-bit only" >&2
fi
# exe BITS: the example's build for BITS, as the Makefile makes it.
exe() { [ "$1" = 64 ] && echo "$B/examples/wordfreq" || echo "$B/examples/wordfreq-32"; }

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
printf '\nBoth builds ran under the generated filter. The profiles, the filter and\n'
printf 'the filtered builds are in %s.\n' "${out#"$top"/}"
