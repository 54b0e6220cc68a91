#!/bin/bash
# The set of call names sandcast record finds for real programs equals the
# set strace -f reports for the same command. strace shows the command's
# first execve (its own child makes it, after attaching); record does not,
# since sandcast makes that call, so strace's first line is left out: any
# later execve still counts on both sides.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"
if ! command -v strace > /dev/null; then
	skip "record and strace find the same calls" "strace not installed"
	done_testing
fi

# strace_names ARGS...: the sorted call names strace -f sees, first line out.
strace_names() {
	strace -f -qq -o "$WORK/strace.out" "$@" > /dev/null 2>&1
	tail -n +2 "$WORK/strace.out" |
		sed -n 's/^[0-9]* *\([a-z_0-9]*\)(.*/\1/p' | sort -u
}

# compare DESCRIPTION ARGS...
compare() {
	local what=$1; shift
	local ours theirs
	"${RECORD[@]}" -q -o "$WORK/p.json" -- "$@" > /dev/null 2>&1
	ours=$(calls "$WORK/p.json" x86_64)
	theirs=$(strace_names "$@")
	[ "$(wc -l <<< "$theirs")" -gt 15 ]
	check $? "$what: strace saw a real set of calls"
	is "$(comm -3 <(echo "$ours") <(echo "$theirs") | tr -s '\t\n' '  ')" "" \
		"$what: the same names as strace -f (left: record only, right: strace only)"
	is "$(calls "$WORK/p.json" i386)$(calls "$WORK/p.json" x32)" "" "$what: nothing under i386 or x32"
}

compare "ls -l /usr" ls -l /usr
compare "python3 -c pass" /usr/bin/python3 -c pass
compare "sh running ls and python3" sh -c 'ls -l /usr; /usr/bin/python3 -c pass'
done_testing
