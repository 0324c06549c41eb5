#!/bin/sh
# depeer lookup --bulk: many indicators on one network loop, WHOIS answers
# reused inside the network they name, Team Cymru asked in bulk, answers
# stored once and named by every result they served; bad lines refused
# before anything is asked.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
log=$T/net/log
# asked SERVER REGEX: how many requests fakenet logged since the mark
mark() { _mark=$(wc -l <"$log"); }
asked() {
	tail -n +"$((_mark + 1))" "$log" | awk -F '\t' -v s="$1" -v q="$2" \
	    '$1 == s && $2 ~ q { n++ } END { print n + 0 }'
}
expect_asked() {	# expect_asked SERVER REGEX N
	_n=$(asked "$1" "$2")
	[ "$_n" -eq "$3" ] || fail "$1 '$2' asked $_n times, want $3"
	CHECKS=$((CHECKS + 1))
}

cat >"$T/list" <<'EOF'
# McColo's C&C servers, from the case notes
208.66.192.1
208.66.193.7	# seen twice
208.66.194.37
208.66.192.1

208.66.195.9
AS26780
EOF

step "first run: one IANA and one ARIN query serve four addresses"
mark
expect_code 0 dp lookup --bulk "$T/list"
expect_out_re "^INDICATOR +ORIGIN +NETNAME +RIR +ABUSE"
expect_out_re "^208\.66\.193\.7 +AS26780 +MCCOLO +arin +abuse@mccolo\.example"
expect_out_re "^AS26780 +- +MCCOLO"
[ "$(grep -c . "$T/out")" -eq 6 ] || fail "want a header and 5 rows"
expect_asked whois.iana.org '^208\.' 1
expect_asked whois.arin.net '^n \+ ' 1
expect_asked whois.cymru.com '^begin$' 1
expect_asked whois.cymru.com '^AS' 0
expect_sql "SELECT count(*) FROM sources" 5
expect_sql "SELECT count(*) FROM source_ranges WHERE protocol = 'whois'" 2
expect_sql "SELECT count(*) FROM source_ranges WHERE protocol = 'cymru'" 4
expect_sql "SELECT action || ' ' || subject FROM audit_log" "lookup lookup:bulk of 5"
expect_code 0 dp verify

step "second run: answered from the store, nothing asked"
mark
expect_code 0 dp lookup --bulk "$T/list" --json
json_check "
eq([x['canonical'] for x in d], ['208.66.192.1', '208.66.193.7',
    '208.66.194.37', '208.66.195.9', 'AS26780'])
for x in d[:4]:
    eq(x['origin_asns'], [26780])
    eq(x['abuse_emails'], ['abuse@mccolo.example'])
    eq(x['warnings'], [])
    assert all(s['cached'] and s['id'] for s in x['sources']), x['sources']
w = [s for s in d[1]['sources'] if s['protocol'] == 'whois']
eq([(s['query'], s['reused']) for s in w],
   [('208.66.192.1', True), ('n + 208.66.192.1', True)])
c = [s for s in d[1]['sources'] if s['protocol'] == 'cymru']
eq(len(c), 1)
eq(c[0]['reused'], False)
assert not any(s['reused'] for s in d[0]['sources'])
eq(d[4]['origin_asns'], [])"
[ "$(tail -n +"$((_mark + 1))" "$log" | wc -l)" -eq 0 ] ||
    fail "the second run asked the registries"
expect_sql "SELECT count(*) FROM sources" 5
expect_sql "SELECT count(*) FROM audit_log" 1

step "standard input, and --refresh asks again"
mark
printf '208.66.194.40\n208.66.195.1\n' >"$T/two"
expect_code 0 dp lookup --bulk - --refresh --json <"$T/two"
json_check "eq([x['abuse_emails'] for x in d], [['abuse@mccolo.example']] * 2)
assert not any(s['cached'] for x in d for s in x['sources'])"
expect_asked whois.iana.org '.' 1
expect_asked whois.arin.net '.' 1

step "--exact asks about every address"
mark
expect_code 0 dp lookup --bulk "$T/two" --exact --refresh
expect_asked whois.iana.org '.' 2
expect_asked whois.arin.net '.' 2
expect_code 0 dp verify

step "a single lookup's answers serve a later bulk run"
rm -f "$DB"
expect_code 0 dp lookup 208.66.192.1 --source whois --source cymru
mark
printf '208.66.193.200\n208.66.192.1\n' >"$T/one"
expect_code 0 dp lookup --bulk "$T/one" --json
json_check "eq(d[0]['abuse_emails'], ['abuse@mccolo.example'])
eq([s['reused'] for s in d[0]['sources'] if s['protocol'] == 'whois'],
   [True, True])
eq(d[1]['origin_asns'], [26780])
eq([s['cached'] for s in d[1]['sources']], [True, True, True])"
expect_asked whois.iana.org '.' 0
expect_asked whois.arin.net '.' 0
expect_asked whois.cymru.com '^208\.66\.193\.200$' 1
expect_asked whois.cymru.com '^208\.66\.192\.1$' 0

step "an altered range row costs a query, never a wrong record"
# Claim that ARIN's McColo answer covers all of 208/8.
sqlq "UPDATE source_ranges SET lo = X'04D0000000000000000000000000000000'
    WHERE server = 'whois.arin.net:43'"
mark
printf '208.1.1.1\n' >"$T/far"
expect_code 0 dp lookup --bulk "$T/far" --source whois --json
expect_asked whois.arin.net 'n \+ 208\.1\.1\.1' 1
json_check "eq(d[0]['abuse_emails'], [])
assert not any(s['reused'] and 'arin' in s['server'] for s in d[0]['sources'])"

step "special-purpose addresses are asked about one by one"
mark
printf '10.1.2.3\n10.200.0.1\n' >"$T/private"
expect_code 0 dp lookup --bulk "$T/private" --source whois --refresh
expect_asked whois.iana.org '^10\.' 2

step "a registry failing for one address fails that row only"
mark
printf '208.66.192.1\n192.0.2.3\n' >"$T/mixed"
expect_code 76 dp lookup --bulk "$T/mixed" --source whois --refresh --json
json_check "eq(d[0]['abuse_emails'], ['abuse@mccolo.example'])
eq(d[1]['abuse_emails'], [])
assert d[1]['warnings'], d[1]"
expect_err "$T/mixed:2: 192.0.2.3: whois:"
expect_err "1 of 2 not resolved"

step "a long run stores its answers as it goes"
# The second address's IANA answer takes 11 s; after 10 s the answers in
# by then are stored with an audit entry of their own.
printf '208.66.192.1\n203.0.113.77\n' >"$T/slow"
n=$(sqlq "SELECT count(*) FROM audit_log")
DEPEER_READ_TIMEOUT_MS=20000 expect_code 0 dp lookup --bulk "$T/slow" \
    --source whois --refresh --json
json_check "assert all(s['id'] for x in d for s in x['sources'])"
expect_sql "SELECT count(*) - $n FROM audit_log" 2
expect_sql "SELECT count(DISTINCT audit_seq) FROM sources WHERE id >
    (SELECT max(id) - 4 FROM sources)" 2
expect_code 0 dp verify

step "a progress bar and a summary on a terminal, nothing otherwise"
expect_code 0 dp lookup --bulk "$T/list" --refresh
expect_err_empty
if command -v script >/dev/null 2>&1; then
	# script(1) gives depeer a terminal; its stderr goes there too.
	script -qec "'$DEPEER' lookup --bulk '$T/list' --refresh" /dev/null \
	    >"$T/tty" 2>&1 </dev/null
	CHECKS=$((CHECKS + 1))
	grep -q '5/5 done' "$T/tty" || fail "no progress bar: $(cat -v "$T/tty")"
	CHECKS=$((CHECKS + 1))
	grep -q 'depeer: 5 of 5 resolved; WHOIS: .* queries' "$T/tty" ||
	    fail "no summary: $(cat -v "$T/tty")"
fi

step "bad input: refused before anything is asked or stored"
db_snap
mark
printf '208.66.192.1\n\n  not-an-address \n' >"$T/bad"
expect_code 65 dp lookup --bulk "$T/bad"
expect_err "$T/bad:3: 'not-an-address'"
printf '208.66.192.1\n999.1.1.1\n' >"$T/bad"
expect_code 65 dp lookup --bulk "$T/bad"
expect_err "$T/bad:2:"
printf '# nothing\n\n' >"$T/empty"
expect_code 65 dp lookup --bulk "$T/empty"
expect_err "no address, prefix or AS number"
head -c 2000 /dev/zero | tr '\0' 1 >"$T/long"
expect_code 65 dp lookup --bulk "$T/long"
expect_err "line longer than"
printf '208.66.192.1\0x\n' >"$T/nul"
expect_code 65 dp lookup --bulk "$T/nul"
expect_err "NUL byte"
expect_code 66 dp lookup --bulk "$T/missing"
expect_code 66 dp lookup --bulk "$T"
expect_err "is a directory, not a regular file"
expect_code 64 dp lookup --bulk "$T/list" 208.66.192.1
expect_code 64 dp lookup --bulk "$T/list" --raw
expect_code 64 dp lookup 208.66.192.1 --exact
expect_code 64 dp lookup --bulk "$T/list" --source nothing
expect_db_unchanged
[ "$(tail -n +"$((_mark + 1))" "$log" | wc -l)" -eq 0 ] ||
    fail "a refused file still asked the registries"

finish
