#!/bin/bash
# The docs tell the truth about the binary: every command of 'sandcast --help'
# has a synopsis and a subsection ('.SS "sandcast NAME"') in man/sandcast.1 and
# an entry in README.md's command list; every long option of a command's
# usage is in its synopsis, every one its --help lists is an item (.TP) of its
# subsection, and no item names an option the command lacks; every value that --format and
# --action accept is in the command's --help and in its subsection. The man
# page renders without a warning. The checks are run on broken copies of the
# docs too, and must fail there.
. "$(dirname "$0")/../lib.sh"
MAN="$top/man/sandcast.1"
README="$top/README.md"

# The man page as lines of plain text: "SECTION<TAB>title" for .SH and .SS,
# "SY<TAB>text" for a synopsis, "ITEM<TAB>text" for the tag of a .TP item;
# font escapes dropped, \- as -, the arguments of .BR and its kind joined.
man_text() {
	python3 - "$1" <<'PY'
import re, sys

def plain(s):
    s = re.sub(r'\\f(\[[^]]*\]|\(..|.)', '', s)
    for esc, text in (('\\-', '-'), ('\\&', ''), ('\\~', ' '), ('\\(bu', '*'),
                      ('\\c', ''), ('\\e', '\\')):
        s = s.replace(esc, text)
    return s

item = False
for raw in open(sys.argv[1], encoding="utf-8"):
    raw = raw.rstrip("\n")
    if raw.startswith('.\\"') or raw.startswith("'"):
        continue
    m = re.match(r'\.([A-Za-z]+)\s*(.*)', raw)
    if not m:
        text, kind = plain(raw), None
    else:
        mac, rest = m.groups()
        args = [u or q for q, u in re.findall(r'"([^"]*)"|(\S+)', rest)]
        sep = "" if mac in ("BR", "BI", "IB", "IR", "RB", "RI") else " "
        text = plain(sep.join(args))
        kind = {"SH": "SECTION", "SS": "SECTION", "SY": "SY", "TP": "TP"}.get(mac)
        if kind == "TP":
            item = True
            continue
        if kind is None and mac not in ("B", "I", "BR", "BI", "IB", "IR", "RB", "RI"):
            continue  # .PP, .RS, .EX and such: no text of their own
    if kind in ("SECTION", "SY"):
        print(kind + "\t" + text)
    elif item:
        print("ITEM\t" + text)
    elif text:
        print(text)
    item = False
PY
}

# read_binary: what the binary says, read once into $BIN: the commands that
# 'sandcast --help' lists (commands); per command CMD its --help (CMD.help),
# the long options of its usage line and option list (CMD.options), those of
# its usage line (CMD.usage), and the values it accepts for --format and
# --action (CMD--format, CMD--action).
BIN="$WORK/bin"
read_binary() {
	local c o
	mkdir -p "$BIN"
	"$SANDCAST" --help |
		awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }' > "$BIN/commands"
	for c in $(cat "$BIN/commands"); do
		"$SANDCAST" "$c" --help > "$BIN/$c.help"
		# The usage runs to the first empty line; options are listed as
		# "  -o, --output FILE" or "      --append".
		awk '/^$/ { exit } 1' "$BIN/$c.help" |
			grep -oE -- '--[a-z][a-z0-9-]*' | sort -u > "$BIN/$c.usage"
		grep -E '^  +(-[a-zA-Z], )?--[a-z]' "$BIN/$c.help" |
			grep -oE -- '--[a-z][a-z0-9-]*' | sort -u |
			sort -mu - "$BIN/$c.usage" | grep -vx -- --help > "$BIN/$c.options"
		for o in --format --action; do
			if grep -qxF -- "$o" "$BIN/$c.options"; then
				choices "$c" "$o" > "$BIN/$c$o"
			fi
		done
	done
}

# choices CMD OPTION: the values CMD accepts for OPTION, read from its refusal
# of a bad one ("... (a, b, errno:N (1 to 4095))" or "wants one of a, b; not").
choices() {
	local out
	out=$(timeout 10 "$SANDCAST" "$1" "$2" @bad@ /nonexistent < /dev/null 2>&1)
	sed -n -e "s/.* wants one of \(.*\); not '@bad@'.*/\1/p" \
		-e "s/.*'@bad@' (\(.*\))\$/\1/p" <<< "$out" | head -1 |
		sed 's/, /\n/g' | awk '{ print $1 }'
}

# section TEXT CMD: the man page text of CMD's subsection.
section() {
	awk -F '\t' -v t="sandcast $2" '$1 == "SECTION" { on = ($2 == t); next } on' "$1"
}

# synopsis TEXT CMD: the man page synopsis of CMD.
synopsis() {
	awk -F '\t' -v t="sandcast $2" \
		'$1 == "SY" { on = ($2 == t); next } $1 == "SECTION" { on = 0 } on' "$1"
}

# has WORD: whether standard input holds WORD, not as part of a longer name.
has() {
	local word=${1//./\\.}
	word=${word//\*/\\*}
	grep -qE -- "(^|[^A-Za-z0-9_-])${word//[/\\[}([^A-Za-z0-9_-]|\$)"
}

# check_docs MANTEXT README: print one line per thing the docs lack or get
# wrong, and fail when there is any.
check_docs() {
	local man=$1 readme=$2 c o v bad=0 sec syn
	for c in $(cat "$BIN/commands"); do
		grep -qxF "SY	sandcast $c" "$man" ||
			{ echo "man: no synopsis of $c"; bad=1; }
		grep -qxF "SECTION	sandcast $c" "$man" ||
			{ echo "man: no subsection 'sandcast $c'"; bad=1; }
		awk '/^## /{ on = ($0 == "## Commands") } on' "$readme" |
			grep -q "^- \`sandcast $c\`" ||
			{ echo "README: '$c' missing from the command list"; bad=1; }
		sec=$(section "$man" "$c")
		syn=$(synopsis "$man" "$c")
		for o in $(cat "$BIN/$c.options"); do
			grep '^ITEM' <<< "$sec" | has "$o" ||
				{ echo "man: $c: no item for $o"; bad=1; }
		done
		for o in $(cat "$BIN/$c.usage"); do
			has "$o" <<< "$syn" ||
				{ echo "man: $c: $o missing from the synopsis"; bad=1; }
		done
		for o in $(grep '^ITEM' <<< "$sec" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
			grep -qxF -- "$o" "$BIN/$c.options" ||
				{ echo "man: $c: documents $o, which '$c --help' lacks"; bad=1; }
		done
		for o in --format --action; do
			[ -e "$BIN/$c$o" ] || continue
			[ -s "$BIN/$c$o" ] ||
				{ echo "$c $o: cannot read its values from the refusal of a bad one"; bad=1; }
			for v in $(cat "$BIN/$c$o"); do
				has "$v" < "$BIN/$c.help" ||
					{ echo "help: $c: $o value $v missing"; bad=1; }
				has "$v" <<< "$sec" ||
					{ echo "man: $c: $o value $v missing"; bad=1; }
			done
		done
	done
	for c in $(awk -F '\t' '$1 == "SECTION" && $2 ~ /^sandcast / { print $2 }' "$man" | cut -d' ' -f2); do
		grep -qxF "$c" "$BIN/commands" ||
			{ echo "man: documents '$c', which 'sandcast --help' does not list"; bad=1; }
	done
	return $bad
}

read_binary
man_text "$MAN" > "$WORK/man.txt"
check $? "the man page reads as text"
grep -qx merge "$BIN/commands"
check $? "the commands read from sandcast --help (merge among them)"

check_docs "$WORK/man.txt" "$README" > "$WORK/problems"
check $? "man page and README document every command, option and value"
sed 's/^/#   /' "$WORK/problems"

# The man page renders cleanly.
groff -man -Tutf8 -ww -z "$MAN" 2> "$WORK/groff"
is "$?:$(cat "$WORK/groff")" "0:" "groff -man -ww renders it without a warning"
mandoc -T lint -W style "$MAN" > "$WORK/mandoc" 2>&1
is "$?:$(cat "$WORK/mandoc")" "0:" "mandoc -T lint finds nothing, not even a matter of style"

# The checks fail on broken copies of the docs: the first command's first
# option gone, one of its values gone, its items turned into plain text, an
# item for an option it lacks, and the command gone from README.
c1=$(for c in $(cat "$BIN/commands"); do [ -e "$BIN/$c--format" ] && echo "$c"; done | head -1)
o1=$(head -1 "$BIN/$c1.options")
broken() {
	man_text "$WORK/broken.1" > "$WORK/broken.txt"
	check_docs "$WORK/broken.txt" "${1:-$README}" > "$WORK/problems"
}
sed "s/\\\\-\\\\-${o1#--}\\([^a-z0-9-]\\|\$\\)/\\1/g" "$MAN" > "$WORK/broken.1"
broken
is "$?" 1 "without $c1's $o1, the check fails"
grep -qxF -- "man: $c1: no item for $o1" "$WORK/problems"
check $? "... and says which option of which command is missing"

value=$(tail -1 "$BIN/$c1--format")
sed "s/\\b$value\\b/@gone@/g" "$MAN" > "$WORK/broken.1"
broken
is "$?" 1 "without the $c1 format '$value', the check fails"
grep -qxF -- "man: $c1: --format value $value missing" "$WORK/problems"
check $? "... and names the value"

sed "/^\\.SS \"sandcast $c1\"/,/^\\.S[SH]/{/^\\.TP/d}" "$MAN" > "$WORK/broken.1"
broken
is "$?" 1 "$c1's options in its text but not as items: the check fails"
grep -qxF -- "man: $c1: no item for $o1" "$WORK/problems"
check $? "... for want of an item for $o1"

sed "/^\\.SS \"sandcast $c1\"/a .TP\\n.B \\\\-\\\\-bogus\\nNo such option." "$MAN" > "$WORK/broken.1"
broken
grep -qxF -- "man: $c1: documents --bogus, which '$c1 --help' lacks" "$WORK/problems"
check $? "an item for an option that $c1 lacks fails the check"

cp "$MAN" "$WORK/broken.1"
grep -v "^- \`sandcast $c1\`" "$README" > "$WORK/README.md"
broken "$WORK/README.md"
is "$?" 1 "a README without $c1 in its command list fails the check"
grep -qxF -- "README: '$c1' missing from the command list" "$WORK/problems"
check $? "... and says so"

done_testing
