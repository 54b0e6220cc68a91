#!/bin/bash
# sandcast record puts each call under the architecture that made it: rare
# calls in the x86-64, i386 and x32 builds, raw x32 calls, int 0x80 from a
# 64-bit program, and a 64 -> x32 -> i386 -> 64 exec chain in one process.
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
if can i386; then
	rare_check i386 "$PROGS/rare-32"
	is "$(call_info "$WORK/i386.json" i386 mq_notify | cut -d' ' -f1)" 281 "mq_notify is 281 on i386"
else
	skip "i386 rare calls" "$WHY"
fi
if can x32; then
	rare_check x32 "$PROGS/rare-x32"
	is "$(call_info "$WORK/x32.json" x32 mq_notify | cut -d' ' -f1)" 527 "mq_notify is 527 on x32"
else
	skip "x32 rare calls" "$WHY"
fi

# Raw x32 calls from a 64-bit program reach the filter whether or not the
# kernel serves them; x32call checks it gets the kernel's own answer.
can x32-calls && answer="the kernel's x32 answers" || answer="ENOSYS (no x32 here)"
"${RECORD[@]}" -q -o "$WORK/x32raw.json" -- "$PROGS/x32call"
is "$?" 0 "raw x32 calls get $answer under record as without it"
is "$(call_info "$WORK/x32raw.json" x32 getpid | cut -d' ' -f1,2)" "39 1" "x32 getpid: nr 39, the x32 bit removed"
is "$(call_info "$WORK/x32raw.json" x32 mq_notify | cut -d' ' -f1,2)" "527 1" "x32 mq_notify: its own nr 527"
is "$(call_info "$WORK/x32raw.json" x86_64 getpid)" "" "no x86_64 getpid in the x32 run"

if can int80; then
	"${RECORD[@]}" -q -o "$WORK/int80.json" -- "$PROGS/int80"
	is "$?" 0 "int 0x80 from a 64-bit program returns as without record"
	is "$(call_info "$WORK/int80.json" i386 mq_notify | cut -d' ' -f1,2)" "281 1" "int 0x80 recorded as i386 mq_notify"
	is "$(call_info "$WORK/int80.json" x86_64 mq_notify)" "" "and not as an x86_64 call"
else
	skip "int 0x80 from a 64-bit program" "$WHY"
fi

# chain_calls CALL LINK...: CALL recorded under each LINK's arch (a LINK is
# PROG:ARCH) as many times as the chain has that link, by that program.
chain_calls() {
	local call=$1 t arch want; shift
	for t in $(printf '%s\n' "$@" | sort -u); do
		arch=${t#*:}
		want="$("$SANDCAST" syscalls "$call" | awk -v a="$arch" '$1 == a { print $2 }')"
		want="$want $(printf '%s\n' "$@" | grep -cx "$t") $PROGS/${t%%:*}"
		is "$(call_info "$WORK/chain.json" "$arch" "$call")" "$want" "$call under $arch, by ${t%%:*}"
	done
}

# chain_check LINK...: an exec chain through the LINKs in one process, each
# link's mq_notify and execve recorded under its own arch.
chain_check() {
	local links=() t
	for t in "$@"; do links+=("$PROGS/${t%%:*}"); done
	"${RECORD[@]}" -o "$WORK/chain.json" -- "${links[@]}" 2> "$WORK/chain.err"
	is "$?" 0 "exec chain $(printf '%s ' "${@#*:}")exits 0"
	grep -q "record: 1 process," "$WORK/chain.err"
	check $? "the chain is one process"
	chain_calls mq_notify "$@"
	chain_calls execve "${@:1:$#-1}"
}

if can i386; then
	chain_check chain:x86_64 chain-32:i386 chain:x86_64
else
	skip "64 -> 32 -> 64 exec chain" "$WHY"
fi
if can i386 && can x32; then
	chain_check chain:x86_64 chain-x32:x32 chain-32:i386 chain:x86_64
else
	skip "64 -> x32 -> 32 -> 64 exec chain" "$WHY"
fi
done_testing
