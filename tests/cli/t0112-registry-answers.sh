#!/bin/sh
# Registry answers read right (authored answers in tests/fixtures/answers,
# documentation addresses): a customer's record that states no origin AS
# or abuse contact takes them from the covering record, in the same ARIN
# answer or from an earlier server of the chain (a carrier's rwhois),
# each naming that record; an RPSL organisation's legacy abuse-mailbox
# kept apart from the abuse-c answer; RDAP's country from the
# registrant's address, marked; abuse@ offered as a low-confidence
# candidate only when no abuse contact is named.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp init >/dev/null

step "a reassignment takes the carrier's origin and abuse contact (same answer)"
expect_code 0 dp lookup 198.51.100.77 --source whois --json
json_check "
eq(d['handle'], 'NET-198-51-100-64-1'); eq(d['org'], 'Hoster Example LLC')
eq(d['origin_asns'], [64496, 64497])
for o in d['origins']:
    eq(o['from'], 'NET-198-51-100-0-1 at whois.arin.net')
    eq(o['source']['server'], 'whois.arin.net:43')
eq(d['abuse_emails'], ['abuse@carrier.example'])
c = d['contacts'][0]
eq(c['email'], 'abuse@carrier.example'); eq(c['role'], 'abuse')
eq(c['from'], 'NET-198-51-100-0-1 at whois.arin.net')"
expect_code 0 dp lookup 198.51.100.77 --source whois
expect_out "origin:      AS64496 (from NET-198-51-100-0-1 at whois.arin.net)"
expect_out_re "abuse@carrier.example +\[abuse, OrgAbuseEmail, source [0-9]+, from NET-198-51-100-0-1 at whois.arin.net\]"

step "a carrier's rwhois customer record: origin and abuse from ARIN's record"
expect_code 0 dp lookup 203.0.113.200 --source whois --json
json_check "
eq(d['netname'], 'HOSTER-EXAMPLE-2'); eq(d['rir'], 'rwhois')
eq(d['range'], {'start': '203.0.113.128', 'end': '203.0.113.255'})
eq(d['origin_asns'], [64500])
eq(d['origins'][0]['from'], 'NET-203-0-113-0-1 at whois.arin.net')
eq(d['origins'][0]['source']['protocol'], 'whois')
eq(d['abuse_emails'], ['abuse@transit.example'])
ab = d['contacts'][0]
eq(ab['from'], 'NET-203-0-113-0-1 at whois.arin.net')
eq(ab['source']['server'], 'whois.arin.net:43')
# The customer's own contact cites the rwhois answer and nothing else.
t = [c for c in d['contacts'] if c['email'] == 'noc@hoster.example'][0]
eq(t['role'], 'tech'); eq(t['from'], None)
eq(t['source']['protocol'], 'rwhois')"
# Served from the store, the chain's answers still give the same facts.
expect_code 0 dp lookup 203.0.113.200 --source whois --json
json_check "
eq([s['cached'] for s in d['sources']], [True, True, True])
eq(d['origins'][0]['from'], 'NET-203-0-113-0-1 at whois.arin.net')
eq(d['abuse_emails'], ['abuse@transit.example'])"
expect_code 0 dp contacts 203.0.113.200 --json
json_check "
c = d['contacts'][0]
eq(c['email'], 'abuse@transit.example'); eq(c['role'], 'abuse')
eq(c['from'], 'NET-203-0-113-0-1 at whois.arin.net')
assert 'fallback' not in [x['role'] for x in d['contacts']], d"
expect_code 0 dp contacts 203.0.113.200
expect_out_re "abuse@transit.example +abuse +OrgAbuseEmail \(source [0-9]+: whois whois.arin.net:43\) \(from NET-203-0-113-0-1 at whois.arin.net\)"

step "AFRINIC: abuse-c is the abuse contact; the org's mailbox is legacy"
expect_code 0 dp lookup 192.0.2.200 --source whois --json
json_check "
eq(d['rir'], 'afrinic')
eq(d['abuse_emails'], ['abuse@hoster-africa.example'])
roles = {c['email']: c['role'] for c in d['contacts']}
eq(roles['old-abuse@hoster-africa.example'], 'org-abuse-legacy')
eq(d['contacts'][1]['email'], 'old-abuse@hoster-africa.example')"
expect_code 0 dp contacts 192.0.2.200
expect_out_re "old-abuse@hoster-africa.example +org-abuse-legacy +org-abuse-mailbox \(legacy\)"

step "RIPE: the assignment's own abuse-mailbox is legacy, below the registry's"
expect_code 0 dp lookup 203.0.113.150 --source whois --json
json_check "
eq(d['rir'], 'ripe')
eq(d['abuse_emails'], ['abuse@hoster.example'])
eq(d['contacts'][0]['email'], 'abuse@hoster.example')
c = d['contacts'][1]
eq(c['email'], 'old-abuse@hoster.example'); eq(c['role'], 'abuse-mailbox-legacy')
eq(c['via'], 'abuse-mailbox (legacy, on the block)')"
expect_code 0 dp contacts 203.0.113.150
expect_out_re "old-abuse@hoster.example +abuse-mailbox-legacy +abuse-mailbox \(legacy, on the block\)"

step "RDAP: country from the registrant's address; abuse@ as a candidate"
expect_code 0 dp lookup 198.51.100.77 --source rdap --json
json_check "
eq(d['country'], 'US'); eq(d['country_from'], \"registrant's address\")
eq(d['abuse_emails'], [])
c = d['contacts'][0]
eq(c['email'], 'abuse@hoster.example'); eq(c['role'], 'abuse-candidate')"
expect_code 0 dp lookup 198.51.100.77 --source rdap
expect_out "country:     US (from registrant's address)"
expect_out_re "abuse@hoster.example +\[abuse-candidate, rdap:registrant"

step "upstreams: an upstream with no abuse POC shows its abuse@ candidate, marked"
expect_code 0 dp upstreams AS64501 --json
json_check "
u = d['origins'][0]['upstreams'][0]
eq(u['asn'], 64511); eq(u['abuse_emails'], [])
c = u['contacts'][0]
eq(c['email'], 'abuse@upstream.example'); eq(c['role'], 'abuse-candidate')
eq(c['via'], 'OrgTechEmail'); eq(c['source']['query'], 'a 64511')"
expect_code 0 dp upstreams AS64501
expect_out "    abuse-candidate: abuse@upstream.example"
expect_no_out "    abuse: abuse@upstream.example"

step "ARIN's ambiguous-query summary: the record asked for by handle, then its rwhois referral on port 43"
expect_code 0 dp lookup 2001:db8:10::1 --source whois --json
json_check "
eq([(s['protocol'], s['server'], s['query']) for s in d['sources']], [
    ('whois', 'whois.iana.org:43', '2001:db8:10::1'),
    ('whois', 'whois.arin.net:43', 'n + 2001:db8:10::1'),
    ('whois', 'whois.arin.net:43', 'n + ! NET6-2001-DB8-10-1'),
    ('rwhois', 'whois.hoster.example:43', '2001:db8:10::1')])
# The customer's record from the rwhois service ...
eq(d['netname'], 'CUSTOMER-V6-DOC'); eq(d['rir'], 'rwhois')
eq(d['range'], {'start': '2001:db8:10::', 'end': '2001:db8:10:0:ffff:ffff:ffff:ffff'})
t = [c for c in d['contacts'] if c['email'] == 'noc@customer.example'][0]
eq(t['role'], 'tech'); eq(t['source']['protocol'], 'rwhois')
# ... with the origin and abuse contact of ARIN's full record.
eq(d['origin_asns'], [64510])
eq(d['origins'][0]['from'], 'NET6-2001-DB8-10-1 at whois.arin.net')
eq(d['origins'][0]['source']['query'], 'n + ! NET6-2001-DB8-10-1')
eq(d['abuse_emails'], ['abuse@hoster.example'])
ab = d['contacts'][0]
eq(ab['role'], 'abuse'); eq(ab['source']['query'], 'n + ! NET6-2001-DB8-10-1')
assert not [w for w in d['warnings'] if 'summary' in w], d['warnings']"
# Served from the store, the same chain and facts.
expect_code 0 dp lookup 2001:db8:10::1 --source whois --json
json_check "
eq([s['cached'] for s in d['sources']], [True, True, True, True])
eq(d['netname'], 'CUSTOMER-V6-DOC'); eq(d['origin_asns'], [64510])
eq(d['abuse_emails'], ['abuse@hoster.example'])"

step "a bulk run asks ARIN for the handle once"
printf '2001:db8:10::1\n2001:db8:10::2\n' >"$T/v6"
n0=$(grep -c 'n + ! NET6-2001-DB8-10-1' "$T/net/log")
expect_code 0 dp lookup --bulk "$T/v6" --source whois --refresh --json
n1=$(grep -c 'n + ! NET6-2001-DB8-10-1' "$T/net/log")
CHECKS=$((CHECKS + 1))
[ $((n1 - n0)) -eq 1 ] || fail "handle asked $((n1 - n0)) times, want 1"
json_check "
for x in d:
    eq(x['netname'], 'CUSTOMER-V6-DOC'); eq(x['origin_asns'], [64510])
    eq(x['abuse_emails'], ['abuse@hoster.example'])
    eq([s['query'] for s in x['sources']][2], 'n + ! NET6-2001-DB8-10-1')
eq([s['reused'] for s in d[1]['sources']][2], True)"

step "ARIN's summary whose handle has no answer: the summary's record, and how to get it whole"
expect_code 0 dp lookup 2001:db8:20::1 --source whois --json
json_check "
eq(d['handle'], 'NET6-2001-DB8-20-1'); eq(d['netname'], 'HOSTER-V6-DOC')
eq(d['range'], {'start': '2001:db8:20::', 'end': '2001:db8:20:ffff:ffff:ffff:ffff:ffff'})
eq(d['contacts'], [])
assert [w for w in d['warnings'] if 'one-line summary' in w and
        \"'! NET6-2001-DB8-20-1'\" in w], d['warnings']
assert \"whois: whois.arin.net:43 had no answer to 'n + ! NET6-2001-DB8-20-1'\" in d['warnings'], d['warnings']"

step "bad input still refused"
expect_code 65 dp lookup 198.51.100.999
expect_code 64 dp lookup

finish
