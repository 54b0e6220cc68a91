#!/bin/bash
# record --baseline and diff on a library upgrade: a program linked against
# libtick.so (tests/progs/lib), v1 approved; v2 starts calling faccessat2. The
# baseline run (against the profile, or the filter gen makes of it) records
# exactly that call with v2's function in its stack, diff fails on it, v1
# again passes; the approved file changes only with --update. x86-64 and
# i386.
. "$(dirname "$0")/../lib.sh"
# Every run writes to a file: to /dev/null or a terminal, glibc's stdio
# makes one more call (ioctl TCGETS, from isatty), a real difference.

# setup ARCH DIR: the program tick of ARCH and its libtick v1 and v2 (as make
# builds them) in DIR, the program finding the library through DIR/lib, a
# link to v1 or v2.
setup() {
	local s d=$2
	s=$(abi_suffix "$1")
	mkdir -p "$d/v1" "$d/v2" &&
	cp "$PROGS/libtick$s.so" "$d/v1/libtick.so" &&
	cp "$PROGS/libtick-v2$s.so" "$d/v2/libtick.so" &&
	ln -sfn v1 "$d/lib" &&
	cp "$PROGS/tick$s" "$d/tick"
}

arches=(x86_64)
if can i386; then arches+=(i386); else skip "i386 library" "$WHY"; fi
for arch in "${arches[@]}"; do
	d=$WORK/$arch
	setup "$arch" "$d"; check $? "$arch: libtick v1 and v2 and the program build"

	"$SANDCAST" record -q -o "$d/approved.json" -- "$d/tick" > "$d/v1.out"
	check $? "$arch: v1 recorded: $(cat "$d/v1.out")"
	sum=$(md5sum < "$d/approved.json")
	cp "$d/approved.json" "$d/approved.json.v1"

	ln -sfn v2 "$d/lib"
	"$SANDCAST" record -q --baseline "$d/approved.json" -o "$d/new.json" -- "$d/tick" > "$d/v2.out"
	check $? "$arch: v2 under --baseline runs: $(cat "$d/v2.out")"
	is "$(calls "$d/new.json" "$arch" | tr '\n' ' ')" "faccessat2 " "$arch: the baseline run records exactly the new call"
	is "$(json "$d/new.json" 'd["runs"][0]["baseline"]')" "$d/approved.json" \
		"$arch: and says it was a baseline run"
	is "$(md5sum < "$d/approved.json")" "$sum" "$arch: the approved profile is untouched"
	"$SANDCAST" report --stacks "$d/new.json" > "$d/new.report"
	grep -q "tick_readable+0x[0-9a-f]* at tick.c:[0-9]* in libtick.so" "$d/new.report" &&
		grep -q "\"path\": \"$d/v2/libtick.so\"" "$d/new.json"
	check $? "$arch: its stack names v2's function, in v2's file: $(grep -m1 tick_readable "$d/new.report")"

	"$SANDCAST" diff "$d/approved.json" "$d/new.json" > "$d/diff.out"
	is "$?" 1 "$arch: diff exits 1"
	grep -q "+ faccessat2 (439)" "$d/diff.out" && grep -q "newer twin of faccessat" "$d/diff.out"
	check $? "$arch: diff names faccessat2 and its older twin: $(grep -m1 faccessat2 "$d/diff.out")"
	grep -q "^      first frame in your code: tick_readable+0x[0-9a-f]* at tick.c:[0-9]* in libtick.so$" "$d/diff.out"
	check $? "$arch: diff names the library's function as the first frame in your code"
	grep -q "comes from a --baseline run, which records only calls its baseline lacks" "$d/diff.out"
	check $? "$arch: diff says NEW comes from a --baseline run"
	"$SANDCAST" diff "$d/new.json" "$d/approved.json" > "$d/rdiff.out"
	grep -q "new.json comes from a --baseline run against $d/approved.json: it holds only the calls" "$d/rdiff.out"
	check $? "$arch: diff with the --baseline run as OLD says what to compare instead"

	# The filter gen makes of the approved profile as the baseline: what it
	# allows runs, the rest is recorded (the ENOSYS of --errno-fallback too).
	"$SANDCAST" gen -o "$d/approved.c" "$d/approved.json" &&
		"$SANDCAST" gen --errno-fallback --format bpf -o "$d/approved-f.bpf" "$d/approved.json"
	for b in approved.c approved-f.bpf; do
		"$SANDCAST" record -q --baseline "$d/$b" -o "$d/newf.json" -- "$d/tick" > "$d/run.out"
		is "$(calls "$d/newf.json" "$arch" | tr '\n' ' ')" "faccessat2 " \
			"$arch: --baseline $b (gen's filter): exactly the new call"
	done
	"$SANDCAST" record -q --baseline "$d/approved.c" --update -o "$d/newf.json" -- "$d/tick" \
		> "$d/run.out" 2> "$d/err"
	is "$?" 125 "$arch: --update with a filter as the baseline: refused"
	grep -q "is a filter: give the profile it was generated from" "$d/err"
	check $? "$arch: and says why"

	# The filter of the approved profile: v2 is killed, unless its probe gets
	# ENOSYS (--errno-fallback) and the library falls back.
	# (The launcher that installs it runs under it too: record both.)
	ln -sfn v1 "$d/lib"
	"$SANDCAST" record -q -o "$d/launched.json" -- "$PROGS/filter-exec$(abi_suffix "$arch")" "$d/tick" > /dev/null
	"$SANDCAST" gen -o "$d/f.c" "$d/launched.json" && "$SANDCAST" gen --errno-fallback -o "$d/ff.c" "$d/launched.json" &&
		gcc "$(abi_cflag "$arch")" -DSANDCAST_FILTER_C="\"$d/f.c\"" -o "$d/launch" "$top/tests/progs/filter-exec.c" &&
		gcc "$(abi_cflag "$arch")" -DSANDCAST_FILTER_C="\"$d/ff.c\"" -o "$d/launch-ff" "$top/tests/progs/filter-exec.c"
	ln -sfn v2 "$d/lib"
	is "$("$d/launch" "$d/tick" > "$d/run.out" 2>&1; echo $?)" 159 "$arch: v2 under the approved filter: killed"
	out=$("$d/launch-ff" "$d/tick"); st=$?
	[ $st = 0 ] && [ "$out" = "$(cat "$d/v1.out")" ]
	check $? "$arch: v2 under the --errno-fallback filter: falls back, same output ($out)"

	ln -sfn v1 "$d/lib"
	"$SANDCAST" record -q --baseline "$d/approved.json" -o "$d/new1.json" -- "$d/tick" > "$d/run.out"
	is "$(calls "$d/new1.json" "$arch" | grep -c .)" 0 "$arch: v1 again: nothing new"
	"$SANDCAST" record -q --baseline "$d/approved.c" -o "$d/new1f.json" -- "$d/tick" > "$d/run.out"
	is "$(calls "$d/new1f.json" "$arch" | grep -c .)" 0 "$arch: v1 again under its filter: nothing new"
	"$SANDCAST" diff "$d/approved.json" "$d/new1.json" > /dev/null
	is "$?" 0 "$arch: v1 again: diff exits 0"

	# Approving the change: --update merges the new call into the baseline.
	ln -sfn v2 "$d/lib"
	"$SANDCAST" record -q --baseline "$d/approved.json" -o "$d/approved.json" -- "$d/tick" > "$d/run.out" 2> "$d/err"
	is "$?" 125 "$arch: -o the baseline without --update: refused"
	is "$(md5sum < "$d/approved.json")" "$sum" "$arch: and the approved profile is untouched"
	"$SANDCAST" record -q --baseline "$d/approved.json" --update -o "$d/new2.json" -- "$d/tick" > "$d/run.out"
	calls "$d/approved.json" "$arch" | grep -x faccessat2 > /dev/null
	check $? "$arch: --update: faccessat2 merged into the baseline"
	"$SANDCAST" record -q --baseline "$d/approved.json" -o "$d/new3.json" -- "$d/tick" > "$d/run.out"
	"$SANDCAST" diff "$d/approved.json" "$d/new3.json" > /dev/null
	is "$?" 0 "$arch: after --update, v2 makes nothing new"
	# The updated profile holds a full run as well: a whole profile.
	"$SANDCAST" diff "$d/approved.json.v1" "$d/approved.json" > "$d/upd.out"
	is "$?" 1 "$arch: v1's profile against the updated one: faccessat2 added"
	grep -q "^$arch: 1 call added, 0 gone$" "$d/upd.out" && ! grep -q "baseline" "$d/upd.out"
	check $? "$arch: and the updated profile is not taken for a --baseline run's"
done
done_testing
