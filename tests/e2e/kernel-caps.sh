#!/bin/bash
# What the running kernel can run, and sandcast on a kernel that cannot:
# the probes (tests/progs/abi) agree with running the programs; where i386
# or x32 programs cannot run, record and run say why in one line and exit
# 126, and the commands that run nothing (syscalls, gen, verify, report,
# diff, merge) work on i386 and x32 profiles as everywhere. make check-vm
# boots a kernel without ia32 (ia32_emulation=off) to run the i386 half.
. "$(dirname "$0")/../lib.sh"
cd "$WORK" || exit 2

# The probes against the programs themselves.
for abi in i386:-32 x32:-x32; do
	arch=${abi%%:*} prog=$PROGS/abi${abi#*:}
	ran=$("$prog" 2> /dev/null)
	if can "$arch"; then
		is "$ran" "$arch" "abi --can $arch: yes, and abi$(abi_suffix "$arch") runs as $arch"
	else
		is "$ran" "" "abi --can $arch: no ($WHY), and abi$(abi_suffix "$arch") does not run"
	fi
done

# cannot_run ARCH WANT: record and run of ARCH's abi build exit 126 with
# one line that says what happened and why (WANT, a pattern of the why).
cannot_run() {
	local arch=$1 want=$2 prog=$PROGS/abi$(abi_suffix "$1") cmd
	for cmd in record run; do
		if [ $cmd = record ]; then
			"${RECORD[@]}" -o p.json -- "$prog" > /dev/null 2> err
		else
			"$SANDCAST" run --filter "$WORK/x86_64.json" -- "$prog" > /dev/null 2> err
		fi
		is "$?" 126 "$arch: $cmd of $arch program: 126"
		is "$(wc -l < err)" 1 "$arch: $cmd says it in one line"
		grep -q "^sandcast $cmd: cannot execute '$prog': it is an $arch program, and this kernel runs no $want" err
		check $? "$arch: $cmd says what and why: $(cat err)"
	done
	test ! -e p.json
	check $? "$arch: no profile written"
}

"$SANDCAST" record -q -o x86_64.json -- "$PROGS/abi" > /dev/null
if can i386; then
	skip "record and run of an i386 program where the kernel runs none" \
		"this kernel runs them: make check-vm boots one with ia32_emulation=off"
else
	cannot_run i386 "32-bit programs (IA32 emulation is off): boot it with ia32_emulation=on"
fi
if can x32; then
	skip "record and run of an x32 program where the kernel runs none" \
		"this kernel runs them: make check runs this on a host without x32"
else
	cannot_run x32 "x32 programs: that takes a kernel built with CONFIG_X86_X32_ABI and booted with syscall.x32=y"
fi

# The commands that run nothing, on a profile of all three ABIs.
cat > all.json <<EOF
{"format": "sandcast-profile", "version": 2, "syscalls": [
 {"arch": "x86_64", "nr": 1, "count": 1, "exes": ["$PROGS/abi"]},
 {"arch": "x86_64", "nr": 231, "count": 1},
 {"arch": "i386", "nr": 4, "count": 2, "exes": ["$PROGS/abi-32"]},
 {"arch": "i386", "nr": 252, "count": 1},
 {"arch": "x32", "nr": 1, "count": 3, "exes": ["$PROGS/abi-x32"]},
 {"arch": "x32", "nr": 231, "count": 1}]}
EOF
is "$("$SANDCAST" syscalls --arch i386 write)" 4 "syscalls: i386 write is 4"
"$SANDCAST" report all.json > report.out
grep -q "i386" report.out && grep -q "x32" report.out
check $? "report: the i386 and x32 calls"
"$SANDCAST" merge -o merged.json all.json x86_64.json
check $? "merge of the three ABIs with a recording"
"$SANDCAST" gen -o f.c all.json && "$SANDCAST" verify f.c all.json > /dev/null
check $? "gen and verify of the three ABIs"
"$SANDCAST" diff x86_64.json all.json > diff.out
is "$?" 1 "diff: the i386 and x32 calls are new"
grep -q "i386" diff.out && grep -q "x32" diff.out
check $? "diff names them"
done_testing
