#!/bin/sh
# A 20,000-row import, then evidence list over it: --provider, --kind,
# --since and --until (alone and together), as JSON and as a table; the
# expected counts are computed from the CSV itself.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 >/dev/null
dp provider add Atrivo --asn 27595 >/dev/null

N=20000
awk -v n="$N" 'BEGIN {
	split("c2 spam-source malware-host phishing botnet-ctrl scan other", k, " ")
	split("Srizbi Rustock Mega-D Pushdo Dedler Storm", f, " ")
	print "observed_at,indicator,kind,family,note"
	for (i = 0; i < n; i++) {
		if (i % 3 == 0)
			ind = sprintf("208.66.%d.%d", 192 + int(i / 254) % 4, i % 254 + 1)
		else if (i % 3 == 1)
			ind = sprintf("cc%d.botnet%d.example.com", i, i % 97)
		else
			ind = sprintf("http://update%d.example.net/gate.php?id=%d", i % 100, i)
		printf "2008-%02d-%02dT%02d:%02d:00Z,%s,%s,%s,\"row %d, of %d\"\n",
		    i % 12 + 1, i % 28 + 1, i % 24, i % 60, ind, k[i % 7 + 1],
		    f[i % 6 + 1], i, n
	}
}' >"$T/big.csv"
printf 'kind,indicator,observed_at\nc2,69.50.160.1,2008-06-01T00:00:00Z\nscan,69.50.160.2,2008-07-01T00:00:00Z\nc2,69.50.160.3,2009-01-01T00:00:00Z\nscan,69.50.160.4,\n' >"$T/small.csv"

# count FILTER-PYEXPR: rows of big.csv for which the expression (over r,
# a dict of the row) holds.
count() {
	python3 -c "
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(sum(1 for r in csv.DictReader(f) if $1))" "$T/big.csv"
}

step "import $N rows"
expect_code 0 dp evidence import --provider McColo big.csv
expect_out "imported $N rows"
expect_code 0 dp evidence import --provider Atrivo small.csv
expect_sql "SELECT count(*) FROM evidence" $((N + 4))
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'evidence.import'" 2

step "list --provider"
expect_code 0 dp evidence list --provider McColo --json
json_check "eq(len(d), $N)
eq({e['provider'] for e in d}, {'McColo'})
eq([e['id'] for e in d], list(range(1, $N + 1)))
eq(d[4]['note'], 'row 4, of $N')
eq(d[4]['observed_at'], '2008-05-05T04:04:00Z')"
expect_code 0 dp --json evidence list --provider atrivo
json_check "eq(len(d), 4); eq({e['provider'] for e in d}, {'Atrivo'})"

step "list --kind"
want=$(count "r['kind'] == 'botnet-ctrl'")
expect_code 0 dp evidence list --kind botnet-ctrl --json
json_check "eq(len(d), $want); eq({e['kind'] for e in d}, {'botnet-ctrl'})"
want=$(count "r['kind'] == 'c2'")
expect_code 0 dp evidence list --kind c2 --provider McColo --json
json_check "eq(len(d), $want)"
expect_code 0 dp evidence list --kind c2 --json
json_check "eq(len(d), $want + 2)"

step "list --since and --until"
want=$(count "r['observed_at'] >= '2008-06-01'")
expect_code 0 dp evidence list --provider McColo --since 2008-06-01 --json
json_check "eq(len(d), $want)
assert min(e['observed_at'] for e in d) >= '2008-06-01', 'row before --since'"
want=$(count "r['observed_at'] < '2008-03-01'")
expect_code 0 dp evidence list --provider McColo --until 2008-03-01T00:00:00Z --json
json_check "eq(len(d), $want)
assert max(e['observed_at'] for e in d) < '2008-03-01', 'row after --until'"
want=$(count "'2008-06-01T05' <= r['observed_at'] < '2008-09-01'")
expect_code 0 dp evidence list --provider McColo --json \
    --since "2008-06-01 00:00 -0500" --until 2008-09-01
json_check "eq(len(d), $want)"
want=$(count "r['kind'] == 'scan' and '2008-06-01' <= r['observed_at'] < '2008-09-01'")
expect_code 0 dp evidence list --kind scan --since 2008-06-01 --until 2008-09-01 --json
json_check "eq(len(d), $want + 1)"
expect_code 0 dp evidence list --since 2010-01-01 --until 2011-01-01 --json
json_check "eq(d, [])"
# rows without an observation time match no time range
expect_code 0 dp evidence list --provider Atrivo --since 1970-01-01 --json
json_check "eq([e['indicator'] for e in d], ['69.50.160.1', '69.50.160.2', '69.50.160.3'])"
expect_code 0 dp evidence list --provider Atrivo --until 9999-12-31 --json
json_check "eq(len(d), 3)"
expect_code 65 dp evidence list --since 2008-13-01
expect_err "2008-13-01"
expect_code 66 dp evidence list --provider Nobody
expect_code 65 dp evidence list --kind c3

step "list as a table"
expect_code 0 dp evidence list --provider McColo
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$T/out")" -eq $((N + 1)) ] || fail "table has $(wc -l <"$T/out") lines, expected $((N + 1))"
expect_out_re "^ID +PROVIDER +KIND +INDICATOR +OBSERVED +FAMILY"
expect_out_re "^20000 +McColo +"

step "verify the lot"
expect_code 0 dp verify --json
json_check "eq(d['ok'], True); eq(d['evidence_rows'], $N + 4)"

finish
