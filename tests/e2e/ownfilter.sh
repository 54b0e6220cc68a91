#!/bin/bash
# A program's own seccomp filter answers calls before sandcast's could
# (errno, trap, user-notif and kill outrank trace): under ptrace, record
# still sees those calls and the program gets the answers it would get
# without sandcast (tests/progs/ownfilter.c checks each); run refuses what
# its filter refuses even when the program's filter would answer first;
# under notify, which cannot see them, record says so in the summary and
# the profile.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"

SEVEN="getpgrp getppid ioprio_get kcmp membarrier mq_notify personality"
# seven PROFILE ARCH: the counts of the seven calls the program makes.
seven() {
	json "$1" '" ".join(str(sum(c["count"] for c in calls(a[0], n))) for n in a[1:]) + " "' \
		"$2" $SEVEN
}
# own PROFILE: the own filters its run notes, as "ACTIONS:HIDDEN ...".
own() {
	json "$1" '" ".join(",".join(o["actions"]) + ":" + str(o["hidden"]).lower()
		for r in d["runs"] for o in r.get("own_filters", []))'
}

each_abi ownfilter
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:}
	for mode in errno trap notif stack; do
		"$prog" $mode
		is "$?" 0 "$arch $mode: the program's own checks pass without sandcast"
		"${RECORD[@]}" -o "$WORK/$arch-$mode.json" -- "$prog" $mode 2> "$WORK/$arch-$mode.err"
		st=$?
		if [ "$BACKEND" = notify ] && [ $mode = notif ]; then
			is "$st" 2 "$arch notif: a listener of its own gets EBUSY under notify"
			continue
		fi
		is "$st" 0 "$arch $mode: under record, each call got its filter's answer"
		if [ "$BACKEND" = notify ]; then
			is "$(own "$WORK/$arch-$mode.json")" \
				"$([ $mode = stack ] && echo "errno:77:true trap:42:true" ||
				echo "$( [ $mode = errno ] && echo errno:77 || echo trap:42):true")" \
				"$arch $mode: the profile notes the filter, its calls hidden"
			grep -q "installed a seccomp filter that answers calls before sandcast's .*not seen" \
				"$WORK/$arch-$mode.err"
			check $? "$arch $mode: record warns: $(head -1 "$WORK/$arch-$mode.err")"
			continue
		fi
		is "$(seven "$WORK/$arch-$mode.json" "$arch")" "1 1 1 1 1 1 1 " \
			"$arch $mode: the seven calls its filter answers are recorded"
		case $mode in
		errno) want="errno:77:false" ;;
		trap) want="trap:42:false" ;;
		notif) want="user-notif:false" ;;
		stack) want="errno:77:false trap:42:false" ;;
		esac
		is "$(own "$WORK/$arch-$mode.json")" "$want" "$arch $mode: the profile notes the filter, calls seen"
		grep -q "installed a seccomp filter that answers calls itself ($(echo "$want" |
			cut -d: -f1-2 | sed 's/:false//')): they were seen" "$WORK/$arch-$mode.err"
		check $? "$arch $mode: the summary says so: $(head -1 "$WORK/$arch-$mode.err")"
	done
	# A child inherits the filter: forked once it is in, it makes the calls.
	for mode in errno trap stack; do
		"${RECORD[@]}" -q -o "$WORK/$arch-$mode-fork.json" -- "$prog" $mode fork 2> /dev/null
		is "$?" 0 "$arch $mode fork: the child gets its filter's answers"
		[ "$BACKEND" = notify ] && continue
		is "$(seven "$WORK/$arch-$mode-fork.json" "$arch")" "1 1 1 1 1 1 1 " \
			"$arch $mode fork: the child's seven calls are recorded"
	done
	"${RECORD[@]}" -q -o "$WORK/kill.json" -- "$prog" kill
	is "$?" 159 "$arch kill: the program's filter kills it, as without sandcast"
	if [ "$BACKEND" = ptrace ]; then
		is "$(seven "$WORK/kill.json" "$arch" | cut -d' ' -f2)" 1 \
			"$arch kill: the call that killed it is recorded"
	fi
done

# run --filter refuses what its filter refuses, though the program's own
# filter would answer first: the filter of each recording less the seven.
if [ "$BACKEND" = ptrace ]; then
	for mode in errno trap notif stack; do
		json "$WORK/x86_64-$mode.json" 'json.dumps(dict(d, syscalls=[c for c in
			d["syscalls"] if c.get("name") not in a]))' $SEVEN > "$WORK/$mode-less.json"
		"$SANDCAST" run --filter "$WORK/$mode-less.json" -- "$PROGS/ownfilter" $mode \
			> /dev/null 2> "$WORK/run-$mode.err"
		is "$?" 159 "run $mode: the filter refused calls: 159"
		is "$(grep -o '^sandcast run: refused x86_64 [a-z_]*' "$WORK/run-$mode.err" |
			cut -d' ' -f5 | grep -v write | sort | tr '\n' ' ')" "$SEVEN " \
			"run $mode: each of the seven is reported"
	done
else
	skip "run --filter refuses what the program's filter answers" "run uses ptrace"
fi
done_testing
