#!/bin/sh
# depeer bgp import: hand-built MRT files (tests/cli/mrtgen.py) whose
# paths say what must be counted: prepending collapsed, AS_SETs, loops
# and private AS numbers dropped, upstreams per origin with their paths
# and vantage points, the dump's date or --date, updates with
# withdrawals, compressed input, a file cut short; bad command lines and
# bad files write nothing; verify holds the rows to the entry.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
gen() { python3 "$HERE/mrtgen.py" "$@"; }
# packed DB PART [IMPORT]: the packed links or triplets, a record a line
packed() { python3 "$HERE/bgppack.py" "$@"; }

# 2008-09-01T00:00:00Z
gen rib "$T/rib1.mrt" 1220227200 <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 3549 26780 26780 26780
7018 192.0.2.1 208.72.168.0/21 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 6939 26780
174 192.0.2.3 208.66.192.0/22 174 6939 26780
174 192.0.2.3 208.72.168.0/21 174 3549 26780
# dropped: an AS_SET, a loop, a private AS, AS_TRANS
3356 192.0.2.2 198.51.100.0/24 3356 {64,65} 4000
3356 192.0.2.2 203.0.113.0/24 3356 4000 3356 4001
174 192.0.2.3 203.0.113.0/24 174 64512 4001
7018 192.0.2.1 192.0.2.0/24 7018 23456 4002
EOF

step "bad command lines and files write nothing"
expect_code 0 dp init
db_snap
expect_code 64 dp bgp import
expect_err "needs at least one"
expect_code 64 dp bgp import - "$T/rib1.mrt" - <"$T/rib1.mrt"
expect_err "can be read once"
expect_refused 66 "nope.mrt" bgp import "$T/nope.mrt"
printf 'this is not an MRT file at all, just text\n' >"$T/text.mrt"
expect_refused 65 "text.mrt" bgp import "$T/text.mrt"
expect_err "nothing was imported"
expect_refused 65 "--date" bgp import "$T/rib1.mrt" --date 2008-13-01
# the first file is good, the second is not: neither is imported
expect_refused 65 "text.mrt" bgp import "$T/rib1.mrt" "$T/text.mrt"
: >"$T/empty.mrt"
expect_code_in "65 66" dp bgp import "$T/empty.mrt"
expect_db_unchanged
mkdir "$T/dir.mrt"
expect_refused 66 "dir.mrt" bgp import "$T/dir.mrt"

step "a RIB: paths cleaned and counted"
expect_code 0 dp bgp import "$T/rib1.mrt" --json
json_check "i = d['imports'][0]
eq(i['id'], 1); eq(i['kind'], 'rib')
eq(i['observed_at'], '2008-09-01T00:00:00Z')
eq(i['first_time'], '2008-09-01T00:00:00Z')
eq(i['elems'], 9); eq(i['paths'], 5)
eq(i['dropped'], {'empty': 0, 'as_set': 1, 'loop': 1, 'reserved': 2})
eq(i['vantage_points'], 3); eq(i['truncated'], False)
eq(i['withdrawals'], 0); eq(i['warnings'], []); eq(i['nwarnings'], 0)
eq(len(i['file_sha256']), 64); eq(len(i['content_sha256']), 64)"
expect_sql "SELECT group_concat(upstream || ':' || paths || ':' || vantage, ' ')
    FROM (SELECT * FROM bgp_upstreams WHERE origin = 26780 ORDER BY upstream)" \
    "3549:3:2 6939:2:2"
expect_sql "SELECT prefixes || ' ' || paths || ' ' || vantage || ' ' || announced
    FROM bgp_origins WHERE asn = 26780" "2 5 3 1"
# prepending collapsed: no link of 26780 to itself
[ "$(packed "$DB" links 1 | awk '$2 == $3' | wc -l)" -eq 0 ] ||
    fail "a link of an AS to itself"
expect_sql "SELECT count(*) FROM bgp_origins WHERE asn IN (4000, 4001, 4002)" 0
[ "$(packed "$DB" triplets 1 | awk '$2 == 7018 && $3 == 3549 && $4 == 26780 { print $5 }')" = 2 ] ||
    fail "7018 3549 26780: not 2 paths"
# links and triplets are packed, one row each (src/bgp_pack.h)
expect_sql "SELECT group_concat(part || ':' || records, ' ') FROM
    (SELECT * FROM bgp_packed WHERE import_id = 1 ORDER BY part)" \
    "links:$(packed "$DB" links 1 | wc -l | tr -d ' ') triplets:$(packed "$DB" triplets 1 | wc -l | tr -d ' ')"
expect_sql "SELECT action || ' ' || subject FROM audit_log ORDER BY seq DESC LIMIT 1" \
    "bgp.import bgp:1"
db_snap
expect_refused 65 "is imported already, with the same date, as bgp import 1" \
    bgp import "$T/rib1.mrt"
# within one command too
expect_refused 65 "as bgp import 2" bgp import "$T/rib1.mrt" --date 2008-09-02 \
    "$T/rib1.mrt"
expect_code 0 dp bgp import "$T/rib1.mrt" --date 2008-09-02
expect_out "bgp import 2: "
expect_out "rib of 2008-09-02T00:00:00Z: 5 paths from 3 vantage points, 4 dropped (1 with AS_SET, 1 with a loop, 2 with a private or reserved AS, 0 with no AS)"
expect_err_empty

step "updates: announcements counted, withdrawals end routes"
gen updates "$T/upd.mrt" <<'EOF'
1226430000 A 3549 192.0.2.9 208.66.192.0/22 3549 26780
1226430060 A 6939 192.0.2.10 208.66.192.0/22 6939 26780
1226430120 A 6939 192.0.2.10 198.51.100.0/24 6939 4000
1226433780 W 3549 192.0.2.9 208.66.192.0/22
1226433790 W 6939 192.0.2.10 208.66.192.0/22
EOF
expect_code 0 dp bgp import "$T/upd.mrt" --json
json_check "i = d['imports'][0]
eq(i['kind'], 'updates'); eq(i['paths'], 3); eq(i['withdrawals'], 2)
eq(i['observed_at'], '2008-11-11T20:03:10Z')
eq(i['first_time'], '2008-11-11T19:00:00Z')"
expect_sql "SELECT announced FROM bgp_origins WHERE import_id = 3 AND asn = 26780" 0
expect_sql "SELECT announced FROM bgp_origins WHERE import_id = 3 AND asn = 4000" 1
expect_sql "SELECT paths || ' ' || vantage FROM bgp_origins WHERE import_id = 3 AND asn = 26780" "2 2"

step "compressed input reads the same; a file cut short is imported with warnings"
gzip -c "$T/rib1.mrt" >"$T/rib1.mrt.gz"
expect_code 0 dp bgp import "$T/rib1.mrt.gz" --json
json_check "i = d['imports'][0]; eq(i['file_size'], $(wc -c <"$T/rib1.mrt.gz"))"
expect_sql "SELECT count(DISTINCT content_sha256) FROM bgp_imports WHERE id IN (1, 4)" 1
expect_sql "SELECT count(DISTINCT file_sha256) FROM bgp_imports WHERE id IN (1, 4)" 2
size=$(wc -c <"$T/rib1.mrt")
gen cut "$T/cut.mrt" $((size - 10)) <"$T/rib1.mrt"
expect_code 0 dp bgp import "$T/cut.mrt" --json
expect_err_re "cut.mrt': offset [0-9]+: "
expect_err "ends inside a record: imported what was read"
json_check "i = d['imports'][0]; eq(i['truncated'], True)
eq(i['nwarnings'] >= 1, True); eq(i['warnings'][0].startswith('offset '), True)
eq(i['elems'] < 9, True)"

step "verify holds the imports to their entries"
n=$(sqlq "SELECT count(*) FROM bgp_imports")
expect_code 0 dp verify
expect_out_re "^intact: .*, $n BGP imports$"
expect_code 0 dp verify --json
json_check "eq(d['bgp_imports'], $n); eq(d['prefix_tables'], 0)"
tamper_base
tamper "UPDATE bgp_upstreams SET vantage = 3 WHERE import_id = 1 AND upstream = 3549"
detected "observations of BGP import 1"
# the last triplet's paths set to 127: still well packed, other counts
tamper "UPDATE bgp_packed SET data = CAST(substr(data, 1, length(data) - 1) || x'7f' AS BLOB)
    WHERE import_id = 2 AND part = 'triplets'"
packed "$W" triplets 2 >/dev/null || fail "the tampered triplets do not unpack"
detected "observations of BGP import 2"
tamper "UPDATE bgp_packed SET data = x'01' WHERE import_id = 2 AND part = 'links'"
detected "the packed links of BGP import 2 are damaged: the count of records does not fit the data (byte 1)"
# what reads them stops and says where
expect_code 65 dp --db "$W" bgp relationships
expect_err "depeer: the packed links of BGP import 2 are damaged: the count of records does not fit the data (byte 1); 'depeer verify' checks the case"
tamper "UPDATE bgp_packed SET data = CAST(data || x'00' AS BLOB) WHERE import_id = 2 AND part = 'triplets'"
detected "the packed triplets of BGP import 2 are damaged: bytes follow the last record"
tamper "DELETE FROM bgp_packed WHERE import_id = 3 AND part = 'triplets'"
detected "the packed triplets of BGP import 3 are missing"
tamper "UPDATE bgp_imports SET file_name = 'other.mrt' WHERE id = 3"
detected "BGP import 3 differs"
tamper "UPDATE bgp_origins SET announced = 1 WHERE import_id = 3 AND asn = 26780"
detected "observations of BGP import 3"
tamper "DELETE FROM bgp_imports WHERE id = 4; DELETE FROM bgp_origins WHERE import_id = 4;
    DELETE FROM bgp_upstreams WHERE import_id = 4; DELETE FROM bgp_packed WHERE import_id = 4"
detected "BGP import 4, recorded by audit entry"

finish
