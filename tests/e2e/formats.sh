#!/bin/bash
# The formats against what reads them: the names each consumer cannot
# resolve (libseccomp 2.5.4 as scmp_sys_resolver says, minijail with Linux
# 6.1's headers) are never written unless recorded, and then gen warns;
# libseccomp's own filters pass verify under any action; systemd units pass
# systemd-analyze verify; minijail policies keep to minijail's grammar;
# --enosys-after gives newer calls ENOSYS, in the kernel and under crun.
. "$(dirname "$0")/../lib.sh"
. "$top/tests/lib-oci.sh"
cd "$WORK" || exit 2

# Every call of the tables, of the three arches, as one profile.
"$SANDCAST" syscalls | awk '{ print $1, $3 }' | sort -u > all.names
"$SANDCAST" syscalls | awk 'BEGIN { print "{\"format\": \"sandcast-profile\", \"version\": 2, \"syscalls\": [" }
	{ printf "%s{\"arch\": \"%s\", \"nr\": %d, \"count\": 1}", (NR > 1 ? ",\n" : ""), $1, $2 }
	END { print "]}" }' > all.json
is "$(json all.json 'len(d["syscalls"])')" "$(wc -l < all.names)" "a profile of every call of the tables"

# libseccomp: the names it cannot resolve on an arch whose table has them,
# as its own resolver says (-1, or a pseudo-number of -10000 and below for
# a call it knows absent there; -101 to -199 are the socketcall and ipc
# calls, which it can place); gen warns of each recorded one, and no other.
if command -v scmp_sys_resolver > /dev/null; then
	while read -r arch n; do
		[ "$arch" = i386 ] && arch=x86
		nr=$(scmp_sys_resolver -a "$arch" "$n" 2> /dev/null)
		[ "${nr:--1}" -eq -1 ] || [ "$nr" -le -10000 ] && echo "$n"
	done < all.names | sort -u > resolver.unknown
	"$SANDCAST" gen --format oci -o all.oci all.json 2> oci.err
	sed -n 's/.*oci: [a-z0-9_]* \([a-z0-9_]*\), recorded, is unknown to libseccomp.*/\1/p' oci.err |
		sort -u > gen.unknown
	is "$(cat gen.unknown)" "$(cat resolver.unknown)" \
		"oci: gen warns of exactly the recorded names scmp_sys_resolver (libseccomp $(dpkg-query -W -f='${Version}' libseccomp2 2> /dev/null)) cannot resolve ($(wc -l < resolver.unknown))"
else
	skip "the names libseccomp lacks" "scmp_sys_resolver not installed (scripts/deps.sh installs seccomp)"
fi

# Not recorded, not written: --errno-fallback's ENOSYS calls that a
# consumer lacks (map_shadow_stack on x32 for libseccomp; fchmodat2 and
# the futex_* of 6.7 for minijail).
printf '{"format": "sandcast-profile", "version": 2, "syscalls": [%s]}\n' \
	'{"arch": "x86_64", "nr": 0, "count": 1}, {"arch": "x32", "nr": 0, "count": 1}' > small.json
"$SANDCAST" gen --format minijail --errno-fallback -o small.policy small.json 2> small.err
! grep -Eq '^(fchmodat2|futex_wake|futex_wait|futex_requeue|map_shadow_stack):' small.policy
check $? "minijail: calls newer than 6.1 and not recorded are not written"
grep -q "minijail: fchmodat2 is left out: not recorded, and unknown to minijail" small.err
check $? "minijail: and gen says so: $(grep -m1 fchmodat2 small.err)"
grep -q "^# 452 (fchmodat2): left out, minijail has no name for it$" small.policy
check $? "minijail: the policy says so too"

# minijail's grammar (its docs: "syscall: expression", the expression 1 or
# "return ERRNO", comments after #) on the policy of every x86_64 call;
# minijail0 itself where it is installed.
"$SANDCAST" gen --format minijail --arch x86_64 -o all.policy all.json 2> all.err
check $? "minijail: the policy of all x86_64 calls ($(grep -vc '^#' all.policy) rules)"
bad=$(grep -v '^#' all.policy | grep -Ecv '^[a-z_][a-z0-9_]*: (1|return [0-9]+)$')
is "$bad" 0 "minijail: every line of the policy of all x86_64 calls is a rule or a comment"
newer=$(awk -F '\t' '!/^#/ { print $3 }' "$top/data/x86-syscalls-after-6.1.tsv")
is "$(grep -v '^#' all.policy | cut -d: -f1 | grep -Fxc "$newer")" 0 \
	"minijail: no name newer than Linux 6.1's headers"
is "$(grep -c 'recorded, is left out: minijail' all.err)" "$(grep -Fxc "$newer" <(awk '$1 == "x86_64" { print $2 }' all.names))" \
	"minijail: each recorded one left out is warned of"
if command -v minijail0 > /dev/null; then
	minijail0 -T static -S all.policy /bin/true
	check $? "minijail0 -T static runs /bin/true under it"
else
	skip "minijail0 on the policies" "minijail0 is not packaged in Debian 12"
fi

# libseccomp: a recorded call libseccomp 2.5.4 does not know (mseal) is
# given by number to the native arch: the filter installs, and allows it.
(cd /tmp && "$SANDCAST" record -q -o "$WORK/t.json" -- "$PROGS/filter-exec" "$PROGS/newer-call" \
	> /dev/null)
printf '{"format": "sandcast-profile", "version": 2, "syscalls": [%s]}\n' \
	'{"arch": "x86_64", "nr": 462, "count": 1}' > mseal.json
"$SANDCAST" merge -o tm.json t.json mseal.json
"$SANDCAST" gen --format libseccomp -o tm.c tm.json 2> tm.err
grep -q "libseccomp: x86_64 mseal, recorded, is unknown to libseccomp" tm.err
check $? "libseccomp: gen warns of mseal: $(cat tm.err)"
gcc -std=gnu11 -Wall -Werror -DSANDCAST_FILTER_C="\"$WORK/tm.c\"" -o tm \
	"$top/tests/progs/filter-exec.c" -lseccomp
./tm "$PROGS/newer-call" > tm.out 2>&1
is "$?" 0 "libseccomp: the filter with mseal by number installs ($(cat tm.out))"

# libseccomp's own program (seccomp_export_bpf) passes verify under every
# action, though it gives -1 the default action; allowing -1 still fails.
for a in kill-process errno:13 log trap; do
	"$SANDCAST" gen --format libseccomp --action $a -o ls-$a.c t.json 2> /dev/null &&
		libseccomp_export "$WORK/ls-$a.c" ls-$a.bpf
	"$SANDCAST" verify --action $a ls-$a.bpf t.json > ls-$a.verify
	check $? "libseccomp --action $a: its own program passes verify: $(tr '\n' ' ' < ls-$a.verify)"
done
grep -q "numbers\? no call has (-1, 2^31 and up) gets\? another deny action" ls-errno:13.verify
check $? "verify says what it let pass"
# A filter allowing -1 under x86_64: A = nr; if (A == -1) allow; else as gen's.
python3 - ls-errno:13.bpf allow-1.bpf <<'PY'
import struct, sys
prog = open(sys.argv[1], "rb").read()
ins = lambda code, jt, jf, k: struct.pack("=HBBI", code, jt, jf, k)
head = ins(0x20, 0, 0, 0) + ins(0x15, 0, 1, 0xffffffff) + ins(0x06, 0, 0, 0x7fff0000)
open(sys.argv[2], "wb").write(head + prog)
PY
"$SANDCAST" verify --action errno:13 allow-1.bpf t.json > allow-1.verify
is "$?" 1 "a filter that allows -1 fails verify"

# --enosys-after 6.1: fchmodat2 (6.6), which newer-call makes, left out of
# its profile: it fails with ENOSYS in the kernel (c) and under the
# runtimes (oci) with the option, and gets the deny action without it.
json t.json 'dict(d, syscalls=[c for c in d["syscalls"] if c.get("name") != "fchmodat2"])' |
	sed "s/'/\"/g; s/True/true/g; s/False/false/g" > old.json
"$SANDCAST" gen -o old.c old.json && "$SANDCAST" gen --enosys-after 6.1 -o after.c old.json
for f in old after; do
	gcc -std=gnu11 -Wall -Werror -DSANDCAST_FILTER_C="\"$WORK/$f.c\"" -o $f \
		"$top/tests/progs/filter-exec.c"
done
./old "$PROGS/newer-call" > old.out 2>&1
is "$?" 159 "c: fchmodat2 not recorded: killed"
is "$(./after "$PROGS/newer-call" 2>&1)" "fchmodat2: errno 38" "c --enosys-after 6.1: it fails with ENOSYS"
"$SANDCAST" gen --enosys-after 6.6 -o same.c old.json
! grep -q " 452  fchmodat2" same.c
check $? "--enosys-after 6.6: fchmodat2, of 6.6, keeps the deny action"
for r in crun runc; do
	if ! oci_can "$r"; then skip "--enosys-after under $r" "$WHY"; continue; fi
	"$SANDCAST" gen --format oci --enosys-after 6.1 -o after.oci old.json 2> /dev/null
	oci_bundle "b-$r" after.oci "$PROGS/newer-call"
	is "$(oci_run "$r" "b-$r" 2>&1)" "fchmodat2: errno 38" "oci --enosys-after 6.1 under $r: ENOSYS"
done
done_testing
