#!/bin/sh
# depeer contacts: abuse contacts ranked by the registries' own roles, each
# with the record it came from; an address in a remark ranked as a remark;
# RFC 2142's abuse@domain offered only as a marked fallback when no
# registry names an abuse contact.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp init >/dev/null

step "a registered abuse contact comes first, with its record"
expect_code 0 dp contacts 208.66.194.37 --json
json_check "
eq(d['canonical'], '208.66.194.37')
c = d['contacts']
eq(c[0]['email'], 'abuse@mccolo.example'); eq(c[0]['role'], 'abuse')
eq(c[0]['source']['protocol'], 'whois')
eq(c[0]['source']['server'], 'whois.arin.net:43')
assert isinstance(c[0]['source']['id'], int)
eq(len([x for x in c if x['email'].lower() == 'abuse@mccolo.example']), 1)
assert 'fallback' not in [x['role'] for x in c], c
eq([x['role'] for x in c if x['email'] == 'noc-reports@mccolo.example'], ['remark'])"
expect_code 0 dp contacts 208.66.194.37
expect_out_re "abuse@mccolo.example +abuse +OrgAbuseEmail \(source [0-9]+: whois whois.arin.net:43\)"

step "no registered abuse contact: a remark, and marked RFC 2142 guesses"
expect_code 0 dp contacts 196.11.240.215 --json
json_check "
c = d['contacts']
assert not [x for x in c if x['role'] == 'abuse'], c
eq([x['role'] for x in c if x['email'] == 'abuse@mtnbusiness.co.za'], ['remark'])
fb = [x for x in c if x['role'] == 'fallback']
assert fb, c
for x in fb:
    assert x['email'].startswith('abuse@'), x
    eq(x['source'], None); assert 'RFC 2142' in x['via'], x
eq(c[-1]['role'], 'fallback')"

step "an AS number, and bad input"
expect_code 0 dp contacts AS26780 --json
json_check "eq(d['contacts'][0]['email'], 'abuse@mccolo.example')"
expect_code 65 dp contacts not-an-ip
expect_code 64 dp contacts
expect_code 64 dp contacts 1.2.3.4 --ttl soon

finish
