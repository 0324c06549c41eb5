#!/bin/sh
# evidence add: every kind, every indicator type (canonical forms), times
# in RFC 3339 and "YYYY-MM-DD HH:MM -0500" stored as UTC, the JSON record;
# invalid kinds, indicators, times and texts are refused with no row added.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 >/dev/null

step "every kind"
for k in c2 spam-source malware-host phishing botnet-ctrl scan other; do
	expect_code 0 dp evidence add --provider McColo --kind "$k" --indicator 208.66.192.10
	expect_out_re "recorded evidence [0-9]+ \\($k 208.66.192.10\\)"
done
expect_sql "SELECT count(DISTINCT kind) FROM evidence" 7
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'evidence.add'" 7

step "every indicator type, in canonical form"
# add_ind INPUT CANONICAL TYPE: add one; the checks come after all of them.
first=$(($(sqlq "SELECT max(id) FROM evidence") + 1))
want=
add_ind() {
	expect_code 0 dp evidence add --provider mccolo --kind c2 --indicator "$1"
	want="$want${want:+
}$2|$3"
}
add_ind 208.66.192.7 208.66.192.7 ipv4
add_ind 2001:DB8:0::1 2001:db8::1 ipv6
add_ind ::ffff:208.66.192.7 ::ffff:208.66.192.7 ipv6
add_ind 208.66.192.0/24 208.66.192.0/24 cidr
add_ind 2001:db8::/48 2001:db8::/48 cidr
add_ind Srizbi-CC.Example.COM srizbi-cc.example.com domain
add_ind srizbi-cc.example.com. srizbi-cc.example.com domain
add_ind 'http://Evil.Example.com/gate.php?id=1' 'http://evil.example.com/gate.php?id=1' url
add_ind 'https://208.66.192.7:8443/x' 'https://208.66.192.7:8443/x' url
expect_sql "SELECT indicator || '|' || indicator_type FROM evidence
    WHERE id >= $first ORDER BY id" "$want"
expect_code 0 dp evidence list --json
printf '%s\n' "$want" >"$T/want"
json_check "
want = [l.split('|') for l in open('$T/want').read().split()]
got = [[e['indicator'], e['indicator_type']] for e in d if e['id'] >= $first]
eq(got, want)"

step "the JSON record"
expect_code 0 dp evidence add --json --provider McColo --kind botnet-ctrl \
    --indicator 208.66.194.20 --observed-at 2008-11-11T21:23:00Z \
    --family Srizbi --source sinkhole --note "seen by two sensors"
json_check "
import re
eq(list(d.keys()), ['id', 'provider', 'kind', 'indicator', 'indicator_type',
    'observed_at', 'family', 'source', 'note', 'files', 'recorded_at',
    'retracted', 'warnings'])
eq(d['retracted'], None)
assert isinstance(d['id'], int)
eq(d['provider'], 'McColo'); eq(d['kind'], 'botnet-ctrl')
eq(d['indicator'], '208.66.194.20'); eq(d['indicator_type'], 'ipv4')
eq(d['observed_at'], '2008-11-11T21:23:00Z'); eq(d['family'], 'Srizbi')
eq(d['source'], 'sinkhole'); eq(d['note'], 'seen by two sensors')
eq(d['files'], [])
assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', d['recorded_at']), d"
id=$(json_get "d['id']")
expect_code 0 dp evidence show "$id" --json
json_check "eq(d['id'], $id); eq(d['observed_at'], '2008-11-11T21:23:00Z')"
expect_code 0 dp evidence show "$id"
expect_out "208.66.194.20 (ipv4)"
expect_out "2008-11-11T21:23:00Z"
expect_out "Srizbi"
expect_code 0 dp --json evidence add --provider McColo --kind c2 --indicator 208.66.194.21
json_check "eq(d['observed_at'], None); eq(d['family'], None)
eq(d['source'], None); eq(d['note'], None)"

step "times are stored as UTC"
first=$(($(sqlq "SELECT max(id) FROM evidence") + 1))
want=
add_time() {	# add_time INPUT RFC3339-UTC
	expect_code 0 dp evidence add --provider McColo --kind scan \
	    --indicator 208.66.192.99 --observed-at "$1"
	want="$want${want:+
}$2"
}
add_time 2008-11-11T21:23:00Z 2008-11-11T21:23:00Z
add_time 2008-11-11T16:23:00-05:00 2008-11-11T21:23:00Z
add_time 2008-11-11T22:23:00.250+01:00 2008-11-11T21:23:00Z
add_time "2008-11-11 16:23 -0500" 2008-11-11T21:23:00Z
add_time "2008-11-11 16:23:30 -0500" 2008-11-11T21:23:30Z
add_time "2008-11-11 21:23" 2008-11-11T21:23:00Z
add_time 2008-11-11 2008-11-11T00:00:00Z
add_time 2008-02-29T12:00:00Z 2008-02-29T12:00:00Z
add_time 1970-01-01T00:00:00Z 1970-01-01T00:00:00Z
add_time 1970-01-01T00:30:00+00:30 1970-01-01T00:00:00Z
add_time 9999-12-31T23:59:59Z 9999-12-31T23:59:59Z
add_time 2008-12-31T23:59:60Z 2008-12-31T23:59:59Z
expect_sql "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', observed_at, 'unixepoch')
    FROM evidence WHERE id >= $first ORDER BY id" "$want"
expect_code 0 dp evidence list --json --kind scan
printf '%s\n' "$want" >"$T/want"
json_check "
eq([e['observed_at'] for e in d if e['id'] >= $first], open('$T/want').read().split())"

db_snap

step "invalid kinds"
for k in "" C2 c3; do
	expect_code 65 dp evidence add --provider McColo --kind "$k" --indicator 1.2.3.4
	expect_err "kind"
done
expect_err "c2, spam-source"
expect_db_unchanged

step "invalid indicators"
for i in 1.2.3.999 01.2.3.4 1.2.3.4/33 1.2.3.4/24 2001:db8::g \
    'not a domain' localhost 'http://' \
    "$(printf 'evil\001.example.com')" "$(printf 'b\303\244d.example.com')"; do
	expect_code 65 dp evidence add --provider McColo --kind c2 --indicator "$i"
	expect_err_re "indicator|address|domain|URL|CIDR|prefix|host"
done
expect_code 65 dp evidence add --provider McColo --kind c2 \
    --indicator "$(head -c 5000 /dev/zero | tr '\0' a).com"
# a name whose top label is a number inet_aton(3) reads is no domain
for i in 1.2.3.0x4 0xd0.0x42.0xc2.0x14 example.0X1F; do
	expect_code 65 dp evidence add --provider McColo --kind c2 --indicator "$i"
	expect_err "is a hexadecimal number (read as part of an IPv4 address)"
done
expect_db_unchanged

step "URLs with an IPv4 host in a non-standard form are refused, decoded"
for u in http://0xD0.0x42.0xC2.0x14/gate.php http://0320.0102.0302.024/ \
    http://3494035988/ http://208.66.49684/; do
	expect_code 65 dp evidence add --provider McColo --kind c2 --indicator "$u"
	expect_err "208.66.194.20"
done

step "host:port is not an indicator"
for i in 208.66.194.20:8080 evil.example.com:443 '[2001:db8::1]:80'; do
	expect_code 65 dp evidence add --provider McColo --kind c2 --indicator "$i"
done
expect_err "[2001:db8::1]:80"
expect_db_unchanged

step "invalid times"
for t in yesterday 2008-02-30 2007-02-29T00:00:00Z 2008-13-01 \
    2008-11-11T21:23:00+25:00 1969-12-31 "2008-11-11T21:23:00Z junk" \
    10000-01-01 \
    1970-01-01T00:00:00+01:00 "1970-01-01 00:59 +0100" \
    9999-12-31T23:59:59-01:00; do
	expect_code 65 dp evidence add --provider McColo --kind c2 \
	    --indicator 1.2.3.4 --observed-at "$t"
	expect_err "time"
done
expect_db_unchanged

step "invalid texts"
expect_code 65 dp evidence add --provider McColo --kind c2 --indicator 1.2.3.4 \
    --note "$(printf 'bad \377 byte')"
expect_err "note"
expect_code 65 dp evidence add --provider McColo --kind c2 --indicator 1.2.3.4 \
    --family "$(printf 'two\nlines')"
expect_err "family"
expect_code 65 dp evidence add --provider McColo --kind c2 --indicator 1.2.3.4 \
    --source "$(head -c 300 /dev/zero | tr '\0' s)"
expect_err "source"
expect_db_unchanged

step "unknown provider"
expect_code 66 dp evidence add --provider Nobody --kind c2 --indicator 1.2.3.4
expect_err "Nobody"
expect_db_unchanged

step "show and list of what was added"
expect_code 66 dp evidence show 99999
expect_err "99999"
expect_code 0 dp evidence list --json
json_check "eq(len(d), $(sqlq 'SELECT count(*) FROM evidence'))
eq([e['id'] for e in d], sorted(e['id'] for e in d))"
expect_code 0 dp evidence list
expect_out_re "^ID +PROVIDER +KIND +INDICATOR +OBSERVED"
expect_out "srizbi-cc.example.com"
expect_code 0 dp verify

step "a note of several lines: each further line starts under the first"
nl='
'
expect_code 0 dp evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.99 --note "first line${nl}kind: forged"
id=$(sed -n 's/^recorded evidence \([0-9]*\) .*/\1/p' "$T/out")
expect_code 0 dp evidence show "$id"
expect_out_re "^note: +first line$"
expect_out_re "^             kind: forged$"
expect_no_out_re "^kind: forged"
expect_code 0 dp provider edit McColo --note "line one${nl}name: forged"
expect_code 0 dp provider show McColo
expect_out_re "^           name: forged$"
expect_no_out_re "^name: forged"

finish
