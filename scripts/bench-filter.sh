#!/bin/bash
# The cost per call of a generated filter: getppid() in a loop
# (tests/progs/filter-exec -l N) with no filter, under a 100-call filter from
# "sandcast gen --format bpf", and under the same 100 calls checked linearly
# (one JEQ each, ascending). Each mode runs in a fresh process, modes
# interleaved, median of BENCH_RUNS runs of BENCH_CALLS calls.
#
# NOTE: since Linux 5.11 the kernel may cache, per filter, the (arch, nr) a
# filter allows without reading the arguments, and skip the filter for them
# (seccomp_cache_prepare). To be sure the BPF itself is measured, the
# "uncached" rows first install a 2-instruction filter that reads args[0],
# which no cache can predict, and subtract that filter alone.
set -e
. "$(dirname "$0")/../tests/lib.sh"
N=${BENCH_CALLS:-2000000}
RUNS=${BENCH_RUNS:-7}
tmp=$WORK

# The profile (x86_64 and i386: write, getppid, exit_group and multiples of 3,
# 100 per arch, no two adjacent), the linear filter and the cache defeater.
python3 - "$tmp" <<'PY'
import json, struct, sys
d = sys.argv[1]
need = {"x86_64": (1, 110, 231), "i386": (4, 64, 252)}
sets = {}
for arch, must in need.items():
    s = set(must)
    n = 0
    while len(s) < 100:
        if n not in s and n - 1 not in s and n + 1 not in s:
            s.add(n)
        n += 3
    sets[arch] = sorted(s)
json.dump({"format": "sandcast-profile", "version": 1,
           "syscalls": [{"arch": a, "nr": n, "count": 1} for a in sets for n in sets[a]]},
          open(d + "/p.json", "w"))
def ins(code, jt, jf, k):
    return struct.pack("=HBBI", code, jt, jf, k)
LD, JEQ, RET, ALLOW, KILL = 0x20, 0x15, 0x06, 0x7fff0000, 0x80000000
audit = {"x86_64": 0xc000003e, "i386": 0x40000003}
prog = [ins(LD, 0, 0, 4)]
for arch in ("x86_64", "i386"):
    nrs = sets[arch]
    block = [ins(LD, 0, 0, 0)]
    for i, nr in enumerate(nrs):
        block.append(ins(JEQ, len(nrs) - i, 0, nr))   # to the ALLOW after the KILL
    block += [ins(RET, 0, 0, KILL), ins(RET, 0, 0, ALLOW)]
    prog.append(ins(JEQ, 0, len(block), audit[arch]))
    prog += block
prog.append(ins(RET, 0, 0, KILL))
open(d + "/linear.bpf", "wb").write(b"".join(prog))
open(d + "/defeat.bpf", "wb").write(ins(LD, 0, 0, 16) + ins(RET, 0, 0, ALLOW))
PY
"$SANDCAST" gen --format bpf -o "$tmp/search.bpf" "$tmp/p.json"
"$SANDCAST" verify "$tmp/linear.bpf" "$tmp/p.json" >/dev/null

modes=(native search linear defeat defeat+search defeat+linear)
declare -A files=([native]="" [search]="-f $tmp/search.bpf" [linear]="-f $tmp/linear.bpf"
	[defeat]="-f $tmp/defeat.bpf" [defeat+search]="-f $tmp/defeat.bpf -f $tmp/search.bpf"
	[defeat+linear]="-f $tmp/defeat.bpf -f $tmp/linear.bpf")

minus() { awk -v a="$1" -v b="$2" 'BEGIN { print a - b }'; }

# bench_one MODE: ns per call of filter-exec $fe under MODE's filters.
# shellcheck disable=SC2086
bench_one() { "$fe" ${files[$1]} -l "$N"; }

bench_abi() {
	local label=$2
	fe=$1
	interleaved_medians "$RUNS" "${modes[@]}"
	local -n med=MED
	printf '%s, getppid, %s calls, median of %s runs (ns per call)\n' "$label" "$N" "$RUNS"
	printf '  %-44s %8.2f\n' "native" "${med[native]}"
	for m in search linear; do
		printf '  %-44s %8.2f  (%+.2f over native)\n' "100-call filter, $m" \
			"${med[$m]}" "$(minus "${med[$m]}" "${med[native]}")"
	done
	for m in search linear; do
		printf '  %-44s %8.2f  (BPF run on every call)\n' "$m, uncached: (defeat+$m) - defeat" \
			"$(minus "${med[defeat+$m]}" "${med[defeat]}")"
	done
}

bench_abi "$B/tests/progs/filter-exec" "x86_64"
if why=$("$B/tests/progs/abi" --can i386 "scripts/vm.sh make bench measures them in a VM"); then
	bench_abi "$B/tests/progs/filter-exec-32" "i386"
else
	echo "i386 rows left out: $why"
fi
