#!/bin/sh
# complaint escalate against the loopback registries' upstream chains:
# by default to each recorded upstream of the silent AS (McColo AS26780:
# AS3549 and AS6939), one level further where an upstream has no abuse
# contact stored (Gamma AS64505 -> AS64506, no contact -> AS3549, AS6939),
# --to-upstream-of and --to; the notice history with each reply or the
# silence; every message of the thread attached as message/rfc822, byte
# for byte the stored one (tests/threadcheck.py); linked as escalations.
# Refusals and failures store nothing.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

fakenet_start "$TOP/tests/fixtures/escalate/routes.txt" || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
EX=$TOP/db/examples
DEPEER_NOW=2008-11-10T12:00:00Z
export DEPEER_NOW

step "the McColo case and its first notices"
expect_code 0 dp config set from 'Ann Analyst <ann@cert.example>'
expect_code 0 dp provider add McColo --asn AS26780 \
    --prefix 208.66.192.0/22 --prefix 208.72.168.0/21 --country US
expect_code 0 dp evidence import --provider McColo "$EX/mccolo-evidence.csv"
expect_code 0 dp upstreams McColo
expect_code 0 dp contacts AS26780
expect_code 0 dp complaint draft --provider McColo --upstream 26780
expect_code 0 dp complaint draft --provider McColo --to noc@elsewhere.example
DEPEER_NOW=2008-11-10T13:00:00Z expect_code 0 dp complaint status 1 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-13T13:00:00Z expect_code 0 dp complaint follow-up 1
DEPEER_NOW=2008-11-13T13:05:00Z expect_code 0 dp complaint status 3 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-13T14:00:00Z
export DEPEER_NOW

# refused CODE TEXT ARGS...: "complaint escalate ARGS" exits CODE saying
# TEXT, and the case is as it was.
refused() {
	_code=$1 _text=$2
	shift 2
	db_snap
	expect_code "$_code" dp complaint escalate "$@"
	expect_err "$_text"
	expect_db_unchanged
}

step "refused"
refused 64 "needs one complaint ID"
refused 64 "not both" 1 --to a@example.org --to-upstream-of 3549
refused 64 "--to-upstream-of" 1 --to-upstream-of ASx
refused 66 "" 99
refused 65 "complaint 2 is draft: it was never sent" 2
refused 66 "no upstream of AS64496 is recorded: run 'depeer upstreams AS64496'" \
    1 --to-upstream-of AS64496
DEPEER_NOW=2008-11-13T14:00:00Z expect_code 0 dp complaint status 2 sent \
    --note "sent by hand"
refused 65 "" 2 --to 'bad address'

step "to the upstreams of the silent network, with the thread attached"
dp complaint show 1 --raw >"$T/m1.eml"
dp complaint show 3 --raw >"$T/m3.eml"
expect_code 0 dp complaint escalate 3
expect_out "drafted escalation 4 of complaint 3"
expect_out "drafted escalation 5 of complaint 3"
expect_out "attached: 2 earlier messages (message/rfc822)"
expect_sql "SELECT child || ':' || parent || ':' || kind FROM complaint_links WHERE kind = 'escalation' ORDER BY child" \
    "4:3:escalation
5:3:escalation"
expect_code 0 dp --json complaint list
json_check "c = {x['id']: x for x in d}
eq(c[4]['upstream_asn'], 3549); eq(c[4]['to'], ['abuse@gblx.example'])
eq(c[5]['upstream_asn'], 6939); eq(c[5]['to'], ['abuse@he.example'])
eq(c[4]['template'], 'escalation')"
for i in 4 5; do
	dp complaint show "$i" --raw >"$T/m$i.eml"
	python3 "$TOP/tests/threadcheck.py" "$T/m$i.eml" "$T/m1.eml" \
	    "$T/m3.eml" >"$T/m$i.json" 2>"$T/tc.err" ||
	    fail "threadcheck $i: $(cat "$T/tc.err")"
done
json_check "b = ' '.join(d['body'].split())
assert 'depeer #1] to abuse@mccolo.example, sent: no reply after 3 days' in b, b
assert 'depeer #3] to abuse@mccolo.example, sent: no reply yet' in b, b
assert 'depeer #2] to noc@elsewhere.example' in b, b
assert 'Our earlier messages to the network that did not act are attached' in b, b
eq(d['in_reply_to'], None)
eq([a['filename'] for a in d['attachments'] if a['content_type'] == 'message/rfc822'],
   ['depeer-1.eml', 'depeer-3.eml'])
eq(set(a['encoding'] for a in d['attachments'] if a['content_type'] == 'message/rfc822'), {'7bit'})" \
    "$T/m4.json"

# complaint show lists them, with the stored messages' sizes.
expect_code 0 dp complaint show 4
expect_out "depeer-1.eml (message/rfc822, $(wc -c <"$T/m1.eml") bytes)"
expect_out "depeer-3.eml (message/rfc822, $(wc -c <"$T/m3.eml") bytes)"

step "a reply shows in the history"
DEPEER_NOW=2008-11-14T09:00:00Z expect_code 0 dp complaint status 4 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-14T10:00:00Z expect_code 0 dp complaint status 4 answered \
    --note "they will talk to McColo"
DEPEER_NOW=2008-11-14T11:00:00Z expect_code 0 dp --json complaint \
    escalate 1 --to desk@newspaper.example --template escalation
json_check "eq(d['kind'], 'escalation'); eq(d['parent'], 1); eq(d['attached'], 2)
eq(len(d['complaints']), 1); eq(d['complaints'][0]['to'], ['desk@newspaper.example'])
eq(d['complaints'][0]['upstream_asn'], None)"
id=$(json_get "d['complaints'][0]['id']")
dp complaint show "$id" --raw >"$T/mt.eml"
python3 "$TOP/tests/threadcheck.py" "$T/mt.eml" "$T/m1.eml" "$T/m3.eml" \
    >"$T/mt.json" 2>"$T/tc.err" || fail "threadcheck: $(cat "$T/tc.err")"
json_check "b = ' '.join(d['body'].split())
assert 'depeer #4] to abuse@gblx.example, answered: answered on 2008-11-14' in b, b" \
    "$T/mt.json"

step "a complaint to no single AS: the provider's upstreams"
DEPEER_NOW=2008-11-14T12:00:00Z expect_code 0 dp --json complaint escalate 2
expect_err "complaint 2 went to no single AS: escalating to the upstreams of McColo's own AS number"
json_check "eq([c['to'] for c in d['complaints']], [['abuse@gblx.example'], ['abuse@he.example']])
eq(d['attached'], 1)"
expect_code 0 dp provider add NoAS
expect_code 0 dp evidence add --provider NoAS --kind c2 \
    --indicator 192.0.2.98 --observed 2008-11-14T11:00:00Z
expect_code 0 dp --json complaint draft --provider NoAS --to abuse@noas.example
noas=$(json_get "d['id']")
DEPEER_NOW=2008-11-14T12:05:00Z expect_code 0 dp complaint status "$noas" \
    sent --note "sent from mutt"
refused 64 "complaint $noas went to no single AS, and 'NoAS' has no AS numbers" "$noas"

step "two hops: an upstream without a contact is passed over"
DEPEER_NOW=2008-11-15T12:00:00Z
export DEPEER_NOW
expect_code 0 dp provider add Gamma --asn AS64505
expect_code 0 dp evidence add --provider Gamma --kind c2 \
    --indicator 192.0.2.99 --observed 2008-11-15T11:00:00Z
expect_code 0 dp upstreams AS64505
expect_code 0 dp upstreams AS64506
expect_code 0 dp contacts AS64505
expect_code 0 dp --json complaint draft --provider Gamma --upstream 64505
gamma=$(json_get "d['id']")
DEPEER_NOW=2008-11-15T12:05:00Z expect_code 0 dp complaint status "$gamma" \
    sent --note "sent from mutt"
dp complaint show "$gamma" --raw >"$T/mg.eml"
expect_code 0 dp --json complaint escalate "$gamma"
expect_err "AS64506 (upstream of AS64505) has no abuse contact stored: escalating one level further, to its upstreams AS3549, AS6939"
json_check "eq([c['to'] for c in d['complaints']], [['abuse@gblx.example'], ['abuse@he.example']])
eq([c['upstream_asn'] for c in d['complaints']], [3549, 6939])
eq(len(d['notes']), 1); eq(d['attached'], 1)"
id=$(json_get "d['complaints'][0]['id']")
dp complaint show "$id" --raw >"$T/mx.eml"
python3 "$TOP/tests/threadcheck.py" "$T/mx.eml" "$T/mg.eml" \
    >"$T/mx.json" 2>"$T/tc.err" || fail "threadcheck: $(cat "$T/tc.err")"
json_check "b = ' '.join(d['body'].split())
assert 'through AS64506, your customer' in b, b
assert 'to abuse@gamma.example, sent: no reply yet' in b, b" "$T/mx.json"
# The recorded upstreams of an AS given instead: McColo's.
expect_code 0 dp --json complaint escalate "$gamma" --to-upstream-of AS26780
json_check "eq([c['upstream_asn'] for c in d['complaints']], [3549, 6939])
eq(d['notes'], [])"
# An AS whose upstreams have no contact stored, one level up either.
refused 66 "no upstream of AS3549 is recorded" "$gamma" --to-upstream-of 3549

step "the case verifies"
expect_code 0 dp verify

finish
