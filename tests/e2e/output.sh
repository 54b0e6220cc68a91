#!/bin/bash
# -o never destroys: "-" is standard output; a device, a FIFO and a link to
# one are written through; a regular file is replaced atomically and keeps
# its mode; a link to a regular file keeps pointing at it (gen, record,
# merge). And record keeps the exec that starts the command as the run's
# launch, which gen leaves out of a filter the program installs and allows
# in one installed before the exec, saying which it did; verify --runtime
# checks such a filter.
# backends: ptrace notify
. "$(dirname "$0")/../lib.sh"
cd "$WORK" || exit 2
skip_backend

"${RECORD[@]}" -q -o p.json -- /bin/echo hello > /dev/null
is "$?" 0 "record writes a profile"

# The launch, under this backend.
is "$(json p.json 'd["runs"][0].get("launch")')" "execve" "the run's launch is execve"
is "$(call_info p.json x86_64 execve)" "" "and it is not among the command's calls"
"$SANDCAST" gen -o p.c p.json 2> /dev/null
grep -q 'the exec that started it (execve, recorded as the launch: left out)' p.c
check $? "gen --format c: the exec is left out, and the output says so"
"$SANDCAST" gen --format systemd -o p.service p.json 2> /dev/null
grep -qx '#   execve: the exec that starts the program (recorded as the launch)' p.service
check $? "gen --format systemd: the exec is allowed, and the output says so"
grep -q '^SystemCallFilter=.*\bexecve\b' p.service
check $? "and its SystemCallFilter= has it"
"$SANDCAST" gen --format oci -o p.oci p.json 2> oci.err
grep -q '^sandcast gen: oci:   execve: the exec that starts the program (recorded as the launch)' oci.err
check $? "gen --format oci says on standard error that it allowed the exec"
"$SANDCAST" gen --format bpf --runtime runc -o p.bpf p.json 2> /dev/null
"$SANDCAST" verify --runtime runc p.bpf p.json > verify.out
check $? "verify --runtime runc passes gen --runtime runc's bpf filter"
"$SANDCAST" verify p.bpf p.json > verify.out
is "$?" 1 "verify without --runtime: the exec and runc's calls are allowed, which it refuses"
grep -q '^  x86_64 59 (execve) *got allow *want kill-process$' verify.out
check $? "the exec among them"
grep -q '^(a filter installed before the exec, .* verify it with --runtime NAME' verify.out
check $? "and it says what to do"
edit() { python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); exec(sys.argv[2]); print(json.dumps(d))' "$@"; }
edit p.json 'del d["runs"][0]["launch"]' > old.json
"$SANDCAST" gen --format systemd -o old.service old.json 2> /dev/null
grep -q 'execve: the exec that starts the program (assumed: the profile does not record its launch)' old.service
check $? "a profile without a launch: execve assumed, and said"
edit p.json 'd["runs"][0]["launch"] = "nosuchcall"' > bad.json
"$SANDCAST" report bad.json > /dev/null 2> bad.err
is "$?" 2 "a launch that names no call: the profile is refused"
grep -q 'runs\[0\]: "launch" should name an x86_64 system call, found "nosuchcall"' bad.err
check $? "with where and what: $(head -1 bad.err)"

# "-" is standard output, for the three commands.
"$SANDCAST" gen -o - p.json 2> /dev/null | head -1 | grep -qx '/\*'
check $? "gen -o - writes the filter to standard output"
is "$(ls -- - 2> /dev/null)" "" "and no file named '-'"
"$SANDCAST" merge -o - p.json | json - 'd["format"]' > merged.format
is "$(cat merged.format)" "sandcast-profile" "merge -o - writes the profile to standard output"
"${RECORD[@]}" -q -o - -- /bin/echo hello > rec.out
is "$(head -1 rec.out)" "hello" "record -o -: the command's output first"
is "$(sed 1d rec.out | json - 'd["runs"][0]["argv"][0]')" /bin/echo hello \
	"then the profile, on standard output"

# A device is written to, never replaced.
if [ "$(id -u)" -eq 0 ]; then
	for cmd in "gen -o /dev/null p.json" "merge -o /dev/null p.json"; do
		# shellcheck disable=SC2086
		"$SANDCAST" $cmd 2> /dev/null
		is "$?/$(stat -c %F /dev/null)" "0/character special file" "as root, $cmd leaves /dev/null a device"
	done
	"${RECORD[@]}" -q -o /dev/null -- /bin/echo hello > /dev/null
	is "$?/$(stat -c %F /dev/null)" "0/character special file" "as root, record -o /dev/null leaves it a device"
else
	skip "-o /dev/null as root" "not root: run the suite as root (CI does)"
fi
"${RECORD[@]}" -q --append -o /dev/null -- /bin/echo hello > /dev/null 2> append.err
is "$?" 125 "record --append into a device is refused"
grep -q "append: '/dev/null' is not a file" append.err
check $? "saying why: $(cat append.err)"

# A FIFO is written through.
mkfifo fifo
cat fifo > from-fifo &
"$SANDCAST" gen -o fifo p.json 2> /dev/null
is "$?" 0 "gen -o FIFO"
wait
is "$(stat -c %F fifo)" "fifo" "the FIFO is still one"
head -1 from-fifo | grep -qx '/\*'
check $? "and its reader got the filter"

# A regular file keeps its mode; a link to it is kept, its target replaced.
printf 'old\n' > kept.c
chmod 640 kept.c
"$SANDCAST" gen -o kept.c p.json 2> /dev/null
is "$(stat -c %a kept.c)" 640 "gen -o FILE keeps FILE's mode"
grep -q 'sandcast gen' kept.c
check $? "and replaces its bytes"
chmod 600 p.json
"$SANDCAST" merge -o p.json p.json
is "$(stat -c %a p.json)" 600 "merge -o FILE keeps the mode too"
ln -s kept.c link.c
"$SANDCAST" gen -o link.c p.json 2> /dev/null
is "$(stat -c %F link.c)" "symbolic link" "-o LINK: the link stays a link"
grep -q 'gen -o link.c' kept.c
check $? "and the file it names has the new filter"
ln -s /dev/null null-link
"$SANDCAST" gen -o null-link p.json 2> /dev/null
is "$?/$(stat -c %F null-link)" "0/symbolic link" "-o LINK-TO-DEVICE writes through the link"
ln -s made.c dangling
"$SANDCAST" gen -o dangling p.json 2> /dev/null
is "$(stat -c %F dangling)/$(stat -c %F made.c 2> /dev/null)" "symbolic link/regular file" \
	"-o DANGLING-LINK creates the file it names"
mkdir dir
"$SANDCAST" gen -o dir p.json 2> dir.err
is "$?" 2 "gen -o DIRECTORY fails"
grep -q "cannot write dir: Is a directory" dir.err
check $? "saying so: $(cat dir.err)"
done_testing
