#!/bin/bash
# record --stacks and --unwinder: the stacks of real programs, x86-64, i386 and x32,
# checked against the fixtures' own sites, nm, readelf and report --stacks.
. "$(dirname "$0")/../lib.sh"

# The frames of a profile as (module path, offset, build-id, exact): a frame
# is "NAME+0xOFFSET" (or "0xADDRESS"), NAME one of "modules".
py_frames='import json, sys
def frames(p, stack):
    mods = {m["name"]: m for m in p.get("modules", [])}
    for text in stack["frames"]:
        exact = text.endswith(" exact")
        text = text[:-len(" exact")] if exact else text
        name, _, off = text.rpartition("+")
        m = mods.get(name, {})
        yield m.get("path", "-"), off, m.get("build_id", "-"), exact
'

# frames PROFILE ARCH CALL: "MODULE OFFSET BUILD-ID" per frame of CALL's
# stacks ("exact" after an exact one), then "truncated" when marked so.
frames() {
	python3 -c "$py_frames"'
p = json.load(open(sys.argv[1]))
for c in p["syscalls"]:
    if c["arch"] == sys.argv[2] and c.get("name") == sys.argv[3]:
        for s in c.get("stacks", []):
            for path, off, build_id, exact in frames(p, s):
                print(path, off, build_id, *(["exact"] if exact else []))
            if s.get("truncated"):
                print("truncated")' "$@"
}

# nstacks PROFILE ARCH CALL: how many stacks CALL has.
nstacks() {
	json "$1" 'sum(len(c.get("stacks", [])) for c in calls(*a))' "$2" "$3"
}

# in_function OFFSET PROG FUNCTION: true when nm -S puts OFFSET inside FUNCTION.
in_function() {
	local start size
	read -r start size < <(nm -S "$2" | awk -v f="$3" '$4 == f { print $1, $2 }')
	[ -n "$start" ] && python3 -c 'import sys
o, s, n = (int(x, 16) for x in sys.argv[1:])
sys.exit(0 if s < o <= s + n else 1)' "$1" "$start" "$size"
}

# chain PROG ARCH WHAT [RECORD-OPTION]...: main -> f0 -> f1 -> f2 -> f3 ->
# mq_notify, frame by frame against callchain --sites and nm. PROG is run by
# $VIA when set ("$VIA PROG").
chain() {
	local prog=$1 arch=$2 what=$3; shift 3
	local p="$WORK/chain.json" sites="$WORK/sites" got="$WORK/frames"
	"$prog" --sites > "$sites"
	"$SANDCAST" record -q "$@" -o "$p" -- ${VIA:-} "$prog" > /dev/null
	check $? "$what: record exits 0"
	frames "$p" "$arch" mq_notify > "$got"
	# The frames after the C library's (and the vDSO's) are the sites.
	local want have
	want=$(awk '$1 != "syscall" { print $4, $6, $5 }' "$sites" | tac)
	have=$(grep -v -e libc -e vdso "$got" | head -5)
	is "$have" "$want" "$what: f3, f2, f1, f0, main at the program's own sites"
	local i=0 fn off
	for fn in f3 f2 f1 f0 main; do
		i=$((i + 1))
		off=$(sed -n "${i}p" <<<"$have" | cut -d' ' -f2)
		in_function "$off" "$prog" "$fn"
		check $? "$what: frame $i ($off) inside $fn by nm -S"
	done
	! grep -q truncated "$got"
	check $? "$what: stack not truncated"
	off=$(tail -1 "$got" | cut -d' ' -f2)
	[ "$(tail -1 "$got" | cut -d' ' -f1)" = "$prog" ] && in_function "$off" "$prog" _start
	check $? "$what: the outermost frame is the program's _start"
	"$SANDCAST" report --stacks "$p" > "$WORK/report"
	want=$(awk '$1 != "syscall" { print $1 " at callchain.c:" $2 }' "$sites" | tac)
	have=$(grep -o '[a-z0-9]*+0x[0-9a-f]* at callchain.c:[0-9]*' "$WORK/report" |
		sed 's/+0x[0-9a-f]*//')
	is "$have" "$want" "$what: report --stacks names each frame with file:line"
}

chain "$PROGS/callchain" x86_64 "x86-64 default"
chain "$PROGS/callchain" x86_64 "x86-64 libunwind" --unwinder libunwind
chain "$PROGS/callchain" x86_64 "x86-64 libdw" --unwinder libdw --stacks 8
chain "$PROGS/callchain-nopie" x86_64 "x86-64 non-PIE"
chain "$PROGS/callchain-o2" x86_64 "x86-64 -O2 -fomit-frame-pointer"
chain "$PROGS/callchain-o2" x86_64 "x86-64 -O2 -fomit-frame-pointer, libunwind" \
	--unwinder libunwind
# Both at 0x401000, and without address randomisation their libraries are
# where the first one's were: its map must not name the second's frames.
VIA="setarch -R $PROGS/stacks-nopie exec" chain "$PROGS/callchain-nopie" x86_64 \
	"x86-64 non-PIE after another non-PIE exec'd it"
for a in i386 x32; do
	if ! can $a; then
		skip "$a chain" "$WHY"
		continue
	fi
	s=$(abi_suffix $a)
	chain "$PROGS/callchain$s" $a "$a"
	chain "$PROGS/callchain$s" $a "$a asked for libunwind" --unwinder libunwind
	chain "$PROGS/callchain-o2$s" $a "$a -O2 -fomit-frame-pointer"
	VIA="setarch -R $PROGS/stacks-nopie$s exec" chain "$PROGS/callchain-nopie$s" $a \
		"$a non-PIE after another non-PIE exec'd it"
done

# Linked statically: the C library is inside the program, and still not
# "your code".
each_abi callchain-static
for t in "${ABIS[@]}"; do
	build=$(abi_suffix "${t#*:}")
	prog="$PROGS/callchain-static$build"
	"$SANDCAST" record -q -o "$WORK/st.json" -- "$prog"
	f3=$("$prog" --sites | awk '$1 == "f3" { print $2 }')
	"$SANDCAST" report --format markdown "$WORK/st.json" |
		grep -q "^| \`mq_notify\` .* | \`f3+0x[0-9a-f]*\` at \`callchain.c:$f3\` in \`callchain-static$build\` |\$"
	check $? "static$build: the first frame in your code is f3, at callchain.c:$f3"
	want=$("$prog" --sites | awk '{ print $1 " at callchain.c:" $2 }' | tac | tr '\n' ' ')
	have=$("$SANDCAST" report --stacks "$WORK/st.json" | grep -A12 "^  mq_notify" |
		grep -o '[a-z0-9]*+0x[0-9a-f]* at callchain.c:[0-9]*' | sed 's/+0x[0-9a-f]*//' |
		tr '\n' ' ')
	is "$have" "$want" "static$build: report --stacks names f3, f2, f1, f0, main with lines"
done

# A stripped copy: no symbols, same unwind tables, same frames.
cp "$PROGS/callchain" "$WORK/stripped" && strip "$WORK/stripped"
"$SANDCAST" record -q -o "$WORK/s.json" -- "$WORK/stripped"
want=$(awk '$1 != "syscall" { print $6 }' < <("$PROGS/callchain" --sites) | tac)
have=$(frames "$WORK/s.json" x86_64 mq_notify | grep -F "$WORK/stripped" |
	cut -d' ' -f2 | head -5)
is "$have" "$want" "stripped: module and offsets of the unstripped program's sites"

# A library loaded by dlopen() after start-up: its module, build-id, function.
each_abi stacks
for t in "${ABIS[@]}"; do
	arch=${t#*:} build=$(abi_suffix "${t#*:}")
	lib=$("$SANDCAST" record -q -o "$WORK/dl.json" -- "$PROGS/stacks$build" dlopen)
	id=$(readelf -n "$lib" | awk '/Build ID/ { print $3 }')
	frames "$WORK/dl.json" $arch getppid > "$WORK/dl.frames"
	grep -qx "$(realpath "$lib") 0x[0-9a-f]* $id" "$WORK/dl.frames"
	check $? "dlopen$build: a frame in $lib with readelf's build-id"
	"$SANDCAST" report --stacks "$WORK/dl.json" > "$WORK/dl.report"
	grep -q "stackdl_call+0x[0-9a-f]* at stackdl.c:[0-9]* in libstackdl$build.so" "$WORK/dl.report"
	check $? "dlopen$build: report names stackdl_call in the library"
	"$SANDCAST" report --format markdown "$WORK/dl.json" |
		grep -q "^| \`getppid\` .* | \`stackdl_call+0x[0-9a-f]*\` at \`stackdl.c:[0-9]*\` in \`libstackdl$build.so\` |\$"
	check $? "dlopen$build: the first frame in your code is the library's"
	# Closed, and another library loaded in its place.
	"$SANDCAST" record -q -o "$WORK/re.json" -- "$PROGS/stacks$build" reload > "$WORK/re.out"
	"$SANDCAST" report --stacks "$WORK/re.json" > "$WORK/re.report"
	grep -q "stackdl_call+0x[0-9a-f]* at stackdl.c:[0-9]* in libstackdl$build.so" "$WORK/re.report" &&
		grep -q "stackdl_call+0x[0-9a-f]* at stackdl2.c:[0-9]* in libstackdl2$build.so" "$WORK/re.report"
	check $? "reload$build: each library's call named in it ($(cut -d' ' -f2 "$WORK/re.out" | uniq | wc -l) load address)"
done

# A signal handler's call: the trampoline and the interrupted frame are
# exact, named at their own address (trap_here starts with the trapping
# instruction: at offset - 1 it would be another function).
each_abi stacks
for t in "${ABIS[@]}"; do
	build=$(abi_suffix "${t#*:}")
	for unwinder in libdw libunwind; do
		what="signal$build $unwinder"
		"$SANDCAST" record -q --unwinder $unwinder -o "$WORK/sig.json" -- \
			"$PROGS/stacks$build" signal > "$WORK/sig.out"
		read -r _ _ _ line < "$WORK/sig.out"
		"$SANDCAST" report --stacks "$WORK/sig.json" > "$WORK/sig.report"
		grep -A1 "trap_here+0x0 in stacks$build (interrupted by a signal)\$" "$WORK/sig.report" |
			grep -q "trapper+0x[0-9a-f]* at stacks.c:$line in stacks$build\$"
		check $? "$what: trap_here+0x0, then trapper() at stacks.c:$line"
		if [ -z "$build" ]; then
			grep -A1 "__restore_rt+0x0 in libc.so.6 (signal trampoline)\$" \
				"$WORK/sig.report" | grep -q "trap_here+0x0 in stacks (interrupted"
			check $? "$what: the trampoline, __restore_rt+0x0"
		fi
		# x32's libc has no debuginfo here to name its __restore_rt.
		restorer='__restore_rt+0x9 in libc.so.6\|\[vdso\]+0x[0-9a-f]*'
		[ "$build" = -x32 ] && restorer="$restorer\\|libc.so.6+0x[0-9a-f]*"
		grep -A1 "#0  \($restorer\)\$" "$WORK/sig.report" |
			grep -q "#1  trap_here+0x2 in stacks$build (interrupted by a signal)\$"
		check $? "$what: rt_sigreturn returns past the trap, trap_here+0x2"
	done
done

# Threads: each thread's stack holds its own call site only.
"$SANDCAST" record -q -o "$WORK/t.json" -- "$PROGS/stacks" threads > "$WORK/t.out"
read -r _ r0 r1 r2 < "$WORK/t.out"
python3 -c "$py_frames"'
p = json.load(open(sys.argv[1]))
sites = [int(x, 16) for x in sys.argv[2:]]
c = [c for c in p["syscalls"] if c["name"] == "getppid"][0]
seen = [[i for i in range(3) if any(int(off, 16) == sites[i] and
         path.endswith("/stacks") for path, off, _, _ in frames(p, s))]
        for s in c["stacks"]]
sys.exit(0 if sorted(seen) == [[0], [1], [2]] else 1)' "$WORK/t.json" "$r0" "$r1" "$r2"
check $? "threads: three stacks, each with its own thread's call site"

# Depth limit: a stack deeper than 64 frames is kept, marked truncated.
"$SANDCAST" record -q -o "$WORK/d.json" -- "$PROGS/stacks" deep > /dev/null
frames "$WORK/d.json" x86_64 getppid > "$WORK/d.frames"
is "$(grep -c '^/' "$WORK/d.frames") $(tail -1 "$WORK/d.frames")" "64 truncated" \
	"deep recursion: 64 frames, marked truncated"

# --stacks N caps the stacks per call; --stacks off records none.
"$SANDCAST" record -q --stacks 2 -o "$WORK/c.json" -- "$PROGS/stacks" threads > /dev/null
is "$(nstacks "$WORK/c.json" x86_64 getppid)" 2 "--stacks 2: two of the three stacks kept"
is "$(json "$WORK/c.json" 'd["stack_limit"]')" \
	2 "--stacks 2: stack_limit 2 in the profile"
"$SANDCAST" record -q --stacks off -o "$WORK/o.json" -- "$PROGS/stacks" threads > /dev/null
is "$(nstacks "$WORK/o.json" x86_64 getppid)" 0 "--stacks off: no stacks"
is "$(calls "$WORK/o.json" x86_64 | grep -c getppid)" 1 "--stacks off: the call is still recorded"

# Bad values are refused before anything runs, as a bad option is.
"$SANDCAST" record --no-such-option -- true 2> /dev/null
usage=$?
"$SANDCAST" record -q --unwinder gdb -o "$WORK/x.json" -- touch "$WORK/ran" 2> "$WORK/err"
is "$?" "$usage" "--unwinder gdb: the exit status of a usage error"
grep -q "libunwind" "$WORK/err"
check $? "--unwinder gdb: the message names the choices"
"$SANDCAST" record -q --stacks lots -o "$WORK/x.json" -- touch "$WORK/ran" 2> /dev/null
is "$?" "$usage" "--stacks lots: the exit status of a usage error"
[ ! -e "$WORK/ran" ]
check $? "bad values: the command did not run"

done_testing
