#!/bin/bash
# The built-in tables against the host's uapi headers and libseccomp's
# scmp_sys_resolver, for every number of x86_64, i386 and x32.
. "$(dirname "$0")/../lib.sh"
inc=/usr/include/x86_64-linux-gnu/asm

# header_pairs HEADER: "nr name" lines of <asm/HEADER>, x32 bit removed.
header_pairs() {
	sed -n 's/^#define __NR_\([a-z0-9_]*\) (*\(__X32_SYSCALL_BIT + \)*\([0-9]*\))*$/\3 \1/p' "$inc/$1" | sort -n
}

"$SANDCAST" syscalls > "$WORK/all"
check $? "sandcast syscalls lists the tables"
for pair in x86_64:unistd_64.h i386:unistd_32.h x32:unistd_x32.h; do
	arch=${pair%%:*}
	header_pairs "${pair#*:}" > "$WORK/$arch.h"
	awk -v a="$arch" '$1 == a { print $2, $3 }' "$WORK/all" | sort -n > "$WORK/$arch.ours"
	missing=$(comm -23 <(sort "$WORK/$arch.h") <(sort "$WORK/$arch.ours"))
	is "$missing" "" "$arch: every call of <asm/${pair#*:}> with the same number"
	extra=$(comm -13 <(sort "$WORK/$arch.h") <(sort "$WORK/$arch.ours") | awk '{ print $2 }' | sort)
	newer=$(awk -F '\t' -v a="$arch" '!/^#/ && ($2 == "all" || ($2 == "common" && a != "i386") || ($2 == "i386" && a == "i386")) { print $3 }' "$top/data/x86-syscalls-after-6.1.tsv" | sort)
	extra_not_newer=$(comm -23 <(echo "$extra") <(echo "$newer"))
	is "$extra_not_newer" "" "$arch: calls beyond the headers are the listed newer ones"
done

if ! command -v scmp_sys_resolver >/dev/null; then
	skip "numbers agree with scmp_sys_resolver" "scmp_sys_resolver not installed (package seccomp)"
else
	for arch in x86_64 i386 x32; do
		sarch=$arch; [ $arch = i386 ] && sarch=x86
		bad=0 compared=0
		while read -r nr name; do
			raw=$nr; [ $arch = x32 ] && raw=$((nr | 0x40000000))
			got=$(scmp_sys_resolver -a "$sarch" "$raw")
			# libseccomp 2.5 lacks the newest calls: only a different name counts.
			[ "$got" = "UNKNOWN" ] && continue
			compared=$((compared + 1))
			[ "$got" = "$name" ] || { echo "# $arch $nr: ours $name, libseccomp $got"; bad=$((bad + 1)); }
		done < "$WORK/$arch.ours"
		[ $bad -eq 0 ] && [ $compared -gt 300 ]
		check $? "$arch: $compared numbers name the same call in scmp_sys_resolver"
	done
fi

is "$("$SANDCAST" syscalls --arch i386 mq_notify)" 281 "mq_notify is 281 on i386"
is "$("$SANDCAST" syscalls --arch x86_64 244)" mq_notify "244 is mq_notify on x86_64"
is "$("$SANDCAST" syscalls --arch i386,x32 getpid)" "i386      20  getpid
x32       39  getpid" "--arch takes a list, as in every command"
old_spelling -a --arch syscalls -a i386 mq_notify
"$SANDCAST" syscalls no_such_call 2> "$WORK/err"
is "$?" 1 "unknown name: exit 1"
grep -q "no system call named 'no_such_call'" "$WORK/err"
check $? "unknown name: message says which"
done_testing
