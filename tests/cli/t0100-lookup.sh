#!/bin/sh
# depeer lookup against the loopback registries (tests/fakenet): the WHOIS
# referral chain from IANA, RDAP through the bootstrap and TLS, Team Cymru
# bulk mode; every answer stored as a source with its hash, answered from
# the store within the TTL, covered by verify; and the fault cases
# (silence, oversize, garbage, dropped connections, truncation, HTTP 429)
# each ending in a clear warning, never a crash or a hang.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
# Short limits so the fault cases end quickly.
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp init >/dev/null

step "an address: WHOIS via IANA, RDAP, Cymru"
expect_code 0 dp lookup 208.66.194.37 --source whois --source rdap \
    --source cymru --json
json_check "
eq(d['query'], '208.66.194.37'); eq(d['type'], 'ip')
eq(d['prefixes'], ['208.66.192.0/22'])
eq(d['range'], {'start': '208.66.192.0', 'end': '208.66.195.255'})
eq(d['origin_asns'], [26780]); eq(d['netname'], 'MCCOLO')
eq(d['handle'], 'NET-208-66-192-0-1'); eq(d['org'], 'McColo Corporation')
eq(d['country'], 'US'); eq(d['rir'], 'arin')
eq(d['abuse_emails'], ['abuse@mccolo.example'])
# The registry's WHOIS answer is named first for the abuse address; the
# address in a Comment is a remark, never an abuse contact.
roles = {c['email']: c['role'] for c in d['contacts']}
eq(roles['noc@mccolo.example'], 'tech')
eq(roles['noc-reports@mccolo.example'], 'remark')
ab = [c for c in d['contacts'] if c['role'] == 'abuse'][0]
src = {s['id']: s for s in d['sources']}
eq(src[ab['source']['id']]['protocol'], 'whois')
eq(src[ab['source']['id']]['server'], 'whois.arin.net:43')
eq(src[ab['source']['id']]['query'], 'n + 208.66.194.37')
eq(sorted((s['protocol'], s['server']) for s in d['sources']),
   [('cymru', 'whois.cymru.com:43'), ('rdap', 'rdap.arin.net'),
    ('whois', 'whois.arin.net:43'), ('whois', 'whois.iana.org:43')])
eq([s['cached'] for s in d['sources']], [False] * 4)
eq(d['warnings'], [])"
expect_sql "SELECT count(*) FROM sources" 4
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'lookup'" 1

step "each source is the registry's answer, byte for byte"
id=$(sqlq "SELECT id FROM sources WHERE server = 'whois.arin.net:43'")
expect_code 0 dp source show "$id" --json
json_check "
eq(d['protocol'], 'whois'); eq(d['query'], 'n + 208.66.194.37')
import hashlib
want = open('$(cd "$(dirname "$0")/.." && pwd)/fakenet/data/arin-mccolo.txt').read()
eq(d['content'], want)
eq(d['sha256'], hashlib.sha256(want.encode()).hexdigest())"
expect_code 0 dp source show "$id"
expect_out "% query: n + 208.66.194.37"
expect_out "OrgAbuseEmail:  abuse@mccolo.example"
expect_code 66 dp source show 999
expect_code 64 dp source show x

step "within the TTL the answers come from the store"
n=$(wc -l <"$T/net/log")
expect_code 0 dp lookup 208.66.194.37 --source whois --source rdap \
    --source cymru --json
json_check "eq([s['cached'] for s in d['sources']], [True] * 4)
eq(d['abuse_emails'], ['abuse@mccolo.example'])"
expect_sql "SELECT count(*) FROM sources" 4
[ "$(wc -l <"$T/net/log")" -eq "$n" ] || fail "the cache still asked the registries"
expect_code 0 dp lookup 208.66.194.37 --source whois --refresh --json
json_check "eq([s['cached'] for s in d['sources']], [False, False])"
expect_sql "SELECT count(*) FROM sources" 6
expect_code 0 dp lookup 208.66.194.37 --source whois --ttl 0 --json
json_check "eq([s['cached'] for s in d['sources']], [False, False])"

step "an AS number"
expect_code 0 dp lookup AS26780 --source whois --json
json_check "eq(d['type'], 'asn'); eq(d['netname'], 'MCCOLO')
eq(d['abuse_emails'], ['abuse@mccolo.example'])"

step "verify covers the stored answers"
expect_code 0 dp verify
expect_out_re "registry answers"
db_copy "$DB" "$T/t1.db"
sqlq --db "$T/t1.db" "UPDATE sources SET content = CAST(replace(content, 'abuse@', 'ab@') AS BLOB) WHERE server = 'whois.arin.net:43'"
expect_code 1 dp --db "$T/t1.db" verify
expect_err "no longer match their SHA-256"
db_copy "$DB" "$T/t2.db"
sqlq --db "$T/t2.db" "DELETE FROM sources WHERE id = 2"
expect_code 1 dp --db "$T/t2.db" verify
# Whom depeer asked, what and when are covered too, not only the bytes.
for change in "server = 'whois.ripe.net:43'" "query = 'n + 208.66.194.38'" \
    "fetched_at = fetched_at - 86400" "protocol = 'rwhois'"; do
	db_copy "$DB" "$T/t3.db"
	sqlq --db "$T/t3.db" "UPDATE sources SET $change WHERE id = 3"
	expect_code 1 dp --db "$T/t3.db" verify
	expect_err "sources_sha256"
done

step "an unreadable answer is not kept, so the next run asks again"
expect_code 76 dp lookup 192.0.2.3 --source whois --json
json_check "eq([s['server'] for s in d['sources']], ['whois.iana.org:43'])"
expect_code 76 dp lookup 192.0.2.3 --source whois --json
json_check "eq([s['cached'] for s in d['sources']], [True])"

step "IRR routes: origins of an address, prefixes of an AS"
expect_code 0 dp lookup 208.66.194.37 --source irr --json
json_check "eq(d['origin_asns'], [26780]); eq(d['warnings'], [])"
expect_code 0 dp lookup AS26780 --source irr --json
json_check "eq(d['prefixes'], ['208.66.192.0/22', '208.72.168.0/21'])"

step "reserved space: IANA names no registry"
expect_code 0 dp lookup 10.1.2.3 --source whois --json
json_check "assert 'names no registry' in d['warnings'][0], d"

step "faults end in warnings, not crashes or hangs"
for ip in 192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4; do
	expect_code_in "69 75 76" timeout 30 "$DEPEER" lookup "$ip" \
	    --source whois
	expect_err "no registry answered for $ip"
done
expect_code 75 dp lookup 192.0.2.1 --source whois --json
json_check "eq(len(d['warnings']), 1)
assert 'no reply' in d['warnings'][0], d['warnings']
assert \"whois.arin.net:43 query 'n + 192.0.2.1'\" in d['warnings'][0], d['warnings']
# IANA's answer is kept; the failed one is not.
eq([s['server'] for s in d['sources']], ['whois.iana.org:43'])"
expect_code 0 dp lookup 192.0.2.5 --source whois --json
json_check "eq(d['netname'], None)
eq(d['warnings'], ['whois: no registry holds a record for 192.0.2.5'])"
expect_code 0 dp lookup 192.0.2.6 --source rdap --json
json_check "eq(d['netname'], 'MCCOLO'); eq(d['warnings'], [])"

step "bad queries and options"
expect_code 65 dp lookup 208.66.195.7/22
expect_err "208.66.192.0/22"
expect_code 65 dp lookup not-an-address
expect_code 64 dp lookup 1.2.3.4 --source smoke
expect_code 64 dp lookup 1.2.3.4 --ttl -1
expect_code 64 dp lookup
DEPEER_RETRIES=x expect_code 78 dp lookup 1.2.3.4
DEPEER_CONNECT_TO=bad expect_code 78 dp lookup 1.2.3.4


step "DEPEER_NOW is the time an answer is stored with"
export DEPEER_NOW=2008-11-11T21:23:00Z
expect_code 0 dp lookup 208.66.194.37 --source cymru --refresh --json
expect_sql "SELECT fetched_at FROM sources ORDER BY id DESC LIMIT 1" 1226438580
unset DEPEER_NOW

finish
