#!/bin/sh
# depeer lookup DOMAIN|URL against fakenet's DNS responder: the A and AAAA
# answers kept as sources (protocol dns, the wire bytes and their
# SHA-256), each address looked up in the registries, CNAME chains shown,
# URLs, IPv6 literals and internationalised names, freshness (--ttl and
# the record TTL), and each DNS failure (NXDOMAIN, no addresses,
# SERVFAIL, silence) a clear message and its exit status.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dns=$DEPEER_DNS_SERVER
dp init >/dev/null
# How many DNS questions fakenet has had ("udp" or "tcp").
asked() {
	grep -c "^dns	.* $1	" "$T/net/log" 2>/dev/null || true
}

step "a domain: its addresses, the DNS answers kept, each address looked up"
expect_code 0 dp lookup mccolo.com --source whois --json
json_check "
eq(d['query'], 'mccolo.com'); eq(d['type'], 'domain')
eq(d['host'], 'mccolo.com'); eq(d['cnames'], []); eq(d['error'], None)
eq([(a['address'], a['record'], a['ttl']) for a in d['addresses']],
   [('208.66.194.37', 'A', 300), ('2001:db8:c0::25', 'AAAA', 300)])
ds = d['dns_sources']
eq([(s['protocol'], s['server'], s['query'], s['rcode'], s['cached'])
    for s in ds],
   [('dns', '$dns', 'mccolo.com. IN A', 'NOERROR', False),
    ('dns', '$dns', 'mccolo.com. IN AAAA', 'NOERROR', False)])
eq([a['dns_source'] for a in d['addresses']], [s['id'] for s in ds])
l = d['addresses'][0]['lookup']
eq(l['query'], '208.66.194.37'); eq(l['netname'], 'MCCOLO')
eq(l['abuse_emails'], ['abuse@mccolo.example'])"
expect_sql "SELECT count(*) FROM sources WHERE protocol = 'dns'" 2
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'lookup' AND
    subject = 'lookup:mccolo.com'" 1
expect_code 0 dp verify

step "the text names the addresses, their records and sources"
expect_code 0 dp lookup mccolo.com --source whois
expect_out "query:       mccolo.com (domain)"
expect_out_re "^addresses:   208\.66\.194\.37  \[A, ttl 300, source [0-9]+\]$"
expect_out_re "^ +2001:db8:c0::25  \[AAAA, ttl 300, source [0-9]+\]$"
expect_out_re "^dns: +[0-9]+ +dns $dns 'mccolo\.com\. IN A' NOERROR .*\(cached\)$"
expect_out "== 208.66.194.37"
expect_out "netname:     MCCOLO"

step "a DNS source is the answer's wire bytes, shown decoded"
id=$(sqlq "SELECT id FROM sources WHERE protocol = 'dns' AND
    query = 'mccolo.com. IN A'")
expect_code 0 dp source show "$id" --json
json_check "
import base64, hashlib
raw = base64.b64decode(d['content_base64'])
eq(d['protocol'], 'dns'); eq(d['size'], len(raw))
eq(d['sha256'], hashlib.sha256(raw).hexdigest())
eq(raw[12:24], b'\x06mccolo\x03com\x00')
eq(d['dns']['rcode'], 'NOERROR')
eq(d['dns']['answers'], [{'name': 'mccolo.com', 'type': 'A', 'ttl': 300,
   'data': '208.66.194.37'}])"
expect_sql "SELECT hex(substr(content, 13, 12)) FROM sources WHERE id = $id" \
    066D63636F6C6F03636F6D00
expect_code 0 dp source show "$id"
expect_out "% query: mccolo.com. IN A"
expect_out "mccolo.com.	300	IN	A	208.66.194.37"
expect_out_re "^0000  [0-9a-f]{2} [0-9a-f]{2} 81 80 00 01 00 01"

step "--raw prints the DNS answers decoded, then the registries'"
expect_code 0 dp lookup mccolo.com --source whois --raw
expect_out_re "^--- source $id: dns $dns 'mccolo\.com\. IN A'  .* \(([0-9]+) bytes, sha256 [0-9a-f]{64}\)$"
expect_out ";; status: NOERROR"
expect_out "mccolo.com.	300	IN	AAAA	2001:db8:c0::25"
expect_out_re "^--- source [0-9]+: whois whois.arin.net:43 'n \+ 208\.66\.194\.37'$"

step "within the TTLs the DNS answers come from the store"
before=$(asked udp)
expect_code 0 dp lookup mccolo.com --source whois --json
json_check "eq([s['cached'] for s in d['dns_sources']], [True, True])"
[ "$(asked udp)" = "$before" ] || fail "DNS asked again within the TTL"
expect_code 0 dp lookup mccolo.com --source whois --refresh --json
json_check "eq([s['cached'] for s in d['dns_sources']], [False, False])"
[ "$(asked udp)" -eq $((before + 2)) ] || fail "--refresh did not ask"

step "a DNS answer is not reused past its own TTL, though --ttl allows it"
now=$(date +%s)
DEPEER_NOW=$((now + 200)) expect_code 0 dp lookup mccolo.com \
    --source whois --json
json_check "eq([s['cached'] for s in d['dns_sources']], [True, True])"
DEPEER_NOW=$((now + 400)) expect_code 0 dp lookup mccolo.com \
    --source whois --json
json_check "
eq([s['cached'] for s in d['dns_sources']], [False, False])
# The registries' answers are within --ttl still.
assert all(s['cached'] for s in d['addresses'][0]['lookup']['sources'])"
expect_code 0 dp lookup mccolo.com --source whois --ttl 0 --json
json_check "eq([s['cached'] for s in d['dns_sources']], [False, False])"

step "a CNAME chain, followed and shown"
expect_code 0 dp lookup www.mccolo.com --source cymru --json
json_check "
eq(d['cnames'], [
  {'name': 'www.mccolo.com', 'target': 'web.mccolo.com', 'ttl': 600},
  {'name': 'web.mccolo.com', 'target': 'mccolo.com', 'ttl': 120}])
eq([a['address'] for a in d['addresses']],
   ['208.66.194.37', '2001:db8:c0::25'])
eq(d['addresses'][0]['lookup']['origin_asns'], [26780])"
expect_code 0 dp lookup www.mccolo.com --source cymru
expect_out "cname:       www.mccolo.com -> web.mccolo.com  (ttl 600)"
expect_out "             web.mccolo.com -> mccolo.com  (ttl 120)"

step "a URL: its host; an address host is not resolved"
expect_code 0 dp lookup 'https://WWW.McColo.com:8443/login.php?x=1#y' \
    --source cymru --json
json_check "eq(d['type'], 'url'); eq(d['host'], 'www.mccolo.com')
eq(len(d['cnames']), 2)"
expect_code 0 dp lookup 'www.mccolo.com/panel/gate.php' --source cymru \
    --json
json_check "eq(d['type'], 'url'); eq(d['host'], 'www.mccolo.com')"
expect_code 0 dp lookup 'mccolo.com:8080' --source cymru --json
json_check "eq(d['type'], 'url'); eq(d['host'], 'mccolo.com')"
before=$(asked udp)
expect_code 0 dp lookup 'http://[2001:db8:c0::9]:8080/x' --source cymru \
    --json
json_check "eq(d['host'], '2001:db8:c0::9'); eq(d['dns_sources'], [])
eq([(a['address'], a['record'], a['dns_source']) for a in d['addresses']],
   [('2001:db8:c0::9', None, None)])"
expect_code 0 dp lookup 'http://208.66.194.37/panel/' --source cymru
expect_out "host:        208.66.194.37 (an address: no DNS)"
expect_out "origin:      AS26780"
[ "$(asked udp)" = "$before" ] || fail "an address host was resolved"

step "an internationalised name is asked for in A-labels"
expect_code 0 dp lookup 'b'"$(printf '\303\274')"'cher.mccolo.com' \
    --source cymru --json
json_check "eq(d['host'], 'xn--bcher-kva.mccolo.com')
eq([a['address'] for a in d['addresses']], ['208.66.194.37'])
eq(d['dns_sources'][0]['query'], 'xn--bcher-kva.mccolo.com. IN A')"
expect_code 65 dp lookup "$(printf 'a\342\230\203.mccolo.com')"
expect_err "not a valid internationalised domain name: string contains a disallowed character"
expect_code 65 dp lookup "$(printf 'bad\377.mccolo.com')"
expect_err "not valid UTF-8"

step "an answer too big for UDP is asked again over TCP"
expect_code 0 dp lookup big.mccolo.com --source cymru --json
json_check "eq(len(d['addresses']), 30)
eq(d['addresses'][29]['address'], '208.66.194.30')"
[ "$(asked tcp)" -ge 1 ] || fail "no TCP query after a truncated answer"

step "NXDOMAIN: exit 66, the answer kept as evidence, AAAA not asked"
n=$(sqlq "SELECT count(*) FROM sources")
expect_code 66 dp lookup nosuch.mccolo.com
expect_err "depeer: no such domain: nosuch.mccolo.com (NXDOMAIN from $dns)"
expect_out "error:       no such domain: nosuch.mccolo.com"
expect_sql "SELECT count(*) FROM sources" $((n + 1))
expect_sql "SELECT query FROM sources ORDER BY id DESC LIMIT 1" \
    "nosuch.mccolo.com. IN A"
grep -q "^dns	nosuch.mccolo.com AAAA" "$T/net/log" &&
    fail "AAAA asked after NXDOMAIN"
expect_code 66 dp lookup nosuch.mccolo.com --json
json_check "eq(d['addresses'], []); eq(d['dns_sources'][0]['rcode'], 'NXDOMAIN')
eq(d['dns_sources'][0]['cached'], True)
assert d['error'].startswith('no such domain'), d['error']"
expect_code 66 dp lookup dangling.mccolo.com
expect_err "no such domain: nowhere.mccolo.com, at the end of the CNAME chain of dangling.mccolo.com"
expect_out "cname:       dangling.mccolo.com -> nowhere.mccolo.com"

step "a name without addresses: exit 66"
expect_code 66 dp lookup noaddr.mccolo.com
expect_err "noaddr.mccolo.com has no A or AAAA records"
expect_code 0 dp lookup v6only.mccolo.com --source cymru --json
json_check "eq([(a['address'], a['record']) for a in d['addresses']],
   [('2001:db8:c0::80', 'AAAA')])"

step "SERVFAIL and silence: exit 75, nothing stored"
db_snap
expect_code 75 dp lookup broken.mccolo.com
expect_err "depeer: the name server ($dns) answered SERVFAIL for broken.mccolo.com. IN A; try again later"
started=$(date +%s)
DEPEER_RETRIES=0 expect_code 75 dp lookup silent.mccolo.com --json
expect_err "no answer from the name server ($dns) for silent.mccolo.com. IN A within 1 s, 1 try"
json_check "eq(d['addresses'], []); eq(d['dns_sources'], [])"
[ $(($(date +%s) - started)) -le 5 ] || fail "the time-out took too long"
expect_db_unchanged

step "an AAAA failure after A addresses: a warning, the addresses looked up"
expect_code 0 dp lookup half.mccolo.com --source cymru --json
json_check "eq([a['address'] for a in d['addresses']], ['208.66.194.37'])
eq(d['error'], None)
eq(d['warnings'], ['the name server ($dns) answered SERVFAIL for '
   'half.mccolo.com. IN AAAA; try again later'])
eq(d['addresses'][0]['lookup']['origin_asns'], [26780])"
expect_code 0 dp lookup half.mccolo.com --source cymru
expect_out "warnings:    the name server ($dns) answered SERVFAIL"

step "bad operands and settings"
expect_code 65 dp lookup 'bad..mccolo.com'
expect_err "empty label"
expect_code 65 dp lookup 'http://'
expect_err "not a URL with a host"
printf '208.66.194.37\nmccolo.com\n' >"$T/list"
expect_code 65 dp lookup --bulk "$T/list"
expect_err "list:2: 'mccolo.com': a domain name or a URL, not an address"
printf 'http://208.66.194.37/x\n' >"$T/list"
expect_code 65 dp lookup --bulk "$T/list"
expect_err "list:1: 'http://208.66.194.37/x': a domain name or a URL"
expect_code 65 dp config set dns_server '[::1]:53'
expect_err "IPv6 name server goes in /etc/resolv.conf"
expect_code 65 dp config set dns_server ns.example.net
expect_code 0 dp config set dns_server "$dns"
expect_code 0 dp config get dns_server
expect_out "$dns"
DEPEER_DNS_SERVER=nonsense expect_code 78 dp lookup mccolo.com
expect_err "DEPEER_DNS_SERVER"

step "verify covers DNS sources: an altered answer is found"
expect_code 0 dp verify
# The first byte is the high byte of the query's random id: one time in
# 256 it is 0 already, so it is changed to another value, never set.
sqlq "UPDATE sources SET content = CAST((CASE WHEN substr(content, 1, 1) =
    X'00' THEN X'01' ELSE X'00' END) || substr(content, 2) AS BLOB)
    WHERE id = $id" >/dev/null
expect_code 1 dp verify
expect_err_re "source $id \($dns mccolo.com. IN A\): its bytes no longer match"

step "a database from before DNS sources takes them after migrating"
sqlite3 -batch -bail "$T/old.db" <"$here/fixtures/db/case-schema4.sql" ||
    fail "cannot load the schema-4 fixture"
old=$(sqlq --db "$T/old.db" "SELECT group_concat(id || sha256 || audit_seq)
    FROM sources")
expect_code 0 dp --db "$T/old.db" lookup mccolo.com --source cymru
expect_sql --db "$T/old.db" "SELECT group_concat(id || sha256 || audit_seq)
    FROM sources WHERE protocol != 'dns' AND id <= 3" "$old"
expect_sql --db "$T/old.db" "SELECT count(*) FROM sources
    WHERE protocol = 'dns'" 2
expect_sql --db "$T/old.db" "SELECT count(*) FROM source_ranges
    WHERE source_id <= 3" 4
expect_code 0 dp --db "$T/old.db" verify

finish
