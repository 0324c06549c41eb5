#!/bin/sh
# provider list and show, as tables and as JSON (exact fields, ASNs as
# integers, null for absent facts, RFC 3339 UTC times); lookup by name in
# any case and by id; unknown providers.
. "$(dirname "$0")/lib.sh"

dp init >/dev/null

step "empty list"
expect_code 0 dp provider list --json
json_check "eq(d, [])"
expect_code 0 dp provider list
expect_out_re "^ID +NAME +ASNS +PREFIXES +COUNTRY"

dp provider add McColo --asn 26780 --prefix 208.66.192.0/22 \
    --prefix 2001:db8::/32 --country US --url https://mccolo.com/ \
    --note "San Jose" >/dev/null
dp provider add atrivo >/dev/null
mccolo=$(sqlq "SELECT id FROM providers WHERE name = 'McColo'")
atrivo=$(sqlq "SELECT id FROM providers WHERE name = 'atrivo'")

# Shared JSON checks: the exact field set, types and a recent UTC time.
FIELDS="
import re, time, calendar
KEYS = ['id', 'name', 'asns', 'prefixes', 'country', 'url', 'note', 'created_at',
    'retired']
def check_provider(p):
    eq(list(p.keys()), KEYS, 'fields')
    assert isinstance(p['id'], int), p
    assert all(isinstance(a, int) for a in p['asns']), p
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', p['created_at']), p
    t = calendar.timegm(time.strptime(p['created_at'], '%Y-%m-%dT%H:%M:%SZ'))
    assert abs(t - time.time()) < 600, 'created_at %s is not now (UTC)' % p['created_at']
"
MCCOLO="{'id': $mccolo, 'name': 'McColo', 'asns': [26780],
    'prefixes': ['208.66.192.0/22', '2001:db8::/32'], 'country': 'US',
    'url': 'https://mccolo.com/', 'note': 'San Jose', 'retired': None}"
ATRIVO="{'id': $atrivo, 'name': 'atrivo', 'asns': [], 'prefixes': [],
    'country': None, 'url': None, 'note': None, 'retired': None}"

step "list --json"
expect_code 0 dp provider list --json
json_check "$FIELDS
eq(len(d), 2)
for p in d: check_provider(p)
got = [{k: v for k, v in p.items() if k != 'created_at'} for p in d]
eq(got, [$ATRIVO, $MCCOLO])"

step "list as a table"
expect_code 0 dp provider list
expect_out_re "^ID +NAME +ASNS +PREFIXES +COUNTRY$"
expect_out_re "^$mccolo +McColo +AS26780 +208.66.192.0/22,2001:db8::/32 +US$"
expect_out_re "^$atrivo +atrivo +- +- +-$"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "expected 3 lines, got $(wc -l <"$T/out")"

step "show --json by name, any case, and by id"
for key in McColo mccolo MCCOLO "$mccolo"; do
	expect_code 0 dp provider show "$key" --json
	json_check "$FIELDS
d.pop('summary')
check_provider(d)
eq({k: v for k, v in d.items() if k != 'created_at'}, $MCCOLO)"
done
expect_code 0 dp --json provider show ATRIVO
json_check "$FIELDS
d.pop('summary')
check_provider(d)
eq({k: v for k, v in d.items() if k != 'created_at'}, $ATRIVO)"

step "show as text"
expect_code 0 dp provider show mccolo
expect_out_re "^name: +McColo$"
expect_out_re "^id: +$mccolo$"
expect_out "AS26780"
expect_out "208.66.192.0/22"
expect_out "2001:db8::/32"
expect_out_re "^country: +US$"
expect_out "https://mccolo.com/"
expect_out "San Jose"
expect_out_re "^created: +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$"

step "unknown provider"
expect_code 66 dp provider show Nobody
expect_err "Nobody"
expect_out_empty
expect_code 66 dp provider show 9999
expect_err "9999"
expect_code 66 dp provider show --json Nobody
expect_out_empty

finish
