#!/bin/bash
# make demo: record the example program in its 64-bit and 32-bit builds, merge
# the two profiles, print the report, generate a filter and check it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
sc="$top/$B/sandcast"
out="$top/$B/demo"
mkdir -p "$out"
run() { printf '\n$ %s\n' "$*"; "$@"; }

builds=("$top/$B/examples/wordfreq")
if [ -n "${M32_OK:-}" ]; then
	builds+=("$top/$B/examples/wordfreq-32")
else
	echo "demo: gcc -m32 cannot build here (install gcc-multilib): 64-bit only" >&2
fi
profiles=()
for exe in "${builds[@]}"; do
	p="$out/$(basename "$exe").json"
	run "$sc" record -o "$p" -- "$exe" "$top/README.md"
	profiles+=("$p")
done
run "$sc" merge -o "$out/wordfreq.json" "${profiles[@]}"
run "$sc" report "$out/wordfreq.json"
run "$sc" gen -o "$out/wordfreq_filter.c" "$out/wordfreq.json"
run "$sc" verify "$out/wordfreq_filter.c" "$out/wordfreq.json"
printf '\nThe profiles and the filter are in %s.\n' "${out#$top/}"
