#!/bin/sh
# The manual pages and README.md against the binary and the code: each
# command's --help usage and its page's SYNOPSIS name the same options;
# the schema version in examples is the one "init" reports; every page
# and the README rank contact roles in the code's order; a database in a
# folder that does not exist gives the exit status depeer(1) says.
# (tests/manlint.sh checks the markup.)
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
export TOP
. "$(dirname "$0")/lib.sh"

step "--help usage and man SYNOPSIS name the same options"
# Every command path, groups descended: "provider add", "lookup", ...
commands() {
	dp --help | sed -n '/^commands:/,/^$/s/^   \([a-z-]*\) .*/\1/p' |
	    while read -r c; do
		[ "$c" = help ] && continue
		sub "$c"
	done
}
sub() {
	# shellcheck disable=SC2086
	if dp $1 --help | grep -q '^commands:'; then
		# shellcheck disable=SC2086
		dp $1 --help | sed -n '/^commands:/,/^$/s/^   \([a-z-]*\) .*/\1/p' |
		    while read -r s; do
			sub "$1 $s"
		done
	else
		echo "$1"
	fi
}
commands >"$T/commands"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$T/commands")" -ge 20 ] ||
    fail "found only $(wc -l <"$T/commands") commands in --help"
while read -r c; do
	# shellcheck disable=SC2086
	dp $c --help >"$T/help" 2>&1
	page=$(sed -n 's/^See \(depeer[a-z-]*\)(1)\.$/\1/p' "$T/help")
	printf '%s\t%s\t' "$c" "$page"
	sed -n 's/^\(usage\|   or\): depeer //p' "$T/help" | tr '\n' '\t'
	echo
done <"$T/commands" >"$T/usages"
CHECKS=$((CHECKS + 1))
python3 - "$T/usages" >"$T/py.out" 2>&1 <<'PY' || { fail "$(cat "$T/py.out")"; }
import os, re, sys
top = os.environ["TOP"]
# Documented in depeer(1) COMMANDS rather than in a SYNOPSIS.
NO_SYNOPSIS = {"init"}

def synopses(page):
    """{command path: set of options} from the page's SYNOPSIS; a line
    '.Nm depeer provider net' followed by '.Cm add Ns | Ns Cm rm' stands
    for each of 'provider net add' and 'provider net rm'."""
    text = open(os.path.join(top, "man", page + ".1"), encoding="utf-8").read()
    if "\n.Sh SYNOPSIS\n" not in text:
        return {}
    syn = text.split("\n.Sh SYNOPSIS\n", 1)[1].split("\n.Sh ", 1)[0]
    out, cur, first = {}, None, False
    for line in syn.split("\n"):
        m = re.match(r"\.Nm depeer (.+)$", line)
        if m:
            cur, first = [m.group(1)], True
            out.setdefault(cur[0], set())
            continue
        if cur is None:
            continue
        if first and line.startswith(".Cm "):
            subs = re.findall(r"Cm ([a-z-]+)", line)
            cur = [cur[0] + " " + s for s in subs]
            for c in cur:
                out.setdefault(c, set())
        first = False
        for o in re.findall(r"Fl (\\-[a-z\\-]+|[a-zA-Z])\b", line):
            o = o.replace("\\-", "-")
            for c in cur:
                out[c].add(o if o.startswith("--") else "-" + o)
    return out

bad = []
cache = {}
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
paths = {f[0] for f in rows}
def names(u, p):
    return u == p or u.startswith(p + " ")
for f in rows:
    path, page, usages = f[0], f[1], [u for u in f[2:] if u]
    # An entry that only points to another command (its usage is that
    # command's) has no synopsis of its own.
    if usages and all(not names(u, path) and
                      any(names(u, q) for q in paths if q != path)
                      for u in usages):
        continue
    if not page:
        bad.append("%s: --help names no manual page" % path)
        continue
    if page not in cache:
        cache[page] = synopses(page)
    syn = cache[page]
    if path in NO_SYNOPSIS:
        continue
    got = set()
    for u in usages:
        if u != path and not u.startswith(path + " "):
            bad.append("%s: --help usage reads 'depeer %s'" % (path, u))
        got |= {o for o in re.findall(r"(?<![\w-])(--[a-z-]+|-[a-zA-Z])\b", u)}
    if path not in syn:
        # A command without options of its own (a refusal such as
        # "provider rm") may be described in the page's list of commands
        # (".It Cm rm , delete , remove") instead of its SYNOPSIS.
        text = open(os.path.join(top, "man", page + ".1"),
                    encoding="utf-8").read()
        items = [l.replace("\\-", "-").split()
                 for l in text.split("\n") if l.startswith(".It Cm ")]
        if got <= {"--json"} and any(path.split()[-1] in i for i in items):
            continue
        bad.append("%s: no '.Nm depeer %s' in the SYNOPSIS of %s(1)" %
                   (path, path, page))
        continue
    if got != syn[path]:
        bad.append("%s: --help usage has %s, %s(1) SYNOPSIS has %s" %
                   (path, sorted(got), page, sorted(syn[path])))
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY

step "the schema version in the examples is the current one"
expect_code 0 dp init
version=$(sed -n 's/^created .* (schema version \([0-9]*\))$/\1/p' "$T/out")
CHECKS=$((CHECKS + 1))
[ -n "$version" ] || fail "'init' printed no schema version: $(cat "$T/out")"
latest=$(ls "$TOP/db/migrations" | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' |
    sort -n | tail -n 1)
CHECKS=$((CHECKS + 1))
[ "$version" = "$latest" ] ||
    fail "'init' reports schema version $version, the last migration is $latest"
CHECKS=$((CHECKS + 1))
grep -n -o '(schema version [0-9]*)' "$TOP/README.md" "$TOP"/man/*.1 |
    grep -v "(schema version $version)\$" >"$T/stale" || :
[ ! -s "$T/stale" ] || fail "examples with an old schema version" \
    "(now $version): $(sed "s|$TOP/||" "$T/stale" | tr '\n' ' ')"

step "contact roles: one ranking, the code's"
CHECKS=$((CHECKS + 1))
python3 - >"$T/py.out" 2>&1 <<'PY' || { fail "$(cat "$T/py.out")"; }
import os, re
top = os.environ["TOP"]
def read(p):
    return open(os.path.join(top, p), encoding="utf-8").read()
# The code: contacts_rank() sorts by enum reg_role (src/regrec.h), whose
# names reg_role_name() (src/regrec.c) lists in the enum's order;
# contacts_of_lookup() appends the RFC 2142 guesses ("fallback") after
# every ranked contact, so they come last whatever the enum says.
fn = read("src/regrec.c").split("reg_role_name(enum reg_role r)", 1)[1]
names = re.search(r"names\[\] = \{(.*?)\};", fn, re.S).group(1)
code = re.findall(r'"([a-z-]+)"', names)
assert "abuse" in code and "fallback" in code, code
code = [r for r in code if r != "fallback"] + ["fallback"]
roles = set(code)

def mdoc_roles(text):
    # role names given with .Li on macro lines, in order, each once
    seq = []
    for line in text.split("\n"):
        if line.startswith(".") and re.search(r"\bLi\b", line):
            for w in line.replace("\\-", "-").split():
                if w in roles and w not in seq:
                    seq.append(w)
    return seq

def section(text, start, end):
    return text.split(start, 1)[1].split(end, 1)[0]

docs = {
    "depeer-lookup(1) Contacts": mdoc_roles(section(
        read("man/depeer-lookup.1"), "\n.Ss Contacts\n", "\n.S")),
    "depeer-contacts(1) DESCRIPTION": mdoc_roles(section(
        read("man/depeer-contacts.1"), "\n.Sh DESCRIPTION\n", "\n.Sh ")),
    "depeer-upstreams(1) SOURCES": mdoc_roles(section(
        read("man/depeer-upstreams.1"), "\n.Sh SOURCES\n", "\n.Sh ")),
}
readme = read("README.md")
para = readme[readme.index("`depeer contacts AS3549`"):]
para = para.split("\n\n", 1)[0]
seq = []
for w in re.findall(r"`([a-z-]+)`", para):
    if w in roles and w not in seq:
        seq.append(w)
docs["README.md"] = seq
# Each names the roles it speaks of in the code's order; the list of
# depeer-lookup(1), which defines them, names every one.
bad = []
for name, seq in docs.items():
    if seq != [r for r in code if r in seq] or not seq or seq[0] != "abuse":
        bad.append("%s ranks %s, the code %s" % (name, seq, code))
full = docs["depeer-lookup(1) Contacts"]
if set(full) != roles:
    bad.append("depeer-lookup(1) Contacts lists %s, the code has %s" %
               (full, code))
if bad:
    print("; ".join(bad))
    raise SystemExit(1)
PY

step "a database in a folder that does not exist"
# Commands that create a missing database (depeer(1) DATABASE) cannot
# create it there: 73; the others find no database: 66.
creating=$(python3 - <<'PY'
import os, re
t = open(os.path.join(os.environ["TOP"], "man/depeer.1"), encoding="utf-8").read()
p = t.split("create a missing database", 1)[0].rsplit("\n.Pp\n", 1)[1]
print("\n".join(c.replace("\\-", "-") for c in
                re.findall(r"^\.Cm ([a-z][a-z -\\]*?)(?: ,)?$", p, re.M)))
PY
)
CHECKS=$((CHECKS + 1))
[ -n "$creating" ] || fail "depeer(1) DATABASE lists no command that creates a database"
echo "$creating" >"$T/creating"
# Should a command ever ask a registry before opening the database, it
# asks the loopback stand-ins.
fakenet_start
: >"$T/empty.csv"	# an input that is a regular file (t0036)
while read -r c; do
	case $c in
	"provider add") args="X" ;;
	"evidence add") args="--provider X --kind c2 --indicator 192.0.2.1" ;;
	"evidence import") args="--provider X $T/empty.csv" ;;
	"evidence show"|"evidence export"|"source show") args=1 ;;
	"provider edit") args="X --note n" ;;
	"provider show"|"provider resolve"|upstreams) args=X ;;
	"provider net add"|"provider net rm") args="X --asn 1" ;;
	lookup|contacts) args=192.0.2.1 ;;
	config*|template*) continue ;;	# no database
	*) args= ;;
	esac
	if grep -qx "$c" "$T/creating"; then
		want=73
	else
		want=66
	fi
	case $args in
	"")	# a command added later: checked if it runs without arguments
		# shellcheck disable=SC2086
		run dp --db "$T/no/such/folder/case.db" $c
		[ "$RC" -ne 64 ] || continue
		;;
	esac
	# shellcheck disable=SC2086
	expect_code $want dp --db "$T/no/such/folder/case.db" $c $args
	expect_err "$T/no/such/folder"
done <"$T/commands"
CHECKS=$((CHECKS + 1))
python3 - "$T/creating" >"$T/py.out" 2>&1 <<'PY' || { fail "$(cat "$T/py.out")"; }
import os, re, sys
t = open(os.path.join(os.environ["TOP"], "man/depeer.1"), encoding="utf-8").read()
ex = t.split("\n.Sh EXIT STATUS\n", 1)[1].split("\n.Sh ", 1)[0]
items = re.split(r"\n\.It ", ex)
def item(code):
    return next(i for i in items if i.startswith(code + "\n"))
bad = []
folder = re.compile(r"folder (that |which )?does not exist")
if not folder.search(item("73")):
    bad.append("EXIT STATUS 73 does not name a database whose folder does not exist")
if folder.search(item("66")) and "does not create" not in item("66"):
    bad.append("EXIT STATUS 66 names a missing folder for every command")
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY

finish
