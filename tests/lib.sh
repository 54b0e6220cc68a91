# Shared helpers for the end-to-end tests and scripts/ (sourced, not run):
# top, B (absolute), SANDCAST, PROGS, WORK (a directory removed at exit) and
# the helpers below. Each test prints TAP lines ("ok N - what", "not ok N -
# what") and ends with `done_testing`, which exits non-zero when a check
# failed.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
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
# python3 itself, not a wrapper that finds it on each call (pyenv's shims
# cost 10 s a call in a TCG VM): tests/run.sh finds it once for every test.
PYTHON3=${PYTHON3:-$(python3 -c 'import sys; print(sys.executable)')}
python3() { "$PYTHON3" "$@"; }
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

# can CAP: true when this kernel can do CAP, found by trying it
# (tests/progs/abi.c: i386, int80, x32, x32-calls); else false, with the
# cause and the remedy in $WHY for a skip.
declare -A _can
can() {
	[ -n "${_can[$1]+set}" ] ||
		_can[$1]=$("$PROGS/abi" --can "$1" "make check-vm runs them" 2>&1; echo "rc=$?")
	WHY=${_can[$1]%rc=*}
	WHY=${WHY%$'\n'}
	[ "${_can[$1]##*rc=}" = 0 ]
}

# each_abi PROG: set ABIS to "PROG:x86_64" and, where this kernel runs
# them, "PROG-32:i386" and "PROG-x32:x32" (else record a skip saying why):
# for t in "${ABIS[@]}", the program is ${t%%:*} under $PROGS, its arch ${t#*:}.
each_abi() {
	ABIS=("$1:x86_64")
	if can i386; then ABIS+=("$1-32:i386"); else skip "i386 $1" "$WHY"; fi
	if can x32; then ABIS+=("$1-x32:x32"); else skip "x32 $1" "$WHY"; fi
}

# abi_suffix ARCH: the suffix of a program's build for ARCH ("", -32, -x32).
abi_suffix() {
	case $1 in i386) echo -32 ;; x32) echo -x32 ;; esac
}

# abi_cflag ARCH: gcc's option to build for ARCH (-m64, -m32, -mx32).
abi_cflag() {
	case $1 in i386) echo -m32 ;; x32) echo -mx32 ;; *) echo -m64 ;; esac
}

# nr_of ARCH NAME: the number of call NAME of ARCH as profiles and reports
# give it (an x32 one without the x32 bit, which "sandcast syscalls" shows).
nr_of() {
	echo $(($("$SANDCAST" syscalls --arch "$1" "$2") & ~0x40000000))
}

# one_call_bpf OUT ARCH NAME RET: a raw filter that returns RET (a number)
# for call NAME of ARCH and allows every other call.
one_call_bpf() {
	python3 - "$1" "$2" "$("$SANDCAST" syscalls --arch "$2" "$3")" "$4" <<'PY'
import struct, sys
out, arch, nr, ret = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4], 0)
# x32 numbers, as "sandcast syscalls" gives them, carry the x32 bit.
audit = {"x86_64": 0xc000003e, "i386": 0x40000003, "x32": 0xc000003e}[arch]
ins = lambda code, jt, jf, k: struct.pack("=HBBI", code, jt, jf, k)
# A = arch; if (A == audit && nr == NAME) return RET; allow
open(out, "wb").write(ins(0x20, 0, 0, 4) + ins(0x15, 0, 3, audit) + ins(0x20, 0, 0, 0) +
    ins(0x15, 0, 1, nr) + ins(0x06, 0, 0, ret) + ins(0x06, 0, 0, 0x7fff0000))
PY
}

# calls PROFILE ARCH: the sorted names of the calls recorded for ARCH.
calls() {
	json "$1" 'sorted({c.get("name", "syscall_%d" % c["nr"]) for c in calls(a[0])})' "$2"
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

# skip_backend: end the script with one skip when it runs under a backend
# of record (BACKEND) that this kernel lacks; the ptrace run covers it.
skip_backend() {
	[ "$BACKEND" = notify ] || return 0
	"$SANDCAST" record -q --backend notify -o "$WORK/probe.json" -- true 2> "$WORK/probe.err" &&
		return 0
	skip "every check under --backend notify" \
		"$(head -1 "$WORK/probe.err"): the ptrace run makes them; make check-vm runs them on 6.12"
	done_testing
}

# done_testing: print the plan; exit 1 when any check failed.
done_testing() {
	echo "1..$_n"
	[ $_failed -eq 0 ] || { echo "# $_failed of $_n checks failed"; exit 1; }
	[ $_n -gt 0 ] || { echo "# no checks ran"; exit 1; }
	exit 0
}

# json FILE EXPR [ARG]...: the value of the python expression EXPR on the
# JSON document in FILE (- for standard input): the document is d, the ARGs
# the list a, and calls(ARCH[, NAME]) the profile's calls of ARCH (named
# NAME). A list is printed an item a line, another value as it is; a bool is
# the exit status instead (True 0, False 1).
_json_py='import json, sys
path, expr, a = sys.argv[1], sys.argv[2], sys.argv[3:]
d = json.load(sys.stdin if path == "-" else open(path))
def calls(arch, name=None):
    return [c for c in d["syscalls"] if c["arch"] == arch and name in (None, c.get("name"))]
v = eval("(" + expr + "\n)")
if isinstance(v, bool):
    sys.exit(0 if v else 1)
for x in v if isinstance(v, (list, tuple)) else [v]:
    print(x)'
json() {
	python3 -c "$_json_py" "$@"
}

# call_info PROFILE ARCH NAME: "NR COUNT EXE,EXE..." of that call, or nothing.
call_info() {
	json "$1" '["%d %d %s" % (c["nr"], c["count"], ",".join(c.get("exes", [])))
		for c in calls(*a)]' "$2" "$3"
}

# median [NUMBER]...: the median of the numbers given, or of the lines of
# standard input when none is.
median() {
	if [ $# -gt 0 ]; then printf '%s\n' "$@" | median; return; fi
	sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# interleaved_medians RUNS MODE...: RUNS rounds, each running `bench_one
# MODE` (a function of the caller that prints one number) for every MODE in
# turn, so that a change of the machine's load spreads over all modes; set
# MED[MODE] to the median of each mode's numbers.
declare -A MED
interleaved_medians() {
	local runs=$1 r m; shift
	declare -A got=()
	for ((r = 0; r < runs; r++)); do
		for m in "$@"; do
			got[$m]+="$(bench_one "$m") "
		done
	done
	MED=()
	for m in "$@"; do
		MED[$m]=$(echo "${got[$m]}" | tr ' ' '\n' | grep . | median)
	done
}

# libseccomp_export SOURCE OUT: build the C source SOURCE of gen --format
# libseccomp into a program that writes the filter libseccomp makes of it to
# OUT as raw BPF (seccomp_export_bpf()), and run it.
libseccomp_export() {
	cat > "$WORK/export.c" <<-EOF
	#include "$1"
	#include <fcntl.h>
	int main(int argc, char **argv) { (void)argc; return seccomp_export_bpf(sandcast_install_filter_ctx(), open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644)) != 0; }
	EOF
	gcc -o "$WORK/export" "$WORK/export.c" -lseccomp && "$WORK/export" "$2"
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

# A script that runs under a backend this kernel lacks ends here, with one skip.
skip_backend
