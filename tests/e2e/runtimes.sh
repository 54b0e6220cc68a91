#!/bin/bash
# gen --format oci with the runtimes themselves: crun and runc start
# containers (a read-only view of this host's /usr, /etc, /lib...) under the
# profile of a recording of ls, gzip, sqlite3, python3 and curl, which then
# print what they print natively; a call outside the profile is refused;
# the runtime base sets are what each runtime needs (without them the
# container does not start).
. "$(dirname "$0")/../lib.sh"
. "$top/tests/lib-oci.sh"
cd "$WORK" || exit 2

runtimes=()
for r in crun runc; do
	if oci_can "$r"; then runtimes+=("$r"); else skip "containers under $r" "$WHY"; fi
done
[ ${#runtimes[@]} -gt 0 ] || done_testing

# The programs, run as the containers run them: this environment, in /tmp.
ENVIRON=(env -i PATH=/usr/bin:/bin HOME=/tmp LC_ALL=C)
# NAME|ARGV (| between the arguments).
programs=(
	"ls|/usr/bin/ls|-l|/usr/include/linux/seccomp.h|/usr/include/linux/filter.h"
	"gzip|/usr/bin/gzip|-c|-n|/usr/include/linux/seccomp.h"
	"sqlite3|/usr/bin/sqlite3|:memory:|select sqlite_version(), 6*7"
	"python3|/usr/bin/python3|-c|import json, sqlite3; print(json.dumps([sqlite3.sqlite_version, 42]))"
	"curl|/usr/bin/curl|--version"
)

# native NAME ARGV...: record ARGV into NAME.json, its output into NAME.out.
native() {
	local name=$1; shift
	(cd /tmp && "${ENVIRON[@]}" "$SANDCAST" record -q -o "$WORK/$name.json" -- "$@" \
		> "$WORK/$name.out")
}

for p in "${programs[@]}"; do
	IFS='|' read -r name argv <<< "$p"
	IFS='|' read -r -a argv <<< "$argv"
	if [ ! -x "${argv[0]}" ]; then
		skip "$name in a container" "${argv[0]} is not installed (scripts/deps.sh installs it)"
		continue
	fi
	native "$name" "${argv[@]}"
	check $? "$name: recorded natively"
	"$SANDCAST" gen --format oci -o "$name.oci" "$name.json" 2> "$name.gen"
	check $? "$name: gen --format oci"
	for r in "${runtimes[@]}"; do
		oci_bundle "b-$name-$r" "$name.oci" "${argv[@]}"
		oci_run "$r" "b-$name-$r" > "$name.$r.out" 2> "$name.$r.err"
		is "$?" 0 "$name under $r: the container starts and the program exits 0"
		cmp -s "$name.out" "$name.$r.out"
		check $? "$name under $r: the same output as natively"
	done
done

# A call outside the profile: gen-target's getppid ("extra"); within it,
# status 3. Output to files, as when recorded (a terminal or /dev/null adds
# an ioctl).
native target "$PROGS/gen-target"
"$SANDCAST" gen --format oci -o target.oci target.json 2> /dev/null
for r in "${runtimes[@]}"; do
	oci_bundle "b-t-$r" target.oci "$PROGS/gen-target"
	oci_run "$r" "b-t-$r" > t.out 2>&1
	is "$?" 3 "gen-target under $r: its own status within the profile"
	oci_bundle "b-x-$r" target.oci "$PROGS/gen-target" extra
	oci_run "$r" "b-x-$r" > x.out 2>&1
	is "$?" 159 "gen-target extra under $r: getppid, outside the profile, kills it (SIGSYS)"
done

# Each runtime's base set is needed: without it (--runtime none: the exec
# alone) the container does not start, unless the program itself makes
# every call of the set. gen-target's profile lacks runc's getdents64, and
# a static program's lacks crun's close.
for r in "${runtimes[@]}"; do
	"$SANDCAST" gen --format oci --runtime none -o bare.oci target.json 2> /dev/null
	"$SANDCAST" gen --format oci --runtime "$r" -o own.oci target.json 2> /dev/null
	prog=$PROGS/gen-target
	[ "$r" = crun ] && prog=$PROGS/callchain-static && native static "$prog"
	[ "$r" = crun ] && "$SANDCAST" gen --format oci --runtime none -o bare.oci static.json 2> /dev/null &&
		"$SANDCAST" gen --format oci --runtime crun -o own.oci static.json 2> /dev/null
	oci_bundle "b-bare-$r" bare.oci "$prog"
	oci_run "$r" "b-bare-$r" > bare.out 2>&1
	st=$?
	[ $st -ne 0 ] && [ $st -ne 3 ]
	check $? "$r: --runtime none (the exec alone): the container does not start (status $st)"
	oci_bundle "b-own-$r" own.oci "$prog"
	oci_run "$r" "b-own-$r" > own.out 2>&1
	st=$?
	[ $st -eq 0 ] || [ $st -eq 3 ]
	check $? "$r: --runtime $r: it does (status $st)"
done
done_testing
