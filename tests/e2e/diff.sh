#!/bin/bash
# sandcast diff: exit 0 when nothing was added, 1 when something was, 2 on
# error; the added calls named with their fallbacks and the first frame in
# your code (the callchain fixture's f3), the gone ones listed.
. "$(dirname "$0")/../lib.sh"
unset DEBUGINFOD_URLS # names come from local files only

# old.json: read and clone on x86_64, fstatat64 on i386.
cat > "$WORK/old.json" <<JSON
{"format": "sandcast-profile", "version": 1, "syscalls": [
 {"arch": "x86_64", "nr": 0, "count": 9, "exes": ["$PROGS/callchain"]},
 {"arch": "x86_64", "nr": 56, "count": 1, "exes": ["$PROGS/callchain"]},
 {"arch": "i386", "nr": 300, "count": 1, "exes": ["$PROGS/callchain-32"]}]}
JSON
sed '/"nr": 56/d; /"nr": 300/d; s/"nr": 0, "count": 9, \(.*\)},$/"nr": 0, "count": 9, \1}]}/' \
	"$WORK/old.json" > "$WORK/read.json"

# new.json: read, and clone3 made by the fixture's f3.
chain_profile "$WORK/clone3.json" 2 callchain x86_64 435
"$SANDCAST" merge -o "$WORK/new.json" "$WORK/read.json" "$WORK/clone3.json"
check $? "new profile: read, and clone3 from the fixture's chain"

"$SANDCAST" diff "$WORK/old.json" "$WORK/new.json" > "$WORK/out"
is $? 1 "a call added: exit 1"
f3_off=$(awk -F '\t' '$1 == "f3" { print $3 }' "$WORK/callchain.sites")
f3_line=$(awk -F '\t' '$1 == "f3" { print $2 }' "$WORK/callchain.sites")
f3="f3+$f3_off at callchain.c:$f3_line"
grep -q "^  + clone3 (435): 2 calls by $PROGS/callchain\$" "$WORK/out"
check $? "names the added call, its count and executable"
grep -q "^      newer twin of clone (56), which is gone: glibc 2.34+" "$WORK/out"
check $? "says clone3 is the newer twin of clone, which is gone"
grep -q "^      first frame in your code: $f3 in callchain\$" "$WORK/out"
check $? "the first frame in your code: $f3"
grep -q "^        #1  $f3 in callchain\$" "$WORK/out"
check $? "the stack, symbolised"
grep -q "^  - clone (56): 1 call in OLD\$" "$WORK/out"
check $? "lists clone as gone"
grep -q "^1 system call added: .*new.json makes calls that .*old.json lacks.\$" "$WORK/out"
check $? "a closing line"

"$SANDCAST" diff "$WORK/new.json" "$WORK/new.json" > "$WORK/out"
is $? 0 "same profile: exit 0"
"$SANDCAST" diff "$WORK/old.json" "$WORK/read.json" > "$WORK/out"
is $? 0 "calls gone, none added: exit 0"
grep -q "^  - clone (56)" "$WORK/out" && grep -q "^  - fstatat64 (300)" "$WORK/out"
check $? "calls gone listed per arch"

"$SANDCAST" diff --format markdown "$WORK/old.json" "$WORK/new.json" > "$WORK/out"
is $? 1 "markdown: exit 1"
grep -qF "| x86_64 | \`clone3\` | 435 | 2 | \`f3+$f3_off\` at \`callchain.c:$f3_line\` in \`callchain\` | newer twin of clone (56)" "$WORK/out"
check $? "markdown: a row with the first frame and the fallback"
"$SANDCAST" diff --format json "$WORK/old.json" "$WORK/new.json" |
	json - '[c["name"] for c in d["added"]] == ["clone3"] and
		d["added"][0]["fallback"]["older"] == "clone" and
		d["added"][0]["stacks"][0]["frames"][1]["function"] == "f3" and
		[c["name"] for c in d["removed"]] == ["clone", "fstatat64"]'
check $? "json: added with fallback and stack, removed"

if can i386; then
	chain_profile "$WORK/statx.json" 1 callchain-32 i386 383
	"$SANDCAST" diff "$WORK/old.json" "$WORK/statx.json" > "$WORK/out"
	is $? 1 "i386 statx added: exit 1"
	grep -q "^      newer twin of fstatat64 (300), which is gone: glibc 2.33+ on i386" "$WORK/out"
	check $? "i386 statx: twin of fstatat64"
	grep -q "^      first frame in your code: f3+0x[0-9a-f]* at callchain.c:[0-9]* in callchain-32\$" "$WORK/out"
	check $? "i386: first frame in your code in the 32-bit fixture"
else
	skip "i386 diff" "$WHY"
fi

# Errors: exit 2, never 0 or 1.
printf '{"format": "sandcast-profile",\n  "version": 1,\n  "syscalls": [\n' > "$WORK/bad.json"
"$SANDCAST" diff "$WORK/old.json" "$WORK/bad.json" > /dev/null 2> "$WORK/err"
is $? 2 "corrupt NEW: exit 2"
grep -q "bad.json:4:[0-9]*: not valid JSON" "$WORK/err"
check $? "corrupt NEW: file:line:column"
"$SANDCAST" diff "$WORK/nonexistent.json" "$WORK/new.json" > /dev/null 2> "$WORK/err"
is $? 2 "missing OLD: exit 2"
grep -q "nonexistent.json: cannot open profile" "$WORK/err"
check $? "missing OLD: says which"
"$SANDCAST" diff "$WORK/old.json" > /dev/null 2>&1
is $? 2 "one profile only: exit 2"
"$SANDCAST" diff --format yaml "$WORK/old.json" "$WORK/new.json" > /dev/null 2>&1
is $? 2 "unknown format: exit 2"
old_spelling -f --format diff -f json "$WORK/old.json" "$WORK/new.json"
"$SANDCAST" diff --help | grep -q "Exit status: 0 when NEW adds no call and no argument value, 1 when it"
check $? "--help tells the exit status"
done_testing
