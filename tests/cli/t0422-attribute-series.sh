#!/bin/sh
# depeer attribute --series and --by provider: each key's hourly counts
# stored as a measurement series in one transaction (zero where the key
# had no line), held by verify, read by impact; --add; nothing stored
# on a failure; and the reducer, --merge, storing partial counts.
. "$(dirname "$0")/lib.sh"

dp init >/dev/null
cat > t.txt <<'EOF2'
208.66.192.0	22	26780
208.72.168.0	21	26780
10.0.0.0	16	64500
10.9.0.0	16	64509
192.0.2.0	24	64502_64503
EOF2
expect_code 0 dp prefixes import t.txt --name rib --date 2008-11-01T00:00:00Z \
    --format pfx2as
expect_code 0 dp provider add McColo --asn 26780
# Esthost declared a /24 inside another AS's route.
expect_code 0 dp provider add "Esthost, Inc" --asn 64999 \
    --prefix 10.9.1.0/24
expect_code 0 dp provider add Atrivo --asn 64502
expect_code 0 dp provider add Intercage --asn 64503
cat > a.log <<'EOF2'
2008-11-11T20:10:00Z 208.66.192.1
2008-11-11T20:20:00Z 208.72.170.1
2008-11-11T20:30:00Z 10.9.1.1
2008-11-11T20:40:00Z 10.9.2.1
2008-11-11T22:00:00Z 192.0.2.1
2008-11-11T22:10:00Z 8.8.8.8
2008-11-11T22:20:00Z 10.0.0.1
EOF2

step "--by provider: declared prefixes, then origins; other, unmatched"
expect_code 0 dp attribute --by provider a.log
cat > want <<'EOF2'
interval_start,key,count
2008-11-11T20:00:00Z,"Esthost, Inc",1
2008-11-11T20:00:00Z,McColo,2
2008-11-11T20:00:00Z,other,1
2008-11-11T22:00:00Z,Atrivo_Intercage,1
2008-11-11T22:00:00Z,other,1
2008-11-11T22:00:00Z,unmatched,1
EOF2
cmp -s "$T/out" want || fail "--by provider: $(diff want "$T/out")"

step "--series: one series a key, every hour of the input, zeros kept"
db_snap
expect_code 0 dp attribute --by provider --series trap a.log
expect_out "stored series 'trap:McColo' (per 1h); audit entry"
expect_code 0 dp measure show trap:McColo --json
json_check "
eq([(v['t'], v['value']) for v in d['values']],
   [('2008-11-11T20:00:00Z', 2.0), ('2008-11-11T21:00:00Z', 0.0),
    ('2008-11-11T22:00:00Z', 0.0)])"
expect_code 0 dp measure list --json
json_check "
eq(sorted(s['name'] for s in d),
   ['trap:Atrivo_Intercage', 'trap:Esthost, Inc', 'trap:McColo',
    'trap:other', 'trap:unmatched'])"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'measure.import'" 5
expect_code 0 dp verify

step "the series exist: refused whole without --add; --add adds"
db_snap
expect_refused 65 "exists" attribute --by provider --series trap a.log
expect_code 0 dp attribute --by provider --series trap --add a.log
expect_code 0 dp measure show trap:McColo --json
json_check "eq(d['values'][0]['value'], 4.0); eq(d['imports'], 2)"
db_snap
expect_refused 66 "no series named" attribute --by asn --series trap \
    --add a.log

step "a malformed line under --strict stores nothing"
printf '2008-11-11T20:10:00Z 208.66.192.1\nnonsense\n' > bad.log
expect_refused 65 "line 2" attribute --series strict --strict bad.log

step "impact reads a stored series"
awk 'BEGIN { for (h = 0; h < 480; h++) {
	n = h < 240 ? 20 : 5
	for (i = 0; i < n; i++)
		printf "%d 208.66.192.%d\n", 1225497600 + h * 3600 + i, i + 1
} }' > long.log
expect_code 0 dp attribute --series long long.log
expect_code 0 dp impact --series long:AS26780 --at 2008-11-11T00:00:00Z \
    --json
json_check "assert d['after_mean'] < d['before_mean'], d"

step "--merge: partial counts added up, then stored"
head -n 3 a.log > p1.log
tail -n +4 a.log > p2.log
dp attribute --by provider p1.log > p1.csv
dp attribute --by provider p2.log > p2.csv
expect_code 0 dp attribute --merge p1.csv p2.csv
dp attribute --by provider a.log > all.csv
cmp -s all.csv "$T/out" || fail "merge: $(diff all.csv "$T/out")"
expect_code 0 dp attribute --merge p1.csv p2.csv --series merged
expect_code 0 dp measure show merged:McColo --json
json_check "eq([v['value'] for v in d['values']], [2.0, 0.0, 0.0])"
expect_code 0 dp verify

step "--merge refuses counts of another interval, and what is not counts"
dp attribute --by provider --interval 15m p2.log > q.csv
db_snap
expect_refused 65 "does not start an interval" attribute --merge p1.csv \
    q.csv --series bad
expect_refused 65 "does not start with the header" attribute --merge a.log

finish
