#!/bin/bash
# Paths and arguments of any bytes: a program in a directory whose name is
# not UTF-8, or holds a newline and an escape sequence, is recorded into a
# profile every command reads, the bytes come back, and reports show them
# escaped (a markdown table keeps its rows, a terminal gets no escape code).
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"

# The repro of the issue: a non-UTF-8 directory, a non-UTF-8 argument.
d="$WORK/d"$'\xff'
mkdir "$d"
cp "$PROGS/rare" "$d/"
cd "$WORK" || exit 2
"${RECORD[@]}" -q -o p.json -- "./d"$'\xff'"/rare" 1 $'arg\xfe%' 2> err
is "$?" 0 "record a program under d\\xff with an argument arg\\xfe%"
"$SANDCAST" report p.json > report.txt 2> err
is "$?" 0 "report reads the profile: $(cat err)"
"$SANDCAST" gen -o f.c p.json 2> err
is "$?" 0 "gen reads it: $(cat err)"
"$SANDCAST" merge -o m.json p.json p.json 2> err
is "$?" 0 "merge reads it: $(cat err)"
"${RECORD[@]}" -q --append -o p.json -- "./d"$'\xff'"/rare" 2> err
is "$?" 0 "record --append into it: $(cat err)"
"${RECORD[@]}" -q --append -o p.json -- "./d"$'\xff'"/rare" 2> err
is "$?" 0 "and again"
is "$(json p.json 'calls("x86_64", "mq_notify")[0]["count"]')" 3 "the three runs' calls are in"
got=$(json p.json '"%s %s %s" % (d["version"], d["runs"][0]["argv"][2], d["syscalls"][0]["exes"][0])')
is "$got" "3 {'bytes': 'arg%FE%25'} {'bytes': '$WORK/d%FF/rare'}" \
	"version 3: text that is not UTF-8 as {\"bytes\": percent-encoded}"
grep -q "$WORK/d\\\\xff/rare" report.txt
check $? "report shows the path escaped (d\\xff)"

# A newline and an escape sequence in the path of the program and module.
e="$WORK/n"$'\n'"l"$'\e'"[31m"
mkdir "$e"
cp "$PROGS/callchain" "$e/"
"${RECORD[@]}" -q -o q.json -- "$e/callchain" 2> err
is "$?" 0 "record a program under a directory with a newline and ESC"
for f in text markdown folded; do
	"$SANDCAST" report --format $f --stacks q.json > "q.$f" 2> err
	is "$?" 0 "report --format $f reads it"
	! grep -q $'\e' "q.$f"
	check $? "report --format $f writes no ESC"
done
grep -q 'n\\x0al\\x1b\[31m/callchain' q.text
check $? "text: the executable shown escaped"
is "$(grep -c '^| `' q.markdown)" "$(calls q.json x86_64 | wc -l)" \
	"markdown: one table row per call (no row broken by a newline)"
is "$(grep -cv ' [0-9][0-9]*$' q.folded)" 0 "folded: every line ends with its count"
if [ "$BACKEND" = ptrace ]; then
	! grep -q "module gone" q.text
	check $? "the module path from /proc/PID/maps is the real one (not gone)"
	grep -q 'f3+0x[0-9a-f]* at callchain.c' q.text
	check $? "and its frames are named from it"
else
	skip "module paths from /proc/PID/maps" "notify records no stacks"
	skip "frames named" "notify records no stacks"
fi
done_testing
