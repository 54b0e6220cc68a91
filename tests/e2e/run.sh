#!/bin/bash
# sandcast run: a command under the filter of a recorded profile or of a
# generated file; refused calls reported with arch, name, executable and
# stack, failed with EPERM, the run going on; other actions as the kernel
# applies them. x86-64, i386 and x32 targets.
. "$(dirname "$0")/../lib.sh"

# run_st OUT ERR ARGS...: sandcast run ARGS with stdout in OUT and stderr in
# ERR; print its status.
run_st() {
	local out=$1 err=$2; shift 2
	"$SANDCAST" run "$@" > "$out" 2> "$err"
	echo $?
}

each_abi gen-target
for t in "${ABIS[@]}"; do
	prog=$PROGS/${t%%:*} arch=${t#*:} w=$WORK/$arch
	mkdir -p "$w"
	# Output to files, as below: a terminal adds calls (isatty's ioctl).
	"$SANDCAST" record -q -o "$w/p.json" -- "$prog" > "$w/plain.out"
	nr=$(nr_of "$arch" getppid)

	is "$(run_st "$w/out" "$w/err" --filter "$w/p.json" -- "$prog")" 3 \
		"$arch: within the profile: the command's own status"
	cmp -s "$w/plain.out" "$w/out"; check $? "$arch: within the profile: same output"
	! grep -q refused "$w/err"; check $? "$arch: within the profile: nothing reported"

	is "$(run_st "$w/out" "$w/err" --filter "$w/p.json" -- "$prog" extra)" 159 \
		"$arch: getppid outside the profile: status 159"
	grep -q "^sandcast run: refused $arch getppid ($nr) in $prog (pid [0-9]*); it fails with EPERM:$" "$w/err"
	check $? "$arch: the refusal names arch, call and executable: $(grep -m1 refused "$w/err")"
	grep -q "^ *#[0-9]  *main+0x[0-9a-f]* at gen-target.c:[0-9]* in ${prog##*/}$" "$w/err"
	check $? "$arch: and the stack names main: $(grep -m1 ' main+' "$w/err")"
	grep -q "getppid failed, errno 1$" "$w/out"; check $? "$arch: the call failed with EPERM"
	grep -q "gen-target: done" "$w/out"; check $? "$arch: the run went on to the end"
	grep -q "^  $arch getppid ($nr): 1 call by $prog$" "$w/err" &&
		grep -q "exit status 159, since the filter refused calls (the command's own: 3)" "$w/err"
	check $? "$arch: the summary counts it and gives the command's own status"
	is "$(run_st "$w/out" "$w/err" --violation-status 7 --filter "$w/p.json" -- "$prog" extra)" 7 \
		"$arch: --violation-status 7"

	# The filter as gen writes it, in both formats a program or a launcher takes.
	"$SANDCAST" gen -o "$w/f.c" "$w/p.json" && "$SANDCAST" gen --format bpf -o "$w/f.bpf" "$w/p.json"
	for f in f.c f.bpf; do
		is "$(run_st "$w/out" "$w/err" --filter "$w/$f" -- "$prog" extra)" 159 "$arch: --filter $f: status 159"
		grep -q "refused $arch getppid ($nr)" "$w/err" && grep -q " main+0x" "$w/err"
		check $? "$arch: --filter $f: the refusal and its stack"
		is "$(run_st "$w/out" "$w/err" --filter "$w/$f" -- "$prog")" 3 "$arch: --filter $f: clean run, status 3"
	done

	# A filter that refuses with ENOSYS (as --errno-fallback does): sandcast
	# still starts the command, and the ENOSYS stays.
	"$SANDCAST" gen --action errno:38 -o "$w/f38.c" "$w/p.json"
	is "$(run_st "$w/out" "$w/err" --filter "$w/f38.c" -- "$prog" extra)" 3 \
		"$arch: --filter of gen --action errno:38: the command starts and runs"
	grep -q "getppid failed, errno 38$" "$w/out"; check $? "$arch: and its refusals keep ENOSYS"

	# Other actions: what the kernel does, no report.
	is "$(run_st "$w/out" "$w/err" --action errno:13 --filter "$w/p.json" -- "$prog" extra)" 3 \
		"$arch: --action errno:13: the command's status"
	grep -q "getppid failed, errno 13$" "$w/out" && ! grep -q refused "$w/err"
	check $? "$arch: --action errno:13: EACCES, nothing reported"
	is "$(run_st "$w/out" "$w/err" --action kill-process --filter "$w/f.c" -- "$prog" extra)" 159 \
		"$arch: --action kill-process: killed by SIGSYS"
	grep -q "killed by SIGSYS, most likely by the filter" "$w/err"; check $? "$arch: and says so"
	is "$(run_st "$w/out" "$w/err" --action kill-process --filter "$w/f.c" -- "$prog")" 3 \
		"$arch: --action kill-process, within the profile: status 3"

	run_st "$w/out" "$w/err" --stacks off --filter "$w/p.json" -- "$prog" extra > /dev/null
	grep -A1 "refused $arch getppid" "$w/err" | grep -q "#0  0x[0-9a-f]*"
	check $? "$arch: --stacks off: the instruction pointer alone"
done

# An x32 call from a 64-bit program whose profile has no x32 call: the filter
# gen writes kills it; run reports it.
w=$WORK/x86_64
is "$(run_st "$w/out" "$w/err" --filter "$w/p.json" -- "$PROGS/gen-target" x32)" 159 "x32 call: refused"
grep -q "refused x32 getpid (39) in $PROGS/gen-target" "$w/err" && grep -q "x32 getpid -1, errno 1$" "$w/out"
check $? "x32 call: reported as x32 getpid, failed with EPERM"

# --errno-fallback: clone3 fails with ENOSYS and the program falls back.
"$SANDCAST" record -q -o "$w/c3.json" -- "$PROGS/clone3-fallback" fork > /dev/null
is "$(run_st "$w/out" "$w/err" --filter "$w/c3.json" -- "$PROGS/clone3-fallback")" 159 "clone3 outside the profile: refused"
grep -q "refused x86_64 clone3 (435)" "$w/err"; check $? "and reported"
is "$(run_st "$w/out" "$w/err" --errno-fallback --filter "$w/c3.json" -- "$PROGS/clone3-fallback")" 0 \
	"--errno-fallback: clone3 gets ENOSYS, the program falls back: status 0"
grep -q "fork instead" "$w/out" && ! grep -q refused "$w/err"; check $? "--errno-fallback: nothing reported"

# The execve that starts the command passes whatever the filter says; a
# later one meets it.
"$SANDCAST" record -q -o "$w/sh.json" -- /bin/sh -c ":"
is "$(run_st "$w/out" "$w/err" --action kill-process --filter "$w/sh.json" -- /bin/sh -c ":")" 0 \
	"a profile without execve: sandcast still starts the command"
is "$(run_st "$w/out" "$w/err" --action kill-process --filter "$w/sh.json" -- /bin/sh -c "exec /bin/true")" 159 \
	"a later execve, outside the profile: killed"
run_st "$w/out" "$w/err" --filter "$w/sh.json" -- /bin/sh -c "exec /bin/true" > /dev/null
grep -q "refused x86_64 execve (59)" "$w/err"; check $? "under trace: reported"

# A script whose children break the filter, twice each, one through a
# second shell: each distinct refusal is reported once, with the executable
# that made it, and the summary counts every call.
g64=$PROGS/gen-target g32=$PROGS/gen-target$(can i386 && echo -32)
printf '#!/bin/sh\n%s\n%s\n' "$g64 > /dev/null" "$g32 > /dev/null" > "$WORK/clean.sh"
printf '#!/bin/sh\n%s\n%s\n%s\n%s\n' "$g64 x32 > /dev/null" "$g32 extra > /dev/null" \
	"sh -c '$g64 x32 > /dev/null'" "$g32 extra > /dev/null" > "$WORK/bad.sh"
chmod +x "$WORK/clean.sh" "$WORK/bad.sh"
"$SANDCAST" record -q -o "$w/sh2.json" -- "$WORK/clean.sh"
is "$(run_st "$w/out" "$w/err" --filter "$w/sh2.json" -- "$WORK/clean.sh")" 3 "a script within its profile: its own status (3)"
is "$(run_st "$w/out" "$w/err" --filter "$w/sh2.json" -- "$WORK/bad.sh")" 159 "its children outside it: status 159"
is "$(grep -c "refused x32 getpid (39) in $g64 " "$w/err")" 1 "x32 getpid of two processes: reported once, with its executable"
grep -q "^  x32 getpid (39): 2 calls by $g64$" "$w/err"; check $? "and counted twice in the summary"
if can i386; then
	is "$(grep -c "refused i386 getppid (64) in $g32 " "$w/err")" 1 "i386 getppid of two processes: reported once, with its executable"
	grep -q "^  i386 getppid (64): 2 calls by $g32$" "$w/err"; check $? "and counted twice in the summary"
else
	skip "i386 children of a script" "$WHY"
fi

# A FILTER exported by libseccomp (seccomp_export_bpf), from gen's libseccomp source.
"$SANDCAST" gen --format libseccomp -o "$w/ls.c" "$w/p.json"
libseccomp_export "$w/ls.c" "$w/ls.bpf"
check $? "libseccomp exports the filter of the profile"
is "$(run_st "$w/out" "$w/err" --filter "$w/ls.bpf" -- "$PROGS/gen-target" extra)" 159 "--filter of seccomp_export_bpf(): status 159"
grep -q "refused x86_64 getppid (110)" "$w/err"; check $? "and the refusal: $(grep -m1 refused "$w/err")"
is "$(run_st "$w/out" "$w/err" --filter "$w/ls.bpf" -- "$PROGS/gen-target")" 3 "and a clean run: status 3"

# The tests sandcast puts in front (clone, clone3, seccomp and prctl of
# every arch, x86_64 execve and execveat: 40 instructions) must fit in
# BPF_MAXINSNS: a raw FILTER of 4056 returns (all SECCOMP_RET_ALLOW) runs,
# one of 4057 is refused.
raw_allow() {
	python3 -c 'import struct, sys
open(sys.argv[2], "wb").write(struct.pack("<HBBI", 0x06, 0, 0, 0x7fff0000) * int(sys.argv[1]))' "$@"
}
raw_allow 4056 "$w/fits.bpf" && raw_allow 4057 "$w/over.bpf"
is "$(run_st "$w/out" "$w/err" --filter "$w/fits.bpf" -- "$PROGS/gen-target")" 3 "a FILTER of 4056 instructions: runs"
is "$(run_st "$w/out" "$w/err" --filter "$w/over.bpf" -- "$PROGS/gen-target")" 125 "one of 4057: status 125"
grep -q "takes 4057 instructions: with the tests that let sandcast start the command and keep its children traced, more than the kernel's limit of .* (BPF_MAXINSNS)" "$w/err"
check $? "saying why: $(cat "$w/err")"

old_spelling -f --filter run -f "$WORK/x86_64/p.json" -- "$PROGS/gen-target"
old_spelling -a --action run --filter "$WORK/x86_64/p.json" -a kill-thread -- "$PROGS/gen-target"

is "$(run_st "$w/out" "$w/err" -- true)" 125 "no --filter: status 125"
is "$(run_st "$w/out" "$w/err" --filter "$w/p.json" -- /nonexistent/cmd)" 127 "no such command: 127"
"$SANDCAST" run --help | grep -q "Exit status: under --action trace"; check $? "run --help"

# A filter the kernel would refuse (its last instruction does not return):
# run, record --baseline and verify each say so, with their own status.
printf '%s\n' '#include <linux/filter.h>' '#include <linux/seccomp.h>' \
	'#include <sys/prctl.h>' 'static struct sock_filter filter[] = {' \
	'	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),' '};' 'int install(void);' \
	'int install(void) { struct sock_fprog p = { 1, filter };' \
	'	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p); }' > "$w/refused.c"
for t in "run --filter $w/refused.c -- true:125" \
	"record -o $w/r.json --baseline $w/refused.c -- true:125" "verify $w/refused.c $w/p.json:2"; do
	"$SANDCAST" ${t%:*} 2> "$w/err"
	is "$?" "${t##*:}" "${t%% *}: a filter the kernel would refuse: status ${t##*:}"
	grep -q "refused.c: the kernel would refuse this program: instruction 0: the last instruction does not return" "$w/err"
	check $? "${t%% *}: and why: $(cat "$w/err")"
done
[ ! -e "$w/r.json" ]; check $? "record wrote no profile"
done_testing
