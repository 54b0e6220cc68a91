#!/bin/bash
# What no seccomp filter sees, said when it applies: gen warns when the
# filter allows io_uring_setup (io_uring operations are no system calls),
# and that x86_64 uretprobe and uprobe pass every filter; docs/formats.md
# says both.
. "$(dirname "$0")/../lib.sh"

# nr ARCH NAME: the number of NAME on ARCH.
nr() {
	"$SANDCAST" syscalls --arch "$1" "$2" | awk '{ print $1; exit }'
}
# write_profile FILE ARCH NAME...: a profile of one call each of NAME... on ARCH.
write_profile() {
	local out=$1 arch=$2; shift 2
	local calls=()
	for n in "$@"; do calls+=("{\"arch\": \"$arch\", \"nr\": $(nr "$arch" "$n"), \"count\": 1}"); done
	local IFS=,
	echo "{\"format\": \"sandcast-profile\", \"version\": 3, \"syscalls\": [${calls[*]}]}" > "$out"
}

write_profile "$WORK/uring.json" x86_64 read write exit_group io_uring_setup io_uring_enter
"$SANDCAST" gen -o "$WORK/uring.c" "$WORK/uring.json" 2> "$WORK/uring.err"
is "$?" 0 "gen writes a filter that allows io_uring_setup"
grep -q "warning: the filter allows x86_64 io_uring_setup: .* no seccomp filter sees them (docs/formats.md)" \
	"$WORK/uring.err"
check $? "and warns: $(head -1 "$WORK/uring.err")"
grep -q "no filter can refuse x86_64 uretprobe and uprobe" "$WORK/uring.err"
check $? "an x86_64 filter: gen says uretprobe and uprobe pass it"

write_profile "$WORK/plain.json" i386 read write exit_group
"$SANDCAST" gen -o "$WORK/plain.c" "$WORK/plain.json" 2> "$WORK/plain.err"
is "$?" 0 "gen writes an i386 filter without io_uring_setup"
is "$(cat "$WORK/plain.err")" "" "and says nothing: neither applies"

for section in "### io_uring" "### uprobe and uretprobe (x86_64)"; do
	grep -qxF "$section" "$top/docs/formats.md"
	check $? "docs/formats.md has '$section'"
done
done_testing
