#!/bin/bash
# sandcast report on profiles whose frames are real call sites of the
# callchain fixture (x86-64 and i386, as callchain --sites computes them
# without libdw): names, lines, first frames, folded stacks, merging,
# --arch, and errors.
. "$(dirname "$0")/../lib.sh"
unset DEBUGINFOD_URLS # names come from local files only

# site PROG FUNCTION FIELD: a field of the fixture's site line (2 line, 3 offset in function).
site() {
	awk -F '\t' -v f="$2" -v n="$3" '$1 == f { print $n }' "$WORK/$1.sites"
}

# chain_checks PROG ARCH NR: the report of that profile names the whole chain.
chain_checks() {
	local prog=$1 arch=$2 nr=$3 out line off fn
	out=$("$SANDCAST" report --stacks "$WORK/$prog.json")
	check $? "$prog: report --stacks runs"
	for fn in f3 f2 f1 f0 main; do
		line=$(site "$prog" "$fn" 2) off=$(site "$prog" "$fn" 3)
		grep -q "  $fn+$off at callchain.c:$line in $prog\$" <<< "$out"
		check $? "$prog: $fn+$off at callchain.c:$line"
	done
	grep -q "#0  syscall+0x4 .*in libc.so.6" <<< "$out"
	check $? "$prog: libc's syscall named from its dynamic symbols"
	grep -q "^  mq_notify  $nr      3  $PROGS/$prog\$" <<< "$out"
	check $? "$prog: the table row"
	is "$("$SANDCAST" report --format folded "$WORK/$prog.json")" \
		"$arch;$PROGS/$prog;main;f0;f1;f2;f3;syscall;mq_notify 3" "$prog: folded stack"
	"$SANDCAST" report --format markdown "$WORK/$prog.json" | grep -qF \
		"| \`mq_notify\` | $nr | 3 | \`$PROGS/$prog\` | \`f3+$(site "$prog" f3 3)\` at \`callchain.c:$(site "$prog" f3 2)\` in \`$prog\` |"
	check $? "$prog: markdown names f3 as the first frame in your code"
	json - '(lambda f: f["function"] == "f3" and f["line"] == int(a[0]) and
		f["file"].endswith("/tests/progs/callchain.c"))(d["syscalls"][0]["stacks"][0]["frames"][1])' \
		"$(site "$prog" f3 2)" < <("$SANDCAST" report --format json --stacks "$WORK/$prog.json")
	check $? "$prog: json frame with function, file and line"
}

chain_profile "$WORK/callchain.json" 3 callchain x86_64 244
check $? "x86_64 profile from the fixture's sites"
chain_checks callchain x86_64 244
if can i386; then
	chain_profile "$WORK/callchain-32.json" 3 callchain-32 i386 281
	check $? "i386 profile from the fixture's sites"
	chain_checks callchain-32 i386 281
	out=$("$SANDCAST" report "$WORK/callchain.json" "$WORK/callchain-32.json" "$WORK/callchain.json")
	grep -q "^  mq_notify  244      6 " <<< "$out" && grep -q "^  mq_notify  281      3 " <<< "$out"
	check $? "several profiles merge: counts add per arch"
	out=$("$SANDCAST" report --arch i386 "$WORK/callchain.json" "$WORK/callchain-32.json")
	is "$(grep -c '^[a-z0-9_]*:' <<< "$out")" 1 "--arch i386: one arch shown"
	grep -q "^i386: 1 system call, 3 calls in all" <<< "$out"
	check $? "--arch i386: the i386 table"
else
	skip "i386 chain" "$WHY"
fi

# Errors: exit 2 and say where.
printf '{"format": "sandcast-profile",\n "version": 1,\n "syscalls": [}\n' > "$WORK/bad.json"
"$SANDCAST" report "$WORK/bad.json" > /dev/null 2> "$WORK/err"
is $? 2 "corrupt profile: exit 2"
grep -q "bad.json:3:[0-9]*: not valid JSON" "$WORK/err"
check $? "corrupt profile: file:line:column"
"$SANDCAST" report --format yaml "$WORK/callchain.json" > /dev/null 2>&1
is $? 2 "unknown format: exit 2"
"$SANDCAST" report > /dev/null 2>&1
is $? 2 "no profile: exit 2"
# --stacks=N: the N most frequent stacks of each call; --stacks=off: none.
printf '%s\n' '{"format": "sandcast-profile", "version": 1, "stack_limit": 8, "syscalls": [' \
	'{"arch": "x86_64", "nr": 39, "count": 5, "stacks": [' \
	'{"count": 3, "frames": [{"module": "[vdso]", "offset": "0x10"}]},' \
	'{"count": 2, "frames": [{"module": "[vdso]", "offset": "0x20"}]}]}]}' > "$WORK/two.json"
count_stacks() {
	"$SANDCAST" report --format json "$@" "$WORK/two.json" |
		json - 'sum(len(c.get("stacks", [])) for c in d["syscalls"])'
}
is "$(count_stacks --stacks):$(count_stacks --stacks=1):$(count_stacks --stacks=off)" 2:1:0 \
	"--stacks: every stack; --stacks=1: the most frequent; --stacks=off: none"
old_spelling -f --format report -f folded "$WORK/callchain.json"
old_spelling -s --stacks report -s "$WORK/callchain.json"
old_spelling -a --arch report -a i386 "$WORK/callchain.json"

"$SANDCAST" report --help | grep -q "ARCH;EXE;OUTERMOST;...;INNERMOST;CALL COUNT"
check $? "--help tells the folded shape"
"$SANDCAST" --help | grep -q "^  report "
check $? "sandcast --help lists report"
done_testing
