#!/bin/sh
# depeer upstreams --history: every upstream link the case recorded for a
# provider's origin ASes, with first and last seen, current or "gone since"
# the first run that no longer saw it; read from the case alone (no
# registry is asked, nothing is written).  provider show summarises the
# current links.  Three runs at fixed times (DEPEER_NOW): two that see
# Global Crossing and Hurricane Electric, then one, against registries
# that no longer show Hurricane Electric, that sees only Global Crossing.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 >/dev/null

step "--history before any run"
expect_code 0 dp upstreams McColo --history --json
json_check "eq(d['provider'], 'McColo')
eq(d['origins'], [{'origin': 26780, 'last_run': None, 'links': [],
    'bgp': {'observations': [], 'distinct_upstreams': 0, 'changes': 0,
    'gaps': 0}}])"
expect_code 0 dp upstreams McColo --history
expect_out "never looked up"
expect_code 0 dp provider show McColo
expect_out "AS26780: not looked up yet"

step "two runs that see both upstreams"
DEPEER_NOW=2008-11-01T00:00:00Z dp upstreams McColo >/dev/null ||
    fail "first run failed"
DEPEER_NOW=2008-11-05T00:00:00Z dp upstreams McColo --refresh >/dev/null ||
    fail "second run failed"
expect_code 0 dp upstreams McColo --history --json
json_check "o = d['origins'][0]
eq(o['origin'], 26780); eq(o['last_run'], '2008-11-05T00:00:00Z')
eq([(l['upstream'], l['first_seen'], l['last_seen'], l['current'],
    l['gone_since']) for l in o['links']],
   [(3549, '2008-11-01T00:00:00Z', '2008-11-05T00:00:00Z', True, None),
    (6939, '2008-11-01T00:00:00Z', '2008-11-05T00:00:00Z', True, None)])
eq(o['links'][0]['name'], 'GBLX')"

# The registries as of the de-peering: Hurricane Electric gone from
# RIPEstat's neighbours, the IRR policy and Team Cymru's peers.  These
# rules come before the usual ones (the first match wins).
D=$(cd "$(dirname "$0")/../fakenet" && pwd)
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
d['data']['neighbours'] = [n for n in d['data']['neighbours'] if n['asn'] != 6939]
json.dump(d, open('$T/neigh.json', 'w'))" "$D/data/ripestat-neighbours-AS26780.json"
grep -v AS6939 "$D/data/radb-AS26780.txt" >"$T/radb.txt"
grep -v '^6939' "$D/data/cymru-peers-mccolo.txt" >"$T/peers.txt"
TAB=$(printf '\t')
cat >"$T/later.routes" <<ROUTES
https://stat.ripe.net${TAB}/data/asn-neighbours/data\.json\?resource=AS26780.*${TAB}neigh.json
whois.radb.net${TAB}AS26780${TAB}radb.txt
v4-peer.whois.cymru.com${TAB} -v 208\.66\.192\.1${TAB}peers.txt
ROUTES
fakenet_start "$T/later.routes" || finish

step "a later run without Hurricane Electric: it is gone since that run"
DEPEER_NOW=2008-11-10T12:00:00Z dp upstreams McColo --refresh --json \
    >"$T/run3" || fail "third run failed"
json_check "eq([u['asn'] for u in d['origins'][0]['upstreams']], [3549])" \
    "$T/run3"
expect_code 0 dp upstreams McColo --history --json
json_check "o = d['origins'][0]
eq(o['last_run'], '2008-11-10T12:00:00Z')
eq([(l['upstream'], l['first_seen'], l['last_seen'], l['current'],
    l['gone_since']) for l in o['links']],
   [(3549, '2008-11-01T00:00:00Z', '2008-11-10T12:00:00Z', True, None),
    (6939, '2008-11-01T00:00:00Z', '2008-11-05T00:00:00Z', False,
     '2008-11-10T12:00:00Z')])"
expect_code 0 dp upstreams AS26780 --history
expect_out "latest run 2008-11-10T12:00:00Z"
expect_out_re "^AS3549 +GBLX +[0-9.]+ +2008-11-01T00:00:00Z +2008-11-10T12:00:00Z +current$"
expect_out_re "^AS6939 +HURRICANE +[0-9.]+ +2008-11-01T00:00:00Z +2008-11-05T00:00:00Z +gone since 2008-11-10T12:00:00Z$"

step "provider show: the current upstreams only"
expect_code 0 dp provider show McColo
expect_out "AS26780, as of 2008-11-10T12:00:00Z:"
expect_out_re "^ +AS3549 +GBLX"
expect_no_out "HURRICANE"
expect_out "1 earlier link gone"
expect_code 0 dp --json provider show McColo
json_check "u = d['summary']['upstreams']
eq(len(u), 1); eq(u[0]['origin'], 26780); eq(u[0]['gone'], 1)
eq(u[0]['last_run'], '2008-11-10T12:00:00Z')
eq([l['upstream'] for l in u[0]['links']], [3549])"

step "--history asks no registry and writes nothing"
db_snap
_before=$(wc -l <"$T/net/log")
expect_code 0 dp upstreams McColo --history
expect_code 0 dp upstreams 26780 --history --json
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$T/net/log")" -eq "$_before" ] ||
    fail "--history asked the registries"
expect_db_unchanged

step "--history: bad input"
expect_code 64 dp upstreams McColo --history --refresh
expect_err "--history"
expect_code 64 dp upstreams --history
expect_code 66 dp upstreams Nobody --history
expect_err "Nobody"
dp provider add Empty >/dev/null
expect_code 65 dp upstreams Empty --history
expect_err "no AS numbers"
expect_code 0 dp verify

finish
