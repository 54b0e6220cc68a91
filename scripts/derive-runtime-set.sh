#!/bin/bash
# scripts/derive-runtime-set.sh crun|runc: find, from the runtime itself, the
# system calls it makes between installing a container's seccomp filter and
# the container's first instruction, and print them as a data/runtimes/
# file (the reasons of data/runtimes/RUNTIME.tsv kept; a new call's reason
# is left for you to write). Needs root and the runtime installed.
#
# How: the container's program is a static one that makes a single call,
# exit(7). (1) Under a profile whose default action is SCMP_ACT_LOG, the
# kernel logs every other call (dmesg, type=1326), over $RUNS runs. (2)
# Under SCMP_ACT_KILL_PROCESS with those calls and execve allowed (the log
# misses runc's), the program must run (status 7) $RUNS times in a row; a
# call that kills the container (logged with sig=31: runc's Go runtime
# calls futex now and then) is added and the count starts again. (3)
# execve is kept only when the program does not run without it.
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"
. "$top/tests/lib-oci.sh"
runtime=${1:-}
case $runtime in crun | runc) ;; *) echo "usage: $0 crun|runc" >&2; exit 2 ;; esac
oci_can "$runtime" || { echo "derive-runtime-set: $WHY" >&2; exit 1; }
data="$top/data/runtimes/$runtime.tsv"
RUNS=${RUNS:-5}

# The program: exit(7), nothing else.
printf 'void _start(void) { __asm__ volatile("mov $60, %%eax\\n mov $7, %%edi\\n syscall"); }\n' \
	> "$WORK/exit7.c"
gcc -static -nostdlib -O2 -o "$WORK/exit7" "$WORK/exit7.c"

# profile FILE DEFAULT NAME...: an OCI seccomp profile allowing exit and NAMEs.
profile() {
	local file=$1 default=$2; shift 2
	python3 - "$file" "$default" exit "$@" <<'PY'
import json, sys
file, default, names = sys.argv[1], sys.argv[2], sys.argv[3:]
doc = {"defaultAction": default, "architectures": ["SCMP_ARCH_X86_64"],
       "syscalls": [{"names": names, "action": "SCMP_ACT_ALLOW"}]}
json.dump(doc, open(file, "w"))
PY
}

# run_once: the container's status, within 30 seconds.
run_once() {
	timeout -k 5 30 bash -c '. "$0/tests/lib.sh"; . "$0/tests/lib-oci.sh"; oci_run "$1" "$2"' \
		"$top" "$runtime" "$WORK/b" > /dev/null 2>&1
}

# kernel_log CMD...: run CMD; print the x86_64 calls the kernel logged
# meanwhile under seccomp (type=1326) outside the program, with "killed"
# after those it killed.
kernel_log() {
	local marker="sandcast-derive-runtime-set-$$-$RANDOM"
	echo "$marker" > /dev/kmsg
	"$@" || true
	sleep 1 # NOTE: kauditd prints the records a moment after the calls
	dmesg | sed -n "/$marker/,\$p" | { grep 'type=1326' || true; } | { grep -v 'comm="exit7"' || true; } |
		sed -n 's/.* sig=\([0-9]*\) arch=c000003e syscall=\([0-9]*\) .*/\2 \1/p' | sort -u |
		while read -r nr sig; do
			echo "$("$SANDCAST" syscalls --arch x86_64 "$nr")$([ "$sig" = 0 ] || echo " killed")"
		done
}

# runs N: run the bundle N times; true when the program ran (status 7) each time.
runs() {
	local i rc
	for ((i = 0; i < $1; i++)); do
		run_once && rc=0 || rc=$?
		[ "$rc" -eq 7 ] || return 1
	done
}

# allow NAME...: the bundle under a kill-process profile allowing exit and NAMEs.
allow() {
	profile "$WORK/s.json" SCMP_ACT_KILL_PROCESS "$@"
	oci_bundle "$WORK/b" "$WORK/s.json" "$WORK/exit7"
}

# (1) What the kernel logs.
profile "$WORK/log.json" SCMP_ACT_LOG
oci_bundle "$WORK/b" "$WORK/log.json" "$WORK/exit7"
needed=$( (kernel_log runs "$RUNS"; echo execve) | sort -u)

# (2) Until the program runs $RUNS times in a row, add what killed it.
for ((round = 0; ; round++)); do
	# shellcheck disable=SC2086
	allow $needed
	killed=$(kernel_log runs "$RUNS" | sed -n 's/ killed$//p')
	[ -z "$killed" ] && runs 1 && break
	[ -n "$killed" ] && [ $round -lt 10 ] ||
		{ echo "derive-runtime-set: $runtime fails with" $needed >&2; exit 1; }
	needed=$(printf '%s\n' $needed $killed | sort -u)
done

# (3) execve, which the log may miss, only when needed.
# shellcheck disable=SC2086
allow $(printf '%s\n' $needed | grep -vx execve)
runs 1 && needed=$(printf '%s\n' $needed | grep -vx execve)

echo "# $($runtime --version | head -1): what its container init calls after it"
echo "# installs the filter, up to the program's first instruction (the exec that"
echo "# starts the program is the profile's own: record keeps it). Derived with"
echo "# scripts/derive-runtime-set.sh $runtime on $(date +%F)."
echo "# name	reason"
for name in $needed; do
	[ "$name" = execve ] && continue
	reason=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$data" 2> /dev/null || true)
	printf '%s\t%s\n' "$name" "${reason:-NEW: write why $runtime needs it}"
done
