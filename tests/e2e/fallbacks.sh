#!/bin/bash
# core/fallbacks.c against the real glibc: for each newer call it names,
# a glibc function that makes it (tests/progs/glibc-probes; the recording
# shows it does), run again with that call alone failing with ENOSYS: "ok"
# when glibc falls back (or does without), else the error the caller gets.
# Then sandcast's own word on each: the diff's note and gen --errno-fallback.
. "$(dirname "$0")/../lib.sh"

# enosys_bpf OUT ARCH NAME: a filter failing call NAME of ARCH with ENOSYS
# (SECCOMP_RET_ERRNO | 38) and allowing everything else.
enosys_bpf() { one_call_bpf "$1" "$2" "$3" 0x50026; }

# CALL PROBE WHAT-GLIBC-DOES: glibc 2.36 on x86_64, i386 and x32.
both=(
	"clone3 thread ok" "clone3 spawn ok" "faccessat2 faccessat ok"
	"close_range closefrom ok" "preadv2 preadv2 ok" "pwritev2 pwritev2 ok"
	"execveat fexecve ok" "statx statx ok" "rseq nothing ok"
)
# On i386 only: stat() through statx, and the 64-bit-time calls.
i386=(
	"statx stat ok" "clock_getres_time64 clock_getres ok"
	"clock_adjtime64 clock_adjtime ok" "timer_settime64 timer ok"
	"timer_gettime64 timer ok" "timerfd_gettime64 timerfd ok"
	"recvmmsg_time64 recvmmsg ok" "sched_rr_get_interval_time64 sched_rr ok"
	"clock_gettime64 clock_gettime_cpu ENOSYS" "utimensat_time64 utimensat_wide EOVERFLOW"
)

each_abi glibc-probes
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:} w=$WORK/$arch
	mkdir -p "$w"
	cases=("${both[@]}")
	[ "$arch" = i386 ] && cases+=("${i386[@]}")
	for c in "${cases[@]}"; do
		read -r call probe want <<< "$c"
		"$SANDCAST" record -q --stacks off -o "$w/$probe.json" -- "$prog" "$probe" > /dev/null
		calls "$w/$probe.json" "$arch" | grep -x "$call" > /dev/null
		check $? "$arch: $probe makes $call"
		enosys_bpf "$w/$call.bpf" "$arch" "$call"
		is "$("$PROGS/filter-exec" -f "$w/$call.bpf" "$prog" "$probe" 2>&1)" "$want" \
			"$arch: $call failing with ENOSYS, $probe: $want"
	done
done

# What sandcast says of them: a profile of the probes without the newer
# calls; gen --errno-fallback fails the ones glibc falls back from with
# ENOSYS, and leaves clock_gettime64 to the deny action.
if can i386; then
	w=$WORK/i386
	"$SANDCAST" merge -o "$w/all.json" "$w"/*.json
	python3 - "$w/all.json" "$w/old.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
new = {"statx", "clock_getres_time64", "timer_settime64", "clock_gettime64", "utimensat_time64"}
p["syscalls"] = [c for c in p["syscalls"] if not (c["arch"] == "i386" and c["name"] in new)]
json.dump(p, open(sys.argv[2], "w"))
PY
	"$SANDCAST" gen --errno-fallback -o "$w/f.c" "$w/old.json"
	grep -q "^ \*   i386 .*statx -> fstatat64 " "$w/f.c" &&
		grep -q "^ \*   i386 .*clock_getres_time64 -> clock_getres" "$w/f.c" &&
		grep -q "^ \*   i386 .*utimensat_time64 -> utimensat" "$w/f.c"
	check $? "gen --errno-fallback: ENOSYS for statx, clock_getres_time64, utimensat_time64"
	! grep -q "^ \*   i386 .*clock_gettime64" "$w/f.c"
	check $? "but not for clock_gettime64, whose ENOSYS glibc passes on"
	"$SANDCAST" diff "$w/old.json" "$w/all.json" > "$w/diff"
	grep -q "^      newer twin of clock_gettime (265), no fallback: the i386 vDSO" "$w/diff"
	check $? "diff: clock_gettime64 has no fallback"
	grep -q "^      newer twin of utimensat (320): .*only for a time that does not fit in 32 bits.*EOVERFLOW" "$w/diff"
	check $? "diff: utimensat_time64 is made only for wide times"
else
	skip "i386 errno-fallback" "$WHY"
fi
done_testing
