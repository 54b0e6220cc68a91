# Shared helpers for the end-to-end tests (sourced, not run). Each test prints
# TAP lines ("ok N - what", "not ok N - what") and ends with `done_testing`,
# which exits non-zero when a check failed.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B="$top/$B" ;; esac
# As /proc/PID/exe shows it: no "..", no symbolic links.
B=$(cd "$B" 2> /dev/null && pwd -P || echo "$B")
SANDCAST=${SANDCAST:-$B/sandcast}
PROGS="$B/tests/progs"
# The backend of sandcast record a test runs under: tests/run.sh runs a
# script with a line "# backends: ptrace notify" once per backend named.
# "${RECORD[@]}" ARGS... is sandcast record under it.
BACKEND=${BACKEND:-ptrace}
RECORD=("$SANDCAST" record --backend "$BACKEND")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sandcast-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
_n=0 _failed=0

# ok COND-STATUS DESCRIPTION: record one check from the status of the last command.
check() {
	local status=$1; shift
	_n=$((_n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $_n - $*"
	else
		echo "not ok $_n - $*"
		_failed=$((_failed + 1))
	fi
}

# is GOT WANT DESCRIPTION: check that two strings are equal.
is() {
	local got=$1 want=$2; shift 2
	[ "$got" = "$want" ]
	check $? "$*" || true
	[ "$got" = "$want" ] || printf '#   got:  %s\n#   want: %s\n' "$got" "$want"
}

# skip DESCRIPTION REASON: a check that cannot run here, and why.
skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

# need_m32: true when i386 programs were built (gcc -m32 works).
need_m32() {
	[ -n "${M32_OK:-}" ]
}

# each_abi PROG: set ABIS to "PROG:x86_64" and, when i386 programs were
# built, "PROG-32:i386" (else record a skip): for t in "${ABIS[@]}", the
# program is ${t%%:*} under $PROGS, its arch ${t#*:}.
each_abi() {
	ABIS=("$1:x86_64")
	if need_m32; then ABIS+=("$1-32:i386"); else skip "i386 $1" "gcc -m32 cannot build"; fi
}

# calls PROFILE ARCH: the sorted names of the calls recorded for ARCH.
calls() {
	python3 -c 'import json,sys
p = json.load(open(sys.argv[1]))
print("\n".join(sorted({c.get("name", "syscall_%d" % c["nr"]) for c in p["syscalls"] if c["arch"] == sys.argv[2]})))' "$1" "$2"
}

# chain_profile OUT COUNT PROG ARCH NR: write the profile OUT of one call NR
# made COUNT times through the chain of the callchain fixture PROG, its frames
# (innermost first: libc's syscall, f3, ..., main) as PROG --sites computes
# them without libdw; the sites are left in $WORK/PROG.sites.
chain_profile() {
	"$PROGS/$3" --sites > "$WORK/$3.sites" || return 1
	python3 - "$WORK/$3.sites" "$1" "$2" "$PROGS/$3" "$4" "$5" <<'PY'
import json, sys
sites = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(sys.argv[1])}
frames = [{"module": sites[n][3], "build_id": sites[n][4], "offset": sites[n][5]}
          for n in ["syscall", "f3", "f2", "f1", "f0", "main"]]
count = int(sys.argv[3])
json.dump({"format": "sandcast-profile", "version": 1, "stack_limit": 8,
           "syscalls": [{"arch": sys.argv[5], "nr": int(sys.argv[6]), "count": count,
                         "exes": [sys.argv[4]],
                         "stacks": [{"count": count, "frames": frames}]}]},
          open(sys.argv[2], "w"))
PY
}

# done_testing: print the plan; exit 1 when any check failed.
done_testing() {
	echo "1..$_n"
	[ $_failed -eq 0 ] || { echo "# $_failed of $_n checks failed"; exit 1; }
	[ $_n -gt 0 ] || { echo "# no checks ran"; exit 1; }
	exit 0
}

# call_info PROFILE ARCH NAME: "NR COUNT EXE,EXE..." of that call, or nothing.
call_info() {
	python3 -c 'import json,sys
p = json.load(open(sys.argv[1]))
for c in p["syscalls"]:
    if c["arch"] == sys.argv[2] and c.get("name") == sys.argv[3]:
        print(c["nr"], c["count"], ",".join(c.get("exes", [])))' "$1" "$2" "$3"
}

# old_spelling OLD NEW ARG...: check that sandcast ARG..., where the word OLD
# is a deprecated letter, does what it does with NEW there instead (the same
# status and standard output) and adds one line to standard error, which
# says that OLD is deprecated and names NEW.
old_spelling() {
	local old=$1 new=$2 a args=() st_old st_new; shift 2
	for a in "$@"; do
		if [ "$a" = "$old" ]; then args+=("$new"); else args+=("$a"); fi
	done
	"$SANDCAST" "$@" > "$WORK/old.out" 2> "$WORK/old.err"; st_old=$?
	"$SANDCAST" "${args[@]}" > "$WORK/new.out" 2> "$WORK/new.err"; st_new=$?
	cmp -s "$WORK/old.out" "$WORK/new.out"
	is "$st_old:$?" "$st_new:0" "$1 $old: as $new (status $st_new, the same output)"
	is "$(grep -c -- "warning: $old is deprecated and goes in the next release: say $new\$" \
		"$WORK/old.err"):$(grep -v -- "warning: $old is deprecated" "$WORK/old.err")" \
		"1:$(cat "$WORK/new.err")" "$1 $old: and one line on stderr that says so"
}
