#!/bin/sh
# depeer upstreams against the loopback registries: McColo's origin AS26780
# and its upstreams found three ways (RIPEstat neighbours, the IRR aut-num
# policy, Team Cymru's peers), a customer and a route collector's session
# not mistaken for transit, each upstream's abuse contact from its own
# registry record, and the links kept over time with their sources.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 >/dev/null

step "a provider's upstreams"
expect_code 0 dp upstreams McColo --json
json_check "
eq(d['provider'], 'McColo'); eq(len(d['origins']), 1)
o = d['origins'][0]
eq(o['asn'], 26780); eq(o['name'], 'MCCOLO')
ups = {u['asn']: u for u in o['upstreams']}
eq(sorted(ups), [3549, 6939])
eq(ups[3549]['name'], 'GBLX'); eq(ups[3549]['abuse_emails'], ['abuse@gblx.example'])
eq(ups[6939]['name'], 'HURRICANE'); eq(ups[6939]['abuse_emails'], ['abuse@he.example'])
for u in ups.values():
    assert 0 < u['confidence'] <= 1, u
    eq(sorted(set(e['method'] for e in u['evidence'])), ['cymru', 'irr', 'ripestat'])
    assert all(isinstance(e['source']['id'], int) for e in u['evidence']), u
# The customer (AS64496) and the RIS collector session (AS12654) are not
# upstreams.
assert 64496 not in ups and 12654 not in ups
eq(o['upstreams'][0]['first_seen'], o['upstreams'][0]['last_seen'])"
expect_sql "SELECT upstream_asn FROM upstreams WHERE asn = 26780 ORDER BY 1" "3549
6939"
expect_sql "SELECT count(DISTINCT method) FROM upstream_evidence" 3

step "the evidence names stored registry answers"
expect_code 0 dp upstreams McColo --json
json_check "
e = [x for x in d['origins'][0]['upstreams'][0]['evidence'] if x['method'] == 'irr'][0]
open('$T/src', 'w').write(str(e['source']['id']))"
expect_code 0 dp source show "$(cat "$T/src")"
expect_out "import:         from AS3549 accept ANY"

step "later runs keep first_seen and move last_seen"
sqlq "UPDATE upstreams SET first_seen = 1226000000, last_seen = 1226000000"
expect_code 0 dp upstreams AS26780 --json
json_check "
u = d['origins'][0]['upstreams'][0]
eq(d['provider'], None)
eq(u['first_seen'], '2008-11-06T19:33:20Z')
assert u['last_seen'] > '2026', u"
expect_code 0 dp upstreams McColo
expect_out "AS3549"
expect_out "abuse: abuse@gblx.example"
expect_code 0 dp verify

step "bad input"
dp provider add Atrivo >/dev/null
expect_code 65 dp upstreams Atrivo
expect_err "has no AS numbers"
expect_code 66 dp upstreams Intercage
expect_code 64 dp upstreams
expect_code 64 dp upstreams McColo --ttl x

finish
