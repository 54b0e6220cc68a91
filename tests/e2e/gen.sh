#!/bin/bash
# sandcast gen and verify end to end: profiles recorded by sandcast record,
# filters compiled into a launcher (tests/progs/filter-exec.c) and enforced by
# the kernel, for x86-64, i386 and x32 targets, raw x32 calls, every output format,
# --errno-fallback, restart_syscall, hostile text.
. "$(dirname "$0")/../lib.sh"
CFLAGS_GEN=(-std=c99 -Wall -Wextra -Wcast-qual -Werror -pedantic)

# profile_of OUT CMD...: record every call CMD makes (its output to
# /dev/null, as in the runs under the filters below) into the profile OUT.
profile_of() {
	local out=$1; shift
	"$SANDCAST" record -q -o "$out" -- "$@" > /dev/null
}

# launcher FILTER.c OUT [CFLAGS...]: filter-exec with the generated filter in it.
launcher() {
	local filter=$1 out=$2; shift 2
	gcc -std=gnu11 -Wall -Wextra -Werror -DSANDCAST_FILTER_C="\"$filter\"" \
		-o "$out" "$top/tests/progs/filter-exec.c" "$@"
}

# status CMD...: run CMD, print its exit status (128+N for signal N).
status() { "$@" >/dev/null 2>&1; echo $?; }

each_abi gen-target
targets=("${ABIS[@]}")
for t in "${targets[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:} w=$WORK/$arch
	mkdir -p "$w"
	profile_of "$w/p.json" "$PROGS/filter-exec" "$prog"
	n=$(calls "$w/p.json" "$arch" | wc -l)
	[ "$n" -gt 10 ]; check $? "$arch: profile of the launcher and target ($n $arch calls)"

	"$SANDCAST" gen -o "$w/f.c" "$w/p.json"; check $? "$arch: gen writes C"
	"$SANDCAST" gen "$w/p.json" > "$w/f1.c" && "$SANDCAST" gen "$w/p.json" > "$w/f2.c" &&
		cmp -s "$w/f1.c" "$w/f2.c"
	check $? "$arch: the same profile gives the same bytes"
	for m in -m64 -m32 -mx32; do
		for r in "" -DSANDCAST_REPORT -DSANDCAST_LEARN; do
			gcc $m $r "${CFLAGS_GEN[@]}" -c -o /dev/null "$w/f.c"
			check $? "$arch: the C filter compiles with gcc $m $r ${CFLAGS_GEN[*]}"
			if command -v clang > /dev/null; then
				clang $m $r "${CFLAGS_GEN[@]}" -c -o /dev/null "$w/f.c"
				check $? "$arch: and with clang $m $r"
			else
				skip "$arch: clang $m $r" "no clang here"
			fi
		done
	done
	gcc -DSANDCAST_REPORT -DSANDCAST_LEARN -c -o /dev/null "$w/f.c" 2>&1 | grep -q "exclude each other"
	check $? "$arch: -DSANDCAST_REPORT with -DSANDCAST_LEARN: refused"
	"$SANDCAST" verify "$w/f.c" "$w/p.json" > "$w/verify.out"
	check $? "$arch: verify passes on the C filter"

	launcher "$w/f.c" "$w/launch"; check $? "$arch: the launcher builds"
	"$prog" > "$w/plain.out"; plain=$?
	"$w/launch" "$prog" > "$w/filtered.out"; filtered=$?
	is "$filtered" "$plain" "$arch: same exit status under the filter ($plain)"
	cmp -s "$w/plain.out" "$w/filtered.out"; check $? "$arch: same output under the filter"
	is "$(status "$w/launch" "$prog" extra)" 159 "$arch: getppid, not in the profile: killed by SIGSYS"

	"$SANDCAST" gen --action errno:13 -o "$w/errno.c" "$w/p.json" && launcher "$w/errno.c" "$w/launch-errno"
	out=$("$w/launch-errno" "$prog" extra); st=$?
	is "$st" 3 "$arch: --action errno:13: the program goes on"
	[[ $out == *"getppid failed, errno 13"* ]]; check $? "$arch: --action errno:13: getppid fails with EACCES"
	# The other actions, as the kernel takes them (SECCOMP_RET_TRACE with
	# no tracer fails the call with ENOSYS).
	for a in kill-thread:159: trap:159: log:3:worked trace:3:"failed, errno 38"; do
		IFS=: read -r act want says <<< "$a"
		"$SANDCAST" gen --action $act -o "$w/$act.c" "$w/p.json" && launcher "$w/$act.c" "$w/launch-$act"
		out=$("$w/launch-$act" "$prog" extra 2>&1); st=$?
		[[ $st == "$want" && ( -z $says || $out == *"getppid $says"* ) ]]
		check $? "$arch: --action $act: status $want${says:+, getppid $says} (got $st)"
	done

	# The SIGSYS handler does not survive execve(): the launcher itself, built
	# for the target's arch, makes the call (filter-exec -l: getppid).
	launcher "$w/f.c" "$w/launch-report" -DSANDCAST_REPORT "$(abi_cflag "$arch")"
	"$w/launch-report" -l 1 > /dev/null 2> "$w/report.err"; st=$?
	is "$st" 159 "$arch: SANDCAST_REPORT build exits 159"
	nr=$(nr_of "$arch" getppid)
	grep -q "blocked system call getppid ($arch $nr)" "$w/report.err"
	check $? "$arch: SANDCAST_REPORT names the call and its arch: $(cat "$w/report.err")"

	# The installer, built for the arch, under a filter that fails its
	# seccomp() with ENOSYS (a kernel before 3.17): it falls back to
	# prctl(PR_SET_SECCOMP) and the filter holds; with EACCES: it returns
	# -1 with errno set.
	launcher "$w/f.c" "$w/launch-own" "$(abi_cflag "$arch")"
	for e in 38 13; do
		one_call_bpf "$w/seccomp-$e.bpf" "$arch" seccomp $((0x50000 | e)) # SECCOMP_RET_ERRNO | e
	done
	is "$(status "$w/launch-own" -f "$w/seccomp-38.bpf" -l 1)" 159 \
		"$arch: seccomp() fails with ENOSYS: installed through prctl(), getppid killed"
	"$w/launch-own" -f "$w/seccomp-13.bpf" -l 1 > /dev/null 2> "$w/own.err"; st=$?
	is "$st" 125 "$arch: seccomp() fails with EACCES: the installer fails"
	grep -q "sandcast_install_filter: Permission denied" "$w/own.err"
	check $? "$arch: and returns -1 with errno EACCES: $(cat "$w/own.err")"

	"$SANDCAST" gen --format bpf -o "$w/f.bpf" "$w/p.json"
	"$PROGS/filter-exec" -f "$w/f.bpf" "$prog" > "$w/bpf.out"; st=$?
	is "$st" "$plain" "$arch: the bpf format, installed as is: same status"
	cmp -s "$w/plain.out" "$w/bpf.out"; check $? "$arch: the bpf format: same output"
	"$SANDCAST" verify "$w/f.bpf" "$w/p.json" >/dev/null; check $? "$arch: verify passes on the bpf filter"
done

# --arch and --function: the x86_64 calls of a profile of both builds, in a
# function named as asked; the kernel kills the i386 build at its first call.
if can i386; then
	"$SANDCAST" merge -o "$WORK/both.json" "$WORK/x86_64/p.json" "$WORK/i386/p.json"
	"$SANDCAST" gen --arch x86_64 --function app_filter -o "$WORK/a64.c" "$WORK/both.json"
	grep -q "^app_filter(void)$" "$WORK/a64.c" && ! grep -q sandcast_install_filter "$WORK/a64.c"
	check $? "--function app_filter: the function and its tables are named so"
	launcher "$WORK/a64.c" "$WORK/launch-a64" -Dsandcast_install_filter=app_filter
	is "$(status "$WORK/launch-a64" "$PROGS/gen-target")" 3 "--arch x86_64: the 64-bit build runs"
	is "$(status "$WORK/launch-a64" "$PROGS/gen-target-32")" 159 "--arch x86_64: the i386 build is killed"
	"$SANDCAST" verify --arch x86_64 "$WORK/a64.c" "$WORK/both.json" > /dev/null
	check $? "verify --arch x86_64 passes"
	"$SANDCAST" verify "$WORK/a64.c" "$WORK/both.json" | grep -q "i386 .*got kill-process *want allow"
	check $? "verify without --arch: the i386 calls are missing"
else
	skip "--arch x86_64 of a profile of both builds" "$WHY"
fi

# The x32 path, from 64-bit code: x32 not recorded -> killed whatever the
# action; recorded -> through the filter to the kernel, which serves it or
# fails it with ENOSYS.
w=$WORK/x86_64 prog=$PROGS/gen-target
is "$(status "$w/launch-errno" "$prog" x32)" 159 "x32 call with no x32 in the profile: killed, even with errno:13"
python3 - "$w/p.json" "$w/p32.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["syscalls"].append({"arch": "x32", "nr": 39, "count": 1})
json.dump(p, open(sys.argv[2], "w"))
PY
"$SANDCAST" gen -o "$w/x32.c" "$w/p32.json" && launcher "$w/x32.c" "$w/launch-x32"
out=$("$w/launch-x32" "$prog" x32); st=$?
if can x32-calls; then
	[[ $st == 3 && $out =~ "x32 getpid "[1-9][0-9]*", errno 0" ]]
	check $? "x32 getpid recorded: the filter lets it through (the kernel's pid): $out"
else
	[[ $st == 3 && $out == *"x32 getpid -1, errno 38"* ]]
	check $? "x32 getpid recorded: the filter lets it through (ENOSYS from the kernel): $out"
fi
is "$(status "$w/launch-x32" "$prog" extra)" 159 "with x32 admitted, an unrecorded x86_64 call is still killed"
"$SANDCAST" verify "$w/x32.c" "$w/p32.json" >/dev/null; check $? "verify passes with x32 admitted"

# verify fails on a broken filter: one generated without write(2).
python3 - "$w/p.json" "$w/nowrite.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["syscalls"] = [c for c in p["syscalls"] if not (c["arch"] == "x86_64" and c["nr"] == 1)]
json.dump(p, open(sys.argv[2], "w"))
PY
"$SANDCAST" gen -o "$w/nowrite.c" "$w/nowrite.json"
"$SANDCAST" verify "$w/nowrite.c" "$w/p.json" > "$w/broken.out"; st=$?
is "$st" 1 "verify fails on a filter that lacks a recorded call"
grep -q "x86_64 1 (write) .*got kill-process *want allow" "$w/broken.out"
check $? "verify names the call: $(sed -n 2p "$w/broken.out")"
head -c 16 "$w/../x86_64/f.bpf" > "$w/cut.bpf"
"$SANDCAST" verify "$w/cut.bpf" "$w/p.json" 2> "$w/cut.err"; st=$?
is "$st" 2 "verify refuses a truncated program as the kernel would"
grep -q "does not return\|past the end" "$w/cut.err"; check $? "and says why: $(cat "$w/cut.err")"
"$SANDCAST" gen --format libseccomp -o "$w/lsc.c" "$w/p.json"
"$SANDCAST" verify "$w/lsc.c" "$w/p.json" 2> "$w/lsc.err"; st=$?
is "$st" 2 "verify refuses a text that holds no program (the libseccomp source)"
grep -q "^sandcast verify: $w/lsc.c: cannot .*seccomp_export_bpf() writes" "$w/lsc.err"
check $? "and says what it takes: $(tail -1 "$w/lsc.err")"
"$SANDCAST" gen -o "$w/typo.c" "$w/p.json"
line=$(grep -n "BPF_STMT(BPF_RET" "$w/typo.c" | head -1 | cut -d: -f1)
sed -i "${line}s/BPF_RET | BPF_K/BPF_RET | BPF_KK/" "$w/typo.c"
"$SANDCAST" verify "$w/typo.c" "$w/p.json" 2> "$w/typo.err"; st=$?
is "$st" 2 "verify refuses a C filter with a typo"
grep -q "^$w/typo.c:$line:.*BPF_KK" "$w/typo.err" &&
	grep -q "^sandcast verify: $w/typo.c: cannot compile: the C compiler failed" "$w/typo.err"
check $? "the compiler names the file and line, sandcast what failed: $(cat "$w/typo.err")"

# OCI: valid JSON naming the same calls as the C filter's table.
"$SANDCAST" gen --format oci -o "$w/oci.json" "$w/p32.json" 2> "$w/oci.err"
grep -q "oci: .* calls recorded on some architectures only" "$w/oci.err"
check $? "oci: warns that x86_64-only calls are allowed for x32 too"
oci_names=$(json "$w/oci.json" 'd["defaultAction"] == "SCMP_ACT_KILL_PROCESS" and
	[" ".join(d["architectures"])] + sorted(set(n for r in d["syscalls"] for n in r["names"]))')
check $? "oci: the JSON parses"
is "$(echo "$oci_names" | head -1)" "SCMP_ARCH_X86_64 SCMP_ARCH_X32" "oci: architectures"
# Those of the C filter, and what gen said it added for the runtimes.
c_names=$( (sed -n 's/^ \*   \(x86_64\|i386\|x32\) *[0-9]*  \([a-z0-9_]*\) .*/\2/p' "$w/x32.c"
	sed -n 's/^sandcast gen: oci:   \([a-z0-9_]*\): .*/\1/p' "$w/oci.err") | sort -u)
grep -q "^sandcast gen: oci:   epoll_ctl: .*(runc 1.1.5 (Debian 12))$" "$w/oci.err"
check $? "oci: adds runc's epoll_ctl, not recorded, and says why"
is "$(echo "$oci_names" | tail -n +2)" "$c_names" "oci: the calls of the C filter and those gen says it added"

# oci: the shape of the OCI runtime-spec's LinuxSeccomp (schema/config-linux.json,
# defs-linux.json: field names, SeccompArch and SeccompAction values, errnoRet
# only with SCMP_ACT_ERRNO), for every action and with --errno-fallback, and no
# name in two rules (libseccomp would take whichever the runtime adds last).
oci_shape='import json, sys
d = json.load(open(sys.argv[1]))
acts = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
        "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"}
arches = {"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32"}
def errno_ok(o, act, key):
    assert (key in o) == (o[act] == "SCMP_ACT_ERRNO"), o
    assert key not in o or (isinstance(o[key], int) and 0 < o[key] < 4096), o
assert set(d) <= {"defaultAction", "defaultErrnoRet", "architectures", "syscalls"}, d.keys()
assert d["defaultAction"] in acts
errno_ok(d, "defaultAction", "defaultErrnoRet")
assert d["architectures"] and set(d["architectures"]) <= arches
ops = {"SCMP_CMP_EQ", "SCMP_CMP_MASKED_EQ"}
names, with_args = [], set()
for r in d["syscalls"]:
    assert set(r) <= {"names", "action", "errnoRet", "args"} and r["action"] in acts, r
    assert r["names"] and all(isinstance(n, str) and n for n in r["names"]), r
    errno_ok(r, "action", "errnoRet")
    for a in r.get("args", []):
        assert set(a) <= {"index", "value", "valueTwo", "op"} and a["op"] in ops, a
        assert 0 <= a["index"] < 6 and 0 <= a["value"] < 2**64, a
        assert ("valueTwo" in a) == (a["op"] == "SCMP_CMP_MASKED_EQ"), a
    if "args" in r:
        with_args.update(r["names"])
    else:
        names += r["names"]
assert len(names) == len(set(names)), "a name in two rules without args"
assert not with_args & set(names), "a name both with and without args"'
# The i386 profile is there only when gcc -m32 builds.
oci_in=("$w/p32.json")
[ -f "$WORK/i386/p.json" ] && oci_in+=("$WORK/i386/p.json")
for a in kill-process kill-thread trap errno:13 log trace; do
	"$SANDCAST" gen --format oci --action $a -o "$w/oci-$a.json" "${oci_in[@]}" 2>/dev/null &&
		python3 -c "$oci_shape" "$w/oci-$a.json"
	check $? "oci --action $a: the runtime-spec's shape"
done
"$SANDCAST" gen --format oci --errno-fallback -o "$w/oci-fb.json" "${oci_in[@]}" 2>/dev/null &&
	python3 -c "$oci_shape" "$w/oci-fb.json"
check $? "oci --errno-fallback: the runtime-spec's shape, each name once"

# A number past the tables has no name: the formats that name calls say they leave it out.
python3 - "$w/p.json" "$WORK/unnamed.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["syscalls"].append({"arch": "x86_64", "nr": 4000, "count": 1})
json.dump(p, open(sys.argv[2], "w"))
PY
for f in oci systemd; do
	"$SANDCAST" gen --format $f "$WORK/unnamed.json" 2>&1 >/dev/null |
		grep -q "x86_64 call 4000 has no name sandcast knows: a format that names calls leaves it out"
	check $? "$f: warns of the call it cannot name"
done

# libseccomp: the source compiles against -lseccomp, installs, and the
# program it builds, exported, passes verify: x86_64 alone, with x32, and
# with i386 (libseccomp takes numbers as native ones, so the source names
# the calls); under the last, the i386 build runs too.
"$SANDCAST" gen --format libseccomp -o "$w/ls.c" "$w/p.json"
launcher "$w/ls.c" "$w/launch-ls" -lseccomp; check $? "libseccomp: compiles and links"
"$w/launch-ls" "$prog" > "$w/ls.out"; st=$?
is "$st" 3 "libseccomp: the target runs under it"
cmp -s "$w/plain.out" "$w/ls.out"; check $? "libseccomp: same output"
is "$(status "$w/launch-ls" "$prog" extra)" 159 "libseccomp: getppid killed"
for p in "$w/p.json" "$w/p32.json" $(can i386 && echo "$WORK/both.json"); do
	"$SANDCAST" gen --format libseccomp -o "$w/lsp.c" "$p" &&
		libseccomp_export "$w/lsp.c" "$w/ls.bpf"
	"$SANDCAST" verify "$w/ls.bpf" "$p" > "$w/ls.verify"
	check $? "libseccomp's own program passes verify (${p##*/}): $(cat "$w/ls.verify")"
done
if can i386; then
	launcher "$w/lsp.c" "$w/launch-ls2" -lseccomp
	"$w/launch-ls2" "$PROGS/gen-target-32" > "$w/ls32.out"; st=$?
	is "$st" 3 "libseccomp, both arches: the i386 build runs under it"
	is "$(status "$w/launch-ls2" "$PROGS/gen-target-32" extra)" 159 "libseccomp, both arches: i386 getppid killed"
fi

# systemd and minijail.
"$SANDCAST" gen --format systemd "$w/p32.json" > "$w/unit"
grep -q "^SystemCallArchitectures=x86-64 x32$" "$w/unit"; check $? "systemd: architectures"
grep "^SystemCallFilter=" "$w/unit" | grep -qw write; check $? "systemd: the calls"
if command -v systemd-analyze > /dev/null; then
	{ printf '[Unit]\nDescription=sandcast test\n[Service]\nExecStart=%s\n' "$prog"
	  "$SANDCAST" gen --format systemd --action errno:13 --errno-fallback "$w/p32.json" 2>/dev/null
	} > "$WORK/sandcast-test.service"
	systemd-analyze verify "$WORK/sandcast-test.service" > "$WORK/analyze.out" 2>&1 && ! [ -s "$WORK/analyze.out" ]
	check $? "systemd: systemd-analyze verify takes the unit without a word: $(head -c 300 "$WORK/analyze.out")"
else
	skip "systemd-analyze verify" "no systemd-analyze here"
fi
"$SANDCAST" gen --format systemd --action trap "$w/p.json" 2> "$w/err" >/dev/null
is "$?" 2 "systemd: an action it cannot express is refused"
echo keep > "$w/out.conf"
"$SANDCAST" gen --format systemd --action trap -o "$w/out.conf" "$w/p.json" 2>/dev/null
is "$?" 2 "systemd: refused with -o FILE too"
is "$(cat "$w/out.conf")" keep "and the -o file is left as it was"
is "$(ls "$w" | grep -c '^out\.conf\.')" 0 "and no temporary file is left beside it"
chmod 0640 "$w/out.conf"
"$SANDCAST" gen --format systemd -o "$w/out.conf" "$w/p.json"
grep -q "^SystemCallFilter=" "$w/out.conf" && ! ls "$w" | grep -q '^out\.conf\.'
check $? "a gen that succeeds replaces the -o file, and no temporary file is left"
is "$(umask 027; "$SANDCAST" gen -o "$w/new.c" "$w/p.json" && stat -c %a "$w/new.c")" 640 \
	"a new -o file gets the mode 0666 less the umask"
"$SANDCAST" gen --format minijail "$w/p32.json" > "$w/m.policy"
grep -q "^write: 1$" "$w/m.policy" && grep -q "x32 calls: a policy is compiled for one" "$w/m.policy"
check $? "minijail: calls, and what it cannot say"

# Hostile text from a profile can close no comment and no string.
python3 - "$w/p.json" "$WORK/hostile.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
evil = '/tmp/x*/ y/* "q" \\ \n ??/ ??= \t end*'
p["runs"][0]["argv"] = ["./app", evil]
p["stack_limit"] = 8  # recorded without stacks: 0
p["syscalls"][0]["stacks"] = [{"count": 1, "frames": [
    {"module": "/lib/x86_64-linux-gnu/libc.so.6", "offset": "0x10"},
    {"module": evil, "offset": "0x20"}]}]
json.dump(p, open(sys.argv[2], "w"))
PY
"$SANDCAST" gen -o "$WORK/hostile.c" "$WORK/hostile.json"
for m in -m64 -m32 -mx32; do
	gcc $m "${CFLAGS_GEN[@]}" -DSANDCAST_REPORT -c -o /dev/null "$WORK/hostile.c"
	check $? "hostile paths: still compiles cleanly ($m)"
done
grep -qF '/tmp/x*\/ y/\* "q" \134 \012 \?\?/ \?\?= \011 end*+0x20' "$WORK/hostile.c"
check $? "hostile paths: escaped in the call's comment"
"$SANDCAST" verify "$WORK/hostile.c" "$WORK/hostile.json" >/dev/null
check $? "hostile paths: verify still reads the program"

# The first frame of the program's own code, named by reporter/symbolize.
main=$(nm "$prog" | awk '$3 == "main" { print $1 }')
python3 - "$w/p.json" "$WORK/framed.json" "$prog" "$main" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["stack_limit"] = 8  # recorded without stacks: 0
p["syscalls"][0]["stacks"] = [{"count": 1, "frames": [
    {"module": "/lib/x86_64-linux-gnu/libc.so.6", "offset": "0x10"},
    {"module": sys.argv[3], "offset": hex(int(sys.argv[4], 16) + 4)}]}]
json.dump(p, open(sys.argv[2], "w"))
PY
"$SANDCAST" gen -o "$WORK/framed.c" "$WORK/framed.json"
grep -q "gen-target+0x[0-9a-f]* main+0x4 at .*gen-target.c:[0-9]" "$WORK/framed.c"
check $? "a call's comment names its first own frame: $(grep -o 'gen-target+0x.*' "$WORK/framed.c" | head -1)"

# --errno-fallback: a program that tries clone3 and falls back to fork on
# ENOSYS, with a profile of its fork path (no clone3): killed without the
# option, runs with it. And glibc itself: a profile without rseq, which
# glibc registers at start-up and does without on ENOSYS.
has_call() { # PROFILE ARCH NAME: whether PROFILE has NAME of ARCH
	json "$1" 'any(c["nr"] == int(a[1]) for c in calls(a[0]))' "$2" "$(nr_of "$2" "$3")"
}
drop_call() { # PROFILE OUT ARCH NAME: PROFILE without NAME of ARCH
	python3 - "$@" "$(nr_of "$3" "$4")" <<'PY'
import json, sys
src, out, arch, name, nr = sys.argv[1:]
p = json.load(open(src))
p["syscalls"] = [c for c in p["syscalls"] if not (c["arch"] == arch and c["nr"] == int(nr))]
json.dump(p, open(out, "w"))
PY
}
each_abi clone3-fallback
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:} w=$WORK/$arch
	profile_of "$w/c3.json" "$PROGS/filter-exec" "$prog" fork
	has_call "$w/c3.json" "$arch" clone && ! has_call "$w/c3.json" "$arch" clone3
	check $? "$arch: the fork path's profile has clone, not clone3"
	"$SANDCAST" gen -o "$w/c3.c" "$w/c3.json" && launcher "$w/c3.c" "$w/launch-c3"
	is "$(status "$w/launch-c3" "$prog")" 159 "$arch: clone3 outside the profile: killed"
	"$SANDCAST" gen --errno-fallback -o "$w/c3f.c" "$w/c3.json" && launcher "$w/c3f.c" "$w/launch-c3f"
	out=$("$w/launch-c3f" "$prog"); st=$?
	is "$st" 0 "$arch: --errno-fallback: the program runs"
	[[ $out == *"clone3 failed with ENOSYS, fork instead"*"child exited 7"* ]]
	check $? "$arch: --errno-fallback: clone3 fails with ENOSYS and fork does the work: $(echo $out)"
	grep -q "^ \*   $arch *435  clone3 -> clone (allowed)$" "$w/c3f.c"
	check $? "$arch: the C comment names clone3's fallback: $(grep -m1 " $arch .* clone3 ->" "$w/c3f.c")"
	"$SANDCAST" verify --errno-fallback "$w/c3f.c" "$w/c3.json" >/dev/null
	check $? "$arch: verify --errno-fallback passes"
	"$SANDCAST" verify "$w/c3f.c" "$w/c3.json" > "$w/c3f.verify"
	is "$?" 1 "$arch: verify without --errno-fallback fails, and hints at it"
	grep -q "clone3) *got errno:38 *want kill-process" "$w/c3f.verify" &&
		grep -q "verify it with --errno-fallback" "$w/c3f.verify"
	check $? "$arch: and names clone3 and the option"

	p=$WORK/${arch}/p.json
	drop_call "$p" "$w/norseq.json" "$arch" rseq
	"$SANDCAST" gen -o "$w/norseq.c" "$w/norseq.json" && launcher "$w/norseq.c" "$w/launch-norseq"
	"$SANDCAST" gen --errno-fallback -o "$w/norseqf.c" "$w/norseq.json" &&
		launcher "$w/norseqf.c" "$w/launch-norseqf"
	target=$PROGS/gen-target$(abi_suffix "$arch")
	is "$(status "$w/launch-norseq" "$target")" 159 "$arch: glibc's rseq outside the profile: killed at start-up"
	"$w/launch-norseqf" "$target" > "$w/norseq.out"; st=$?
	is "$st" 3 "$arch: --errno-fallback: glibc runs on without rseq"
	cmp -s "$w/plain.out" "$w/norseq.out"; check $? "$arch: --errno-fallback: same output"
done
w=$WORK/x86_64
"$SANDCAST" gen --errno-fallback --format oci -o "$w/c3f.json" "$w/c3.json" 2>/dev/null
json "$w/c3f.json" '[(r["action"], r["errnoRet"]) for r in d["syscalls"]
	if "clone3" in r["names"]][0] == ("SCMP_ACT_ERRNO", 38)'
check $? "oci: clone3 gets SCMP_ACT_ERRNO with errnoRet 38"
"$SANDCAST" gen --errno-fallback --format minijail "$w/c3.json" | grep -qx "clone3: return 38"
check $? "minijail: clone3: return 38"
"$SANDCAST" gen --errno-fallback --format libseccomp -o "$w/c3f-ls.c" "$w/c3.json" &&
	launcher "$w/c3f-ls.c" "$w/launch-c3f-ls" -lseccomp
out=$("$w/launch-c3f-ls" "$PROGS/clone3-fallback")
check $? "libseccomp with --errno-fallback: the program runs ($(echo $out))"
"$SANDCAST" gen --errno-fallback --action errno:38 "$w/c3.json" 2>/dev/null
is "$?" 2 "--errno-fallback with --action errno:38 is refused (nothing to tell apart)"

# restart_syscall: stopped and continued in nanosleep, a process resumes
# through restart_syscall, which its profile (no stop while recorded) lacks.
# stopped_in_sleep CMD...: run CMD, SIGSTOP it once it sleeps, SIGCONT it;
# print its status.
stopped_in_sleep() {
	local pid i
	"$@" > /dev/null 2>&1 & pid=$!
	for ((i = 0; i < 500; i++)); do
		[ "$(cat /proc/$pid/wchan 2>/dev/null)" = hrtimer_nanosleep ] && break
		sleep 0.01
	done
	kill -STOP $pid
	for ((i = 0; i < 500; i++)); do
		[ "$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null)" = T ] && break
		sleep 0.01
	done
	kill -CONT $pid
	wait $pid
	echo $?
}
for t in "${targets[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:} w=$WORK/$arch
	profile_of "$w/sleep.json" "$PROGS/filter-exec" "$prog" sleep
	has_call "$w/sleep.json" "$arch" nanosleep || has_call "$w/sleep.json" "$arch" clock_nanosleep ||
		has_call "$w/sleep.json" "$arch" clock_nanosleep_time64
	check $? "$arch: the sleeper's profile has its sleep"
	! has_call "$w/sleep.json" "$arch" restart_syscall
	check $? "$arch: and no restart_syscall"
	"$SANDCAST" gen --format bpf -o "$w/sleep.bpf" "$w/sleep.json"
	one_call_bpf "$w/no-restart.bpf" "$arch" restart_syscall 0x80000000 # SECCOMP_RET_KILL_PROCESS
	is "$(stopped_in_sleep "$PROGS/filter-exec" -f "$w/no-restart.bpf" -f "$w/sleep.bpf" "$prog" sleep)" 159 \
		"$arch: control: stopped in nanosleep, the process resumes through restart_syscall (a filter killing it kills the process)"
	is "$(stopped_in_sleep "$PROGS/filter-exec" -f "$w/sleep.bpf" "$prog" sleep)" 3 \
		"$arch: under the generated filter, stopped and continued in nanosleep: it finishes"
done

# 330 extra calls per arch (long jumps), on top of the target's.
python3 - "$w/p.json" "$WORK/long.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for i in range(330):
    for a in ("x86_64", "i386", "x32"):
        p["syscalls"].append({"arch": a, "nr": 1001 + 2 * i, "count": 1})
json.dump(p, open(sys.argv[2], "w"))
PY
"$SANDCAST" gen -o "$WORK/long.c" "$WORK/long.json"; check $? "330 more calls per arch: gen"
grep -q "BPF_JMP | BPF_JA" "$WORK/long.c"; check $? "long jumps go through BPF_JA"
launcher "$WORK/long.c" "$WORK/launch-long"
"$WORK/launch-long" "$prog" > "$WORK/long.out"; st=$?
is "$st" 3 "the kernel takes the long program and the target runs"
cmp -s "$w/plain.out" "$WORK/long.out"; check $? "same output under the long program"
is "$(status "$WORK/launch-long" "$prog" extra)" 159 "and still kills getppid"
"$SANDCAST" verify "$WORK/long.c" "$WORK/long.json" >/dev/null; check $? "verify passes on the long program"

# More than BPF_MAXINSNS instructions: refused with a clear message.
python3 -c 'import json; json.dump({"format": "sandcast-profile", "version": 1,
  "syscalls": [{"arch": "x86_64", "nr": 1000 * i, "count": 1} for i in range(3000)]},
  open("'"$WORK/huge.json"'", "w"))'
"$SANDCAST" gen -o "$WORK/huge.c" "$WORK/huge.json" 2> "$WORK/huge.err"
is "$?" 2 "3000 scattered calls: gen refuses"
grep -q "instructions, more than the kernel's limit of .* (BPF_MAXINSNS)" "$WORK/huge.err"; check $? "and says why: $(cat "$WORK/huge.err")"

old_spelling -f --format gen -f bpf "$WORK/long.json"
old_spelling -a --action gen --format bpf -a kill-thread "$WORK/long.json"
old_spelling -a --action verify -a kill-process "$WORK/long.c" "$WORK/long.json"

"$SANDCAST" gen --help | grep -q -- "--function NAME"; check $? "gen --help"
"$SANDCAST" verify --help | grep -q "Exit status"; check $? "verify --help"
done_testing
