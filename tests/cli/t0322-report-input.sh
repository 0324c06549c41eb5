#!/bin/sh
# depeer report: bad input refused with its status, a clear message and
# nothing written (no file, the case unchanged); a provider with nothing
# recorded gets a report that says so; --series and --at choose what is
# measured; the HTML report is well-formed, self-contained (no script,
# no link, nothing fetched) and holds the chart.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2008-12-30T00:00:00Z
export DEPEER_NOW

step "no case"
expect_code 66 dp report McColo
[ ! -e "$DB" ] || fail "report created a database"

dp provider add McColo --asn AS26780 >/dev/null
dp provider add Atrivo --asn AS27595 >/dev/null
dp event add Atrivo offline --at 2008-11-11T21:00:00Z >/dev/null

step "a provider with nothing recorded"
expect_code 0 dp report McColo
expect_out "which holds no observation"
expect_out "No complaint has been sent yet."
expect_out "No upstream link has been recorded"
expect_out "Nothing has been recorded on the timeline."
expect_out "No series has been measured"
expect_out "No record is cited."
expect_code 0 dp report McColo --format html
expect_no_out "<svg"

python3 - >"$T/s.csv" <<'PY'
at = 1226437200
for h in range(-10 * 24, 10 * 24):
    print("%d,%d" % (at + h * 3600, (100 if h < 0 else 30) + (h * 7919 % 11)))
PY
dp measure import "$T/s.csv" --series trap >/dev/null 2>&1
dp measure import "$T/s.csv" --series other >/dev/null 2>&1

step "no event to measure at: said, not an error"
expect_code 0 dp report McColo --format json
json_check 'eq(d["event"], None); eq([s["name"] for s in d["series"]], ["other", "trap"])
assert "no upstream-lost or de-peered event" in d["series"][0]["not_measured"], d'

step "--at and --series choose what is measured"
expect_code 0 dp report McColo --format json --series trap \
    --at 2008-11-11T21:00:00Z
json_check 'eq([s["name"] for s in d["series"]], ["trap"])
eq(d["event"]["at"], "2008-11-11T21:00:00Z"); eq(d["event"]["event_id"], None)
assert d["series"][0]["impact"]["change_pct"] < -50, d'
dp event add McColo de-peered --at 2008-11-11T21:00:00Z >/dev/null
expect_code 0 dp report McColo --format json --at event:2
json_check 'eq(d["event"]["event_id"], 2); eq(d["event"]["kind"], "de-peered")'
expect_code 0 dp report McColo --format json --at 2
json_check 'eq(d["event"]["event_id"], 2)'
# a window beyond the data: not measured, and why
expect_code 0 dp report McColo --format json --at 2008-11-03T00:00:00Z
json_check 'eq(d["series"][0]["impact"], None)
assert d["series"][0]["not_measured"], d'

step "bad input: its status, a clear message, nothing written"
db_snap
refused() {	# refused CODE MESSAGE ARGS...
	_c=$1 _m=$2
	shift 2
	rm -f "$T/r.out"
	expect_code "$_c" dp report "$@" -o "$T/r.out"
	expect_err "$_m"
	expect_out_empty
	CHECKS=$((CHECKS + 1))
	[ ! -e "$T/r.out" ] || fail "report $* wrote $T/r.out"
}
refused 66 "no provider named 'Nope'" Nope
refused 64 "'--format': 'pdf' is not text, markdown, html or json" \
    McColo --format pdf
refused 66 "no series" McColo --series nosuch
refused 64 "'--at'" McColo --at yesterday
refused 66 "no event 99" McColo --at event:99
refused 66 "event 1 is not on the timeline of provider 'McColo'" \
    McColo --at event:1
refused 64 "takes one provider" McColo Atrivo
refused 64 "takes one provider"
expect_code 73 dp report McColo -o "$T/no/such/dir/r.txt"
expect_err "r.txt"
[ ! -e "$T/no" ] || fail "-o made a folder"
expect_code 64 dp --json report McColo --format text
expect_db_unchanged

step "the evidence by kind and family; retracted rows not counted"
for i in 1 2 3; do
	dp evidence add --provider McColo --kind c2 --family Srizbi \
	    --indicator 192.0.2.$i --observed-at 2008-10-0${i}T00:00:00Z \
	    >/dev/null 2>&1
done
dp evidence add --provider McColo --kind scan --indicator 192.0.2.9 \
    >/dev/null 2>&1
dp evidence retract 1 --reason "a sinkhole, not a C2" >/dev/null 2>&1 ||
    fail "retract"
expect_code 0 dp report McColo --format json
json_check 'e = d["evidence"]
eq(e["rows"], 3); eq(e["retracted"], 1); eq(e["undated"], 1)
eq(e["first_observed"], "2008-10-02T00:00:00Z")
eq(e["last_observed"], "2008-10-03T00:00:00Z")
eq([(g["kind"], g["family"], g["rows"], g["undated"]) for g in e["groups"]],
    [("c2", "Srizbi", 2, 0), ("scan", None, 1, 1)])'

step "the HTML report: well-formed, self-contained, with its chart"
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --note '<script>alert(1)</script> & <img src=http://x.example/a.png>' \
    >/dev/null 2>&1
dp event add McColo note --at 2008-11-12T00:00:00Z \
    --note '<script>alert(2)</script><a href="http://x.example/">x</a>' \
    >/dev/null
expect_code 0 dp report McColo --format html -o "$T/r.html"
CHECKS=$((CHECKS + 1))
# libxml2's parser knows HTML 4: the HTML5 and SVG element names are its
# only complaints; anything else (an unclosed or misnested tag) fails
xmllint --html --noout "$T/r.html" 2>"$T/lint" || fail "xmllint failed"
grep 'error' "$T/lint" | grep -v 'Tag [a-z]* invalid' >"$T/lint.bad" &&
    fail "xmllint: $(head -3 "$T/lint.bad")"
python3 - "$T/r.html" >"$T/py.out" 2>&1 <<'PY' || fail "$(cat "$T/py.out")"
import re, sys
from html.parser import HTMLParser
h = open(sys.argv[1], encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.stack, self.bad = [], [], []
        self.text = []
    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.bad.append(tag)
        else:
            self.stack.pop()
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(h)
assert not p.bad and not p.stack, (p.bad, p.stack)
names = [t for t, _ in p.tags]
for t in ("script", "link", "img", "iframe", "object", "a"):
    assert t not in names, "a <%s> in the report" % t
for t, a in p.tags:
    for k in ("src", "href"):
        assert k not in a, (t, a)
    assert not any(k.startswith("on") for k in a), (t, a)
assert "@import" not in h and "url(" not in h
assert names.count("svg") == 2 and "polyline" in names, names
svg = [a for t, a in p.tags if t == "svg"][0]
assert svg["role"] == "img" and "aria-labelledby" in svg, svg
assert ("meta", {"name": "viewport",
    "content": "width=device-width, initial-scale=1"}) in p.tags
assert "@media print" in h
text = "".join(p.text)
assert "<script>alert(2)</script>" in text, "the note is not shown as text"
PY
finish
