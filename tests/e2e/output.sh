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
edit p.json 'd["runs"].append(dict(d["runs"][0])); del d["runs"][1]["launch"]' > mixed.json
"$SANDCAST" gen --format systemd -o mixed.service mixed.json 2> /dev/null
grep -q 'execve: the exec that starts the program (assumed: the profile does not record its launch)' mixed.service
check $? "a run without a launch beside one with: execve is still allowed for it"
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

# /dev/stdout is the descriptor, where it stands: a file the shell opened
# keeps what came before and after.
{ echo HEADER; "$SANDCAST" gen -o /dev/stdout p.json 2> /dev/null; echo TRAILER; } > stdout.txt
is "$(head -1 stdout.txt)/$(sed -n 2p stdout.txt)/$(tail -1 stdout.txt)" "HEADER//*/TRAILER" \
	"gen -o /dev/stdout into a file: written where the descriptor stands"
{ echo HEADER; "$SANDCAST" merge -o /dev/fd/1 p.json; } > fd1.txt
is "$(head -1 fd1.txt)/$(sed -n 2p fd1.txt)" "HEADER/{" "merge -o /dev/fd/1 likewise"

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
chmod 4755 kept.c
"$SANDCAST" gen -o kept.c p.json 2> /dev/null
is "$(stat -c %a kept.c)" 755 "the set-user-ID bit is not kept"
ln -s "$WORK/no/such/dir/p.json" far.json
"${RECORD[@]}" -q -o far.json -- sh -c 'echo ran > ran.txt' 2> far.err
is "$?/$(cat ran.txt 2> /dev/null)" "125/" "record -o LINK-INTO-NOTHING: refused before the command runs"
grep -q "cannot write profile 'far.json' in directory '$WORK/no/such/dir'" far.err
check $? "naming the directory: $(cat far.err)"

# A link another user owns, in a sticky directory, is not followed
# (fs.protected_symlinks, which the test turns on for a moment when it is
# off, as the kernel boots): its target stays as it was.
protected=$(cat /proc/sys/fs/protected_symlinks 2> /dev/null)
[ "$protected" = 0 ] && echo 1 2> /dev/null > /proc/sys/fs/protected_symlinks
if [ "$(id -u)" -eq 0 ] && [ "$(cat /proc/sys/fs/protected_symlinks 2> /dev/null)" = 1 ]; then
	mkdir -m 1777 sticky
	echo precious > victim
	ln -s "$WORK/victim" sticky/p.c
	chown -h nobody sticky/p.c
	"$SANDCAST" gen -o sticky/p.c p.json 2> sticky.err
	is "$?/$(cat victim)" "2/precious" "gen -o through another user's link in a sticky directory: refused"
	grep -q "Permission denied" sticky.err
	check $? "as the kernel says: $(cat sticky.err)"
else
	skip "links in sticky directories" "needs root and fs.protected_symlinks, which this system does not let it set (run the suite as root)"
fi
[ "$protected" = 0 ] && echo 0 > /proc/sys/fs/protected_symlinks

mkdir dir
"$SANDCAST" gen -o dir p.json 2> dir.err
is "$?" 2 "gen -o DIRECTORY fails"
grep -q "cannot write dir: Is a directory" dir.err
check $? "saying so: $(cat dir.err)"
done_testing
