#!/bin/bash
# sandcast record's options: --exe (base name and path globs), concurrent
# --append into one file, -q, -o, the summary line and --help.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"
cd "$WORK" || exit 2

# Two programs under one shell; --exe keeps one of them.
both="$PROGS/rare; $PROGS/chain"
"${RECORD[@]}" -q -o all.json -- sh -c "$both"
is "$?" 0 "record of sh running rare and chain"
is "$(call_info all.json x86_64 mq_notify | cut -d' ' -f2-)" "2 $PROGS/chain,$PROGS/rare" \
	"without --exe: mq_notify from both, with both executables"

"${RECORD[@]}" -q --exe rare -o rare.json -- sh -c "$both"
is "$(call_info rare.json x86_64 mq_notify | cut -d' ' -f2-)" "1 $PROGS/rare" \
	"--exe rare (base name): only rare's mq_notify"
exes=$(json rare.json '" ".join(sorted({e for c in d["syscalls"] for e in c["exes"]}))')
is "$exes" "$PROGS/rare" "--exe rare: no call of sh or chain kept"

"${RECORD[@]}" -q --exe "$PROGS/ch*" --exe '/nowhere/*' -o chain.json -- sh -c "$both"
is "$(call_info chain.json x86_64 mq_notify | cut -d' ' -f2-)" "1 $PROGS/chain" \
	"--exe with a '/' matches the whole path; repeatable"
"${RECORD[@]}" -q --exe 'ch*' -o none.json -- sh -c "$both"
is "$(calls none.json x86_64 | grep -c mq_notify)" 1 "--exe 'ch*' matches the base name chain"
"${RECORD[@]}" -q --exe "$PROGS/cha" -o none.json -- sh -c "$both"
is "$(calls none.json x86_64)" "" "--exe with a '/' matches the whole path, not a prefix: nothing kept"
"${RECORD[@]}" -q --exe "${PROGS%/*}/*" -o tree.json -- sh -c "$both"
is "$(call_info tree.json x86_64 mq_notify | cut -d' ' -f2-)" "2 $PROGS/chain,$PROGS/rare" \
	"--exe DIR/*: '*' crosses '/', so the whole tree under DIR is kept"

# Several record --append into one file at the same time lose nothing.
pids=()
for i in 1 2 3 4 5 6 7 8; do
	"${RECORD[@]}" -q --append -o shared.json -- "$PROGS/rare" 3 &
	pids+=($!)
done
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
is "$fails" 0 "8 concurrent record --append all exit 0"
is "$(call_info shared.json x86_64 mq_notify | cut -d' ' -f2)" 24 "all 8 x 3 mq_notify calls counted"
is "$(json shared.json 'len(d["runs"])')" 8 "8 runs listed"
printf '{"format": "sandcast-profile", "version": 1, "syscalls": [' > broken.json
"${RECORD[@]}" -q --append -o broken.json -- "$PROGS/rare" 2> err
is "$?" 125 "--append to a corrupt profile fails: 125"
grep -q "broken.json:" err
check $? "naming the file, before the command runs"

"${RECORD[@]}" -- "$PROGS/rare" 2> err
is "$?" 0 "default output"
test -s sandcast.json
check $? "default profile is sandcast.json"
is "$(json sandcast.json 'd["runs"][0]["backend"]')" \
	"$BACKEND" "the run names the backend, $BACKEND"
summary=$(cat err)
case $summary in
"sandcast record: 1 process, "*" calls; distinct calls: x86_64 "*"; wrote sandcast.json") true ;;
*) false ;;
esac
check $? "one summary line: processes, calls, distinct per arch, file"
printf '# %s\n' "$summary"
is "$(wc -l < err)" 1 "exactly one line"
"${RECORD[@]}" -q -o q.json -- "$PROGS/rare" 2> err
is "$(cat err)" "" "-q: no summary"

"${RECORD[@]}" --help > help
is "$?" 0 "--help exits 0"
for opt in --output --append --exe --backend --quiet 125 126 127 SIGTERM EBUSY ENOSYS; do
	grep -q -- "$opt" help
	check $? "--help mentions $opt"
done
"$SANDCAST" --help | grep -q '^  record '
check $? "sandcast --help lists record"
"${RECORD[@]}" -q -o opt.json "$PROGS/rare" 1
is "$?" 0 "CMD's own arguments need no --"
done_testing
