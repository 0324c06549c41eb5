#!/bin/sh
# Text tables (depeer(1) OUTPUT): columns line up by display width (wide
# CJK and full-width characters take two columns, combining marks none),
# a value wider than its column after the first 1,000 rows widens the
# column from that row on instead of running into the next one, and a
# table whose rows all fit keeps its exact layout.
. "$(dirname "$0")/lib.sh"

# cols FILE: for every line, the display column (counted as a terminal
# does, by Unicode's East Asian Width and combining classes) at which each
# cell starts, cells being separated by two or more spaces; one JSON list
# per line.  Checks below run Python over this.
cols() {
	python3 -c '
import json, re, sys, unicodedata
def width(s):
    n = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    print(json.dumps([[width(line[:m.start()]), m.group()]
                      for m in re.finditer(r"\S+(?: \S+)*", line)]))
' "$1"
}

step "display width: CJK, full-width and combining characters"
dp provider add "ＭｃＣｏｌｏ 株式会社" --asn 26780 >/dev/null
dp provider add "$(printf 'Cafe\314\201 Hosting')" --asn 27595 >/dev/null
dp provider add "McColo Corporation" --asn 3549 --prefix 208.66.192.0/22 >/dev/null
expect_code 0 dp provider list
cols "$T/out" >"$T/cols"
CHECKS=$((CHECKS + 1))
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
head = [c for c, _ in rows[0]]
assert len(rows) == 4, rows
for r in rows[1:]:
    assert [c for c, _ in r] == head, "cells at columns %r, header at %r: %r" % ([c for c, _ in r], head, r)
' "$T/cols" 2>"$T/py.err" || { fail "columns do not line up: $(tail -n 1 "$T/py.err")"; _show stdout "$T/out"; }

step "rows that fit keep their layout"
CHECKS=$((CHECKS + 1))
{
	echo 'ID  NAME                   ASNS     PREFIXES         COUNTRY'
	printf '2   Cafe\314\201 Hosting           AS27595  -                -\n'
	echo '3   McColo Corporation     AS3549   208.66.192.0/22  -'
	echo '1   ＭｃＣｏｌｏ 株式会社  AS26780  -                -'
} >"$T/want"
cmp -s "$T/want" "$T/out" || { fail "provider list is not the expected table"; diff "$T/want" "$T/out" | sed 's/^/    | /' >&2; }

step "a wider value after the first 1,000 rows"
# 1,499 narrow rows, then a kind and an indicator wider than any before,
# then narrow rows again; then rows of a provider with a wide name.
awk 'BEGIN {
	print "kind,indicator,observed_at,family"
	for (i = 1; i <= 1520; i++) {
		if (i == 1500)
			printf "spam-source,http://update-server-1500.example.net/gate.php?id=1500,2008-11-01T00:00:00Z,Srizbi\n"
		else
			printf "c2,10.0.%d.%d,2008-11-01T00:00:00Z,Srizbi\n", int(i / 250), i % 250 + 1
	}
}' >"$T/rows.csv"
printf 'kind,indicator\nc2,208.66.194.37\nscan,208.66.194.38\n' >"$T/few.csv"
dp provider add McColo --asn 1 >/dev/null
dp provider add "Ｗｉｄｅ Ｎａｍｅ Hosting 株式会社" --asn 2 >/dev/null
expect_code 0 dp evidence import --provider McColo "$T/rows.csv"
expect_code 0 dp evidence import --provider "Ｗｉｄｅ Ｎａｍｅ Hosting 株式会社" "$T/few.csv"
expect_code 0 dp evidence list
expect_no_out "spam-sourcehttp"
expect_no_out "id=15002008"
cols "$T/out" >"$T/cols"
CHECKS=$((CHECKS + 1))
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 1 + 1520 + 2, len(rows)
for i, r in enumerate(rows):
    # eight cells each, none run into the next
    assert len(r) == 8, "line %d has %d cells: %r" % (i + 1, len(r), r)
head = [c for c, _ in rows[0]]
wide = [c for c, _ in rows[1500]]
assert rows[1500][3][1].startswith("http://update-server-1500"), rows[1500]
for i in range(1, 1500):
    assert [c for c, _ in rows[i]] == head, "line %d moved: %r" % (i + 1, rows[i])
assert wide[3] > head[3] and wide[4] > head[4], (head, wide)
for i in range(1501, 1521):
    assert [c for c, _ in rows[i]] == wide, "line %d not at the widened columns %r: %r" % (i + 1, wide, rows[i])
# the wide provider name widens its column in turn, in display columns
last = [c for c, _ in rows[1521]]
assert last[2] > wide[2], (wide, last)
assert [c for c, _ in rows[1522]] == last, (last, rows[1522])
' "$T/cols" 2>"$T/py.err" || { fail "evidence list: $(tail -n 1 "$T/py.err" | head -c 400)"; }

finish
