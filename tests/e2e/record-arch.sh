#!/bin/bash
# sandcast record puts each call under the architecture that made it: rare
# calls in the x86-64 and i386 builds, raw x32 calls, int 0x80 from a 64-bit
# program, and a 64 -> 32 -> 64 exec chain in one process.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"
rare_names="ioprio_get
kcmp
membarrier
mq_notify
personality"

# rare_check ARCH PROG: the rare calls, once each, under ARCH only.
rare_check() {
	local arch=$1 prog=$2 other
	"${RECORD[@]}" -q -o "$WORK/$arch.json" -- "$prog"
	is "$?" 0 "$arch: record of rare calls exits 0"
	is "$(calls "$WORK/$arch.json" "$arch" | grep -xF "$rare_names")" "$rare_names" \
		"$arch: mq_notify, ioprio_get, kcmp, membarrier, personality recorded"
	for name in $rare_names; do
		is "$(call_info "$WORK/$arch.json" "$arch" "$name" | cut -d' ' -f2-)" "1 $prog" \
			"$arch: $name once, by $(basename "$prog")"
	done
	for other in x86_64 i386 x32; do
		[ "$other" = "$arch" ] && continue
		is "$(calls "$WORK/$arch.json" "$other")" "" "$arch: nothing under $other"
	done
}

rare_check x86_64 "$PROGS/rare"
is "$(call_info "$WORK/x86_64.json" x86_64 mq_notify | cut -d' ' -f1)" 244 "mq_notify is 244 on x86_64"
if need_m32; then
	rare_check i386 "$PROGS/rare-32"
	is "$(call_info "$WORK/i386.json" i386 mq_notify | cut -d' ' -f1)" 281 "mq_notify is 281 on i386"
else
	skip "i386 rare calls" "gcc -m32 cannot build"
fi

"${RECORD[@]}" -q -o "$WORK/x32.json" -- "$PROGS/x32call"
is "$?" 0 "x32 raw calls fail with ENOSYS under record as without it"
is "$(call_info "$WORK/x32.json" x32 getpid | cut -d' ' -f1,2)" "39 1" "x32 getpid: nr 39, the x32 bit removed"
is "$(call_info "$WORK/x32.json" x32 mq_notify | cut -d' ' -f1,2)" "527 1" "x32 mq_notify: its own nr 527"
is "$(call_info "$WORK/x32.json" x86_64 getpid)" "" "no x86_64 getpid in the x32 run"

"${RECORD[@]}" -q -o "$WORK/int80.json" -- "$PROGS/int80"
is "$?" 0 "int 0x80 from a 64-bit program returns as without record"
is "$(call_info "$WORK/int80.json" i386 mq_notify | cut -d' ' -f1,2)" "281 1" "int 0x80 recorded as i386 mq_notify"
is "$(call_info "$WORK/int80.json" x86_64 mq_notify)" "" "and not as an x86_64 call"

if need_m32; then
	"${RECORD[@]}" -o "$WORK/chain.json" -- "$PROGS/chain" "$PROGS/chain-32" "$PROGS/chain" 2> "$WORK/chain.err"
	is "$?" 0 "64 -> 32 -> 64 exec chain exits 0"
	grep -q "record: 1 process," "$WORK/chain.err"
	check $? "the chain is one process"
	is "$(call_info "$WORK/chain.json" x86_64 mq_notify)" "244 2 $PROGS/chain" "x86_64 mq_notify twice, by chain"
	is "$(call_info "$WORK/chain.json" i386 mq_notify)" "281 1 $PROGS/chain-32" "i386 mq_notify once, by chain-32"
	is "$(call_info "$WORK/chain.json" x86_64 execve)" "59 1 $PROGS/chain" "the 64-bit execve, by chain"
	is "$(call_info "$WORK/chain.json" i386 execve)" "11 1 $PROGS/chain-32" "the 32-bit execve, by chain-32"
else
	skip "64 -> 32 -> 64 exec chain" "gcc -m32 cannot build"
fi
done_testing
