#!/bin/sh
# depeer watch: McColo's de-peering found between runs against the
# loopback registries.  tests/fakenet/watch.txt answers per phase
# ($T/net/phase): the baseline behind Global Crossing (AS3549) and
# Hurricane Electric (AS6939); "lost": AS3549 gone; "offline": every
# prefix withdrawn and no neighbour (so de-peered too); "rehomed": back behind TeliaSonera
# (AS1299); "down": announced-prefixes answers HTTP 500.
. "$(dirname "$0")/lib.sh"

W=$(cd "$(dirname "$0")/../fakenet" && pwd)/watch.txt
fakenet_start "$W" || finish
DEPEER_RETRIES=0
export DEPEER_RETRIES
phase() { printf '%s\n' "$1" >"$T/net/phase"; }
events() { sqlq "SELECT count(*) FROM provider_events"; }

dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 >/dev/null
dp provider add Other --asn AS64500 >/dev/null

step "bad command lines"
expect_code 64 dp watch --quiet --verbose
expect_code 64 dp watch -q --json
expect_code 66 dp watch NoSuchProvider
expect_err "NoSuchProvider"
dp provider add Empty >/dev/null
expect_code 65 dp watch Empty
expect_err "no AS numbers"

step "run 1: the baseline, no event"
DEPEER_NOW=2008-11-10T16:30:00Z expect_code 0 dp watch
expect_out "McColo: first run, baseline recorded: online, upstreams AS3549, AS6939"
expect_out "Other: first run, baseline recorded: online"
expect_no_out "Empty"
expect_sql "SELECT count(*) FROM provider_events" 0
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'lookup'
    AND subject = 'watch:provider:1'" 1
expect_sql "SELECT count(*) FROM sources WHERE audit_seq = (SELECT max(seq)
    FROM audit_log WHERE subject = 'watch:provider:1')" 3

step "the same answers again: silent, nothing written"
db_snap
DEPEER_NOW=2008-11-10T17:00:00Z expect_code 0 dp watch McColo
expect_out_empty
expect_err_empty
expect_db_unchanged
expect_code 0 dp watch -v
expect_out "McColo: no change: online, upstreams AS3549, AS6939"
expect_out "Other: no change"
expect_out "Empty: skipped: no AS number"

step "run 2: Global Crossing gone"
phase lost
DEPEER_NOW=2008-11-11T08:30:00Z expect_code 0 dp watch
expect_out_re "^McColo: upstream-lost AS3549: AS3549 no longer seen as upstream of AS26780 \(RIPEstat asn-neighbours, source [0-9]+\) \[event 1\]$"
expect_sql "SELECT kind || ' ' || upstream_asn || ' ' || at FROM provider_events" \
    "upstream-lost 3549 1226392200"
# The event's source is the stored answer without AS3549 in it.
expect_sql "SELECT s.query LIKE '%/asn-neighbours/%resource=AS26780%'
    AND instr(s.content, '\"asn\":6939') > 0
    AND instr(s.content, '\"asn\":3549') = 0
    FROM provider_events e JOIN sources s ON s.id = e.source_id
    WHERE e.id = 1" 1
expect_sql "SELECT instr(note, 'source ' || source_id || ')') > 0
    FROM provider_events WHERE id = 1" 1
DEPEER_NOW=2008-11-11T09:00:00Z expect_code 0 dp watch
expect_out_empty
expect_sql "SELECT count(*) FROM provider_events" 1

step "run 3: every prefix withdrawn"
phase offline
DEPEER_NOW=2008-11-12T00:30:00Z expect_code 0 dp --json watch McColo
json_check "
it = d[0]
eq(it['status'], 'changed'); eq(it['online'], False); eq(it['upstreams'], [])
eq([(e['kind'], e['upstream_asn']) for e in it['events']],
   [('offline', None), ('upstream-lost', 6939), ('de-peered', None)])
o = it['origins'][0]
eq((o['announced'], o['withdrawn'], o['ris_peers_seeing']), (0, 2, 0))
eq(it['events'][0]['source_id'], o['sources']['announced-prefixes'])
eq(it['events'][1]['source_id'], o['sources']['asn-neighbours'])
# The last upstream gone: de-peered, citing the neighbours answer that
# shows none, and naming the upstreams last seen.
eq(it['events'][2]['source_id'], o['sources']['asn-neighbours'])
assert 'last seen AS6939' in it['events'][2]['note'], it['events'][2]
eq(len(it['sources']), 3)"
expect_sql "SELECT count(*) FROM provider_events" 4
# The offline event cites the announced-prefixes answer whose
# timelines end before its window does.
expect_sql "SELECT s.query LIKE '%/announced-prefixes/%'
    AND instr(s.content, '\"endtime\":\"2008-11-11T16:00:00\"') > 0
    AND instr(s.content, '\"query_endtime\":\"2008-11-12T00:00:00\"') > 0
    FROM provider_events e JOIN sources s ON s.id = e.source_id
    WHERE e.kind = 'offline'" 1

step "run 4: back behind TeliaSonera, two runs at once record it once"
phase rehomed
DEPEER_NOW=2008-11-13T00:30:00Z dp watch >"$T/a.out" 2>"$T/a.err" &
PA=$!
DEPEER_NOW=2008-11-13T00:30:00Z dp watch >"$T/b.out" 2>"$T/b.err" &
PB=$!
wait $PA; RA=$?
wait $PB; RB=$?
[ "$RA" = 0 ] && [ "$RB" = 0 ] ||
    fail "concurrent runs: exit $RA and $RB: $(cat "$T/a.err" "$T/b.err")"
expect_sql "SELECT group_concat(kind || ':' || ifnull(upstream_asn, '-'), ' ')
    FROM (SELECT * FROM provider_events WHERE id > 4 ORDER BY id)" \
    "upstream-gained:1299 rehomed:1299"
cat "$T/a.out" "$T/b.out" >"$T/out"
expect_out_re "^McColo: upstream-gained AS1299: AS1299 newly seen as upstream of AS26780"
expect_out_re "^McColo: rehomed AS1299: AS26780 announced behind AS1299, not among the upstreams last seen \(AS6939\); upstreams now AS1299"
[ "$(grep -c . "$T/out")" = 2 ] ||
    fail "the two runs printed $(grep -c . "$T/out") lines, not 2"
expect_sql "SELECT count(*) FROM audit_log WHERE subject = 'watch:provider:1'" 4

step "run 5: nothing changed"
db_snap
DEPEER_NOW=2008-11-13T01:00:00Z expect_code 0 dp watch
expect_out_empty
expect_err_empty
expect_db_unchanged

step "every event cites a stored answer; timeline and verify"
expect_sql "SELECT count(*) FROM provider_events e LEFT JOIN sources s
    ON s.id = e.source_id WHERE s.id IS NULL" 0
expect_code 0 dp timeline McColo
expect_out_re "upstream-lost +event 1 \(upstream AS3549\)"
expect_out_re "offline +event 2"
expect_out_re "de-peered +event 4: no upstream of AS26780 seen any more; last seen AS6939"
expect_out_re "rehomed +event 6 \(upstream AS1299\)"
expect_code 0 dp verify
# The state a run compares with is the stored answers: changing one
# behind depeer's back is found.
tamper_base
tamper "UPDATE sources SET content = CAST(replace(CAST(content AS TEXT),
    '\"asn\":6939', '\"asn\":6940') AS BLOB) WHERE id =
    (SELECT source_id FROM provider_events WHERE id = 1)"
expect_sql --db "$W" "SELECT typeof(content),
    instr(CAST(content AS TEXT), '\"asn\":6940') > 0 FROM sources
    WHERE id = (SELECT source_id FROM provider_events WHERE id = 1)" "blob|1"
expect_sql "SELECT typeof(content) FROM sources WHERE id = 1" blob
detected

step "a registry that fails: 69, nothing recorded"
phase down
db_snap
DEPEER_NOW=2008-11-14T00:30:00Z expect_code 69 dp watch
expect_err_re "^depeer: watch 'McColo': .*HTTP 500"
expect_out_empty
expect_db_unchanged
DEPEER_NOW=2008-11-14T00:30:00Z expect_code 69 dp --json watch
json_check "m = [x for x in d if x['provider'] == 'McColo'][0]
eq(m['status'], 'failed'); eq(m['events'], []); eq(m['sources'], [])
assert 'HTTP 500' in m['error']
eq([x['status'] for x in d if x['provider'] == 'Empty'], ['skipped'])
# The other provider is still watched.
eq([x['status'] for x in d if x['provider'] == 'Other'], ['unchanged'])"
DEPEER_NOW=2008-11-14T00:30:00Z expect_code 69 dp watch -v
expect_out "Other: no change"

step "flapping: up again behind the old upstream is back-online"
phase offline
DEPEER_NOW=2008-11-15T00:30:00Z expect_code 0 dp watch
expect_out "McColo: offline"
expect_out "McColo: upstream-lost AS1299"
phase rehomed
DEPEER_NOW=2008-11-15T08:30:00Z expect_code 0 dp watch
expect_out_re "^McColo: back-online: AS26780 announced again: 2 prefixes, behind AS1299"
expect_out "upstream-gained AS1299"
expect_no_out "rehomed"
expect_code 0 dp verify

finish
