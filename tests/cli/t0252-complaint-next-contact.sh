#!/bin/sh
# After a bounce: "due" names the next-ranked contact of the AS, and
# complaint next-contact drafts the complaint again to it (the abuse
# address of AS3549 bounced: its NOC is next, as "depeer contacts"
# ranks them), linked as next-contact; every address already written to
# about that AS is passed over, and with none left the command says so
# and "due" says to escalate.  Refusals store nothing.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
DEPEER_NOW=2008-11-10T12:00:00Z
export DEPEER_NOW

expect_code 0 dp config set from 'Ann Analyst <ann@cert.example>'
expect_code 0 dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22
expect_code 0 dp evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.22 --observed 2008-11-10T11:00:00Z
expect_code 0 dp upstreams McColo
expect_code 0 dp --json contacts AS3549
ranked=$(json_get "' '.join(c['email'] for c in d['contacts'] if c['role'] != 'fallback')")
expect_code 0 dp complaint draft --provider McColo --upstream 3549
expect_code 0 dp complaint draft --provider McColo --to x@elsewhere.example

refused() {
	_code=$1 _text=$2
	shift 2
	db_snap
	expect_code "$_code" dp complaint next-contact "$@"
	expect_err "$_text"
	expect_db_unchanged
}

step "only a bounced complaint"
refused 64 "needs one complaint ID"
refused 65 "complaint 1 is draft, not bounced" 1
expect_code 0 dp complaint status 1 sent --note "sent from mutt"
refused 65 "complaint 1 is sent, not bounced" 1
expect_code 0 dp complaint status 2 sent --note "sent from mutt"
expect_code 0 dp complaint status 2 bounced
refused 65 "complaint 2 was drafted to an address of no single AS" 2

step "bounced: due names the next contact"
DEPEER_NOW=2008-11-10T13:00:00Z expect_code 0 dp complaint status 1 bounced
CHECKS=$((CHECKS + 1))
[ "$ranked" = "abuse@gblx.example noc@gblx.example" ] ||
    fail "AS3549's contacts ranked '$ranked'"
DEPEER_NOW=2008-11-10T15:00:00Z expect_code 0 dp --json due
json_check "c = {x['id']: x for x in d}
eq(c[1]['step'], 'next-contact'); eq(c[1]['next_contact'], 'noc@gblx.example')
eq(c[1]['command'], 'complaint next-contact 1')
eq(c[1]['due_at'], '2008-11-10T13:00:00Z'); eq(c[1]['overdue_seconds'], 7200)
eq(c[2]['step'], 'escalate')"
expect_code 0 dp complaint show 1
expect_out "next:       noc@gblx.example (depeer complaint next-contact 1 drafts to it)"
expect_code 0 dp --json complaint show 1
json_check "eq(d['next_contact'], 'noc@gblx.example')"
expect_code 0 dp --json complaint show 2
json_check "eq(d['next_contact'], None)"

step "drafted to the next contact"
expect_code 0 dp complaint next-contact 1
expect_err "next contact of AS3549: noc@gblx.example (1 tried before)"
expect_out "drafted next-contact 3 of complaint 1"
expect_sql "SELECT child || ':' || parent || ':' || kind FROM complaint_links" \
    "3:1:next-contact"
expect_code 0 dp --json complaint show 3
json_check "eq(d['to'], ['noc@gblx.example']); eq(d['upstream_asn'], 3549)
eq(d['template'], 'upstream-complaint')"
dp complaint show 3 --raw >"$T/m3.eml"
python3 "$TOP/tests/threadcheck.py" "$T/m3.eml" >"$T/m3.json" \
    2>"$T/tc.err" || fail "threadcheck: $(cat "$T/tc.err")"
json_check "eq(d['to'], ['noc@gblx.example']); eq(d['in_reply_to'], None)" \
    "$T/m3.json"
DEPEER_NOW=2008-11-10T16:00:00Z expect_code 0 dp --json due
json_check "c = {x['id']: x for x in d}
eq(c[1]['step'], 'send'); eq(c[1]['child'], 3)
eq(c[1]['command'], 'complaint send 3')"

step "that one bounced too: nothing left"
DEPEER_NOW=2008-11-10T17:00:00Z expect_code 0 dp complaint status 3 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-10T17:30:00Z expect_code 0 dp --json due
json_check "assert 1 not in [x['id'] for x in d], d"
DEPEER_NOW=2008-11-10T18:00:00Z expect_code 0 dp complaint status 3 bounced
refused 66 "no other contact of AS3549 is stored (2 already written to)" 3
expect_code 0 dp complaint show 3
expect_out "next:       no other contact stored for its AS; escalate (depeer complaint escalate 3)"
DEPEER_NOW=2008-11-10T19:00:00Z expect_code 0 dp --json due
json_check "c = {x['id']: x for x in d}
eq(c[3]['step'], 'escalate'); eq(c[3]['next_contact'], None)
assert 'no other contact of AS3549' in c[3]['why'], c[3]"

step "the case verifies"
expect_code 0 dp verify

finish
