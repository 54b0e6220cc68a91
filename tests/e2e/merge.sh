#!/bin/bash
# sandcast merge: a union whose bytes do not depend on the order of its
# inputs (counts add, stacks capped the same way), written atomically (a
# reader of the old file keeps it whole; no temporary file is left), and
# refusing a bad input with its line and column.
. "$(dirname "$0")/../lib.sh"
cd "$WORK" || exit 2

# Three real profiles with overlapping calls and more stacks than the cap.
# getppid has 2 stacks in a (of 2 at most) and 3 in c (of 3): the union
# keeps 2 of them (the smallest limit), the same 2 in any order.
"$SANDCAST" record -q --stacks 2 -o a.json -- sh -c "$PROGS/rare 2; $PROGS/stacks sites" > /dev/null
"$SANDCAST" record -q --stacks 2 -o b.json -- sh -c "$PROGS/rare; $PROGS/chain"
"$SANDCAST" record -q --stacks 3 -o c.json -- "$PROGS/stacks" threads > /dev/null
"$SANDCAST" merge -o abc.json a.json b.json c.json
is "$?" 0 "merge of three profiles"
for order in "c.json a.json b.json" "b.json c.json a.json" "c.json b.json a.json"; do
	# shellcheck disable=SC2086
	"$SANDCAST" merge -o other.json $order
	cmp -s abc.json other.json
	check $? "merge $order: the same bytes as a b c"
done
is "$(call_info abc.json x86_64 mq_notify | cut -d' ' -f2)" 4 "counts add: 2 + 2 + 0 mq_notify"
most=$(json abc.json '"%d %d" % (d["stack_limit"],
	max(len(c.get("stacks", [])) for c in d["syscalls"]))')
is "$most" "2 2" "the smallest stack limit, 2, applies to every call"

# Atomic: the old file stays whole for whoever has it open.
cp a.json out.json
exec 3< out.json
"$SANDCAST" merge -o out.json b.json c.json
cmp -s /dev/fd/3 a.json
check $? "a reader of the old profile still reads all of it"
exec 3<&-
"$SANDCAST" merge -o bc.json b.json c.json
cmp -s out.json bc.json
check $? "the new profile is in its place"
is "$(find . -name '*.tmp.*' | wc -l)" 0 "no temporary file left"
"$SANDCAST" merge -o a.json a.json b.json
is "$?" 0 "OUT may be one of the inputs"
is "$(call_info a.json x86_64 mq_notify | cut -d' ' -f2)" 4 "and then holds the union"

printf '{"format": "sandcast-profile", "version": 1,\n "syscalls": [{"arch": "x86_64", "nr": -1, "count": 1}]}\n' > bad.json
"$SANDCAST" merge -o out.json b.json bad.json 2> err
is "$?" 2 "a bad input: exit 2"
grep -q "bad.json:2:40: syscalls\[0\]: \"nr\" should be from 0" err
check $? "naming its line and column and what was expected"
cmp -s out.json bc.json
check $? "and the output is left as it was"
done_testing
