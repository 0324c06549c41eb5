#!/bin/sh
# depeer report: the status report of a case built offline (reportlib.sh)
# as text, Markdown and JSON, each checked byte for byte against
# tests/expected/report-mccolo.* (the hashes that vary from run to run,
# the Message-IDs being random, replaced by a fixed string first); the
# sections in WRITING.md's order; -o writes the same bytes whole; the
# report changes nothing in the case.  DEPEER_UPDATE_EXPECTED=1 rewrites
# the expected files (review the diff before committing it).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reportlib.sh"

EXP=$TOP/tests/expected
# norm FILE: every SHA-256 (64 hex digits) as the same 64 characters,
# and the schema version (checked below) as N, so that a new migration
# does not change the expected reports
norm() {
	sed -E -e 's/[0-9a-f]{64}/################################################################/g' \
	    -e 's/\(schema [0-9]+\)/(schema N)/' \
	    -e 's/"schema_version": [0-9]+/"schema_version": N/' "$1"
}
check_expected() {	# check_expected FORMAT EXT
	CHECKS=$((CHECKS + 1))
	norm "$T/out" >"$T/norm.$2"
	if [ -n "${DEPEER_UPDATE_EXPECTED:-}" ]; then
		cp "$T/norm.$2" "$EXP/report-mccolo.$2"
	elif ! cmp -s "$T/norm.$2" "$EXP/report-mccolo.$2"; then
		fail "--format $1 differs from tests/expected/report-mccolo.$2:
$(diff -u "$EXP/report-mccolo.$2" "$T/norm.$2" | head -40)"
	fi
}

db_snap
step "text, against the expected report"
expect_code 0 dp report McColo
check_expected text txt
# the order of WRITING.md section 3
order=$(grep -nE '^(Summary|Caveats|The provider and what the evidence shows|Upstreams and how each link was shown|Who was told, and what each said|Timeline|Measured impact|Appendix: every record cited)$' "$T/out" |
    cut -d: -f2- | tr '\n' '/')
[ "$order" = "Summary/Caveats/The provider and what the evidence shows/Upstreams and how each link was shown/Who was told, and what each said/Timeline/Measured impact/Appendix: every record cited/" ] ||
    fail "sections out of order: $order"
CHECKS=$((CHECKS + 1))
awk 'length($0) > 72 && $0 !~ /^  *"?https?:/ && $0 !~ /^[^ ]*$/ {
    print "line " NR " is " length($0) " wide: " $0; bad = 1 }
    END { exit bad }' "$T/out" >"$T/wide" || fail "$(cat "$T/wide")"
expect_out "No reply after 1"
expect_out "AS6939 HURRICANE <abuse@he.example>"
expect_out "fell 60% (95% interval: a fall of"
expect_out "moving-block bootstrap over whole days"
expect_out "Poisson regression"
expect_out "[event 2, audit "
expect_out "Conclusive: yes"

step "markdown, against the expected report"
expect_code 0 dp report McColo --format markdown
check_expected markdown md
# a '|' or '*' from the case cannot break a table or start emphasis
expect_out '| spam-source | Mega\|D\*bot | 1 |'
expect_out 'Global Crossing \| withdrew \*all\*'
python3 - "$T/out" >"$T/py.out" 2>&1 <<'PY' || fail "$(cat "$T/py.out")"
import re, sys
# every row of each GFM table has as many unescaped bars as its header
rows = open(sys.argv[1]).read().split("\n")
cols = None
for r in rows:
    if not r.startswith("|"):
        cols = None
        continue
    n = len(re.findall(r"(?<!\\)\|", r))
    if cols is None:
        cols = n
    elif n != cols:
        sys.exit("a table row has %d cells, its header %d: %s" % (n, cols, r))
PY

step "json, against the expected report"
expect_code 0 dp report McColo --format json
check_expected json json
json_check '
eq(d["report_version"], 1)
eq(d["schema_version"], int("'"$(sqlq 'PRAGMA user_version')"'"))
assert d["audit_head"]["seq"] > 0 and len(d["audit_head"]["hash"]) == 64, d
eq(d["generated_at"], "2008-12-30T00:00:00Z"); eq(d["redacted"], False)
eq(d["provider"]["asns"], [26780])
g = {(x["kind"], x["family"]): x["rows"] for x in d["evidence"]["groups"]}
eq(g[("c2", "Srizbi")], 2); eq(d["evidence"]["rows"], 5)
eq(sorted(u["upstream_asn"] for u in d["upstreams"]), [3549, 6939])
assert all(s["source_id"] in [r["id"] for r in d["records"]["sources"]]
    for u in d["upstreams"] for s in u["shown_by"]), d["upstreams"]
p = {x["asn"]: x for x in d["parties"]}
eq(p[3549]["replied"], True); eq(p[6939]["replied"], False)
eq(p[6939]["messages_sent"], 1)
eq(sorted(x["address"] for x in d["parties"]),
    ["abuse@gblx.example", "abuse@he.example"])
eq([c["id"] for c in d["records"]["complaints"]], [1, 2])
assert "Status update 3 sent to krebs@example.org (The Washington Post): sent from mutt" in [t["what"] for t in d["timeline"]], d["timeline"]
eq(d["event"]["kind"], "de-peered")
i = d["series"][0]["impact"]
assert i["ci95"][0] < i["change_pct"] < i["ci95"][1] < 0, i
eq(i["conclusive"], True)'
expect_code 0 dp --json report McColo
norm "$T/out" | cmp -s - "$EXP/report-mccolo.json" ||
    fail "--json differs from --format json"

step "-o writes the same bytes, whole, and only with --force over a file"
expect_code 0 dp report McColo --format json -o "$T/r.json"
expect_out_empty
norm "$T/r.json" | cmp -s - "$EXP/report-mccolo.json" ||
    fail "-o r.json differs from the expected report"
expect_code 73 dp report McColo -o "$T/r.json"
expect_err "r.json"
expect_code 0 dp report McColo --force -o "$T/r.json"
[ "$(head -c 6 "$T/r.json")" = "Status" ] || fail "--force did not replace"
expect_db_unchanged
finish
