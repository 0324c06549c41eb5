#!/bin/sh
# McColo's cut-off: every transit link gone at once.  A run of depeer
# upstreams that finds no upstream is recorded (an "upstreams" entry with
# no links) when every source of neighbours (RIPEstat asn-neighbours, the
# IRR, Team Cymru's peers) answered, so the old links are "gone since"
# that run; a run where one of those sources failed is inconclusive: it
# records the upstreams it found, if any, but marks no link gone.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 >/dev/null
D=$(cd "$(dirname "$0")/../fakenet" && pwd)
TAB=$(printf '\t')

step "a run that sees Global Crossing and Hurricane Electric"
DEPEER_NOW=2008-11-01T00:00:00Z dp upstreams McColo >/dev/null ||
    fail "first run failed"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'upstreams'" 1

step "the sources of neighbours fail: inconclusive, nothing gone"
cat >"$T/fail.routes" <<ROUTES
https://stat.ripe.net${TAB}/data/asn-neighbours/data\.json\?resource=AS26780.*${TAB}-${TAB}status=500
whois.radb.net${TAB}AS26780${TAB}-${TAB}close
v4-peer.whois.cymru.com${TAB} -v 208\.66\.192\.1${TAB}-${TAB}close
ROUTES
fakenet_start "$T/fail.routes" || finish
expect_code 0 dp upstreams McColo --refresh
expect_out "no upstream found"
expect_out "inconclusive run"
DEPEER_NOW=2008-11-05T00:00:00Z expect_code 0 dp --json upstreams McColo \
    --refresh
json_check "o = d['origins'][0]
eq(o['upstreams'], []); eq(o['inconclusive'], True)"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'upstreams'" 1
expect_code 0 dp upstreams McColo --history --json
json_check "o = d['origins'][0]
eq(o['last_run'], '2008-11-01T00:00:00Z')
eq([(l['upstream'], l['current']) for l in o['links']],
   [(3549, True), (6939, True)])"

step "RIPEstat fails, the IRR still shows one upstream: the other stays"
grep -v AS6939 "$D/data/radb-AS26780.txt" >"$T/radb1.txt"
cat >"$T/part.routes" <<ROUTES
https://stat.ripe.net${TAB}/data/asn-neighbours/data\.json\?resource=AS26780.*${TAB}-${TAB}status=500
whois.radb.net${TAB}AS26780${TAB}radb1.txt
v4-peer.whois.cymru.com${TAB} -v 208\.66\.192\.1${TAB}-${TAB}close
ROUTES
fakenet_start "$T/part.routes" || finish
DEPEER_NOW=2008-11-07T00:00:00Z expect_code 0 dp --json upstreams McColo \
    --refresh
json_check "o = d['origins'][0]
eq([u['asn'] for u in o['upstreams']], [3549]); eq(o['inconclusive'], True)"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'upstreams'" 2
expect_code 0 dp upstreams McColo --history --json
json_check "o = d['origins'][0]
eq(o['last_run'], '2008-11-01T00:00:00Z')
eq(sorted((l['upstream'], l['last_seen'], l['current']) for l in o['links']),
   [(3549, '2008-11-07T00:00:00Z', True), (6939, '2008-11-01T00:00:00Z', True)])"
expect_code 0 dp verify

step "one source of neighbours fails, the others see nothing: inconclusive"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
d['data']['neighbours'] = []
json.dump(d, open('$T/neigh.json', 'w'))" "$D/data/ripestat-neighbours-AS26780.json"
grep -v 'AS3549\|AS6939' "$D/data/radb-AS26780.txt" >"$T/radb.txt"
grep -v '^3549\|^6939' "$D/data/cymru-peers-mccolo.txt" >"$T/peers.txt"
cat >"$T/half.routes" <<ROUTES
https://stat.ripe.net${TAB}/data/asn-neighbours/data\.json\?resource=AS26780.*${TAB}neigh.json
whois.radb.net${TAB}AS26780${TAB}radb.txt
v4-peer.whois.cymru.com${TAB} -v 208\.66\.192\.1${TAB}-${TAB}close
ROUTES
fakenet_start "$T/half.routes" || finish
DEPEER_NOW=2008-11-08T00:00:00Z expect_code 0 dp upstreams McColo --refresh
expect_out "inconclusive run"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'upstreams'" 2

step "every neighbour gone and every source answered: all links gone"
cat >"$T/gone.routes" <<ROUTES
https://stat.ripe.net${TAB}/data/asn-neighbours/data\.json\?resource=AS26780.*${TAB}neigh.json
whois.radb.net${TAB}AS26780${TAB}radb.txt
v4-peer.whois.cymru.com${TAB} -v 208\.66\.192\.1${TAB}peers.txt
ROUTES
fakenet_start "$T/gone.routes" || finish
DEPEER_NOW=2008-11-11T20:00:00Z expect_code 0 dp upstreams McColo --refresh
expect_out "no upstream found"
expect_no_out "inconclusive"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'upstreams'" 3
expect_code 0 dp upstreams McColo --history --json
json_check "o = d['origins'][0]
eq(o['last_run'], '2008-11-11T20:00:00Z')
eq(sorted((l['upstream'], l['last_seen'], l['current'], l['gone_since'])
    for l in o['links']),
   [(3549, '2008-11-07T00:00:00Z', False, '2008-11-11T20:00:00Z'),
    (6939, '2008-11-01T00:00:00Z', False, '2008-11-11T20:00:00Z')])"
expect_code 0 dp upstreams McColo --history
expect_out_re "^AS3549 .* gone since 2008-11-11T20:00:00Z$"
expect_out_re "^AS6939 .* gone since 2008-11-11T20:00:00Z$"
expect_code 0 dp --json provider show McColo
json_check "u = d['summary']['upstreams'][0]
eq(u['last_run'], '2008-11-11T20:00:00Z'); eq(u['links'], []); eq(u['gone'], 2)"
expect_code 0 dp verify

step "verify: a link that claims the empty run is caught"
tamper_base
tamper "UPDATE upstreams SET audit_seq = (SELECT max(seq) FROM audit_log
    WHERE action = 'upstreams') WHERE upstream_asn = 6939"
detected "AS6939 claims the entry but was not recorded by it"

finish
