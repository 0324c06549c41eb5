#!/bin/sh
# complaint status moves a complaint along the documented lines only:
# each change is stored with its complaint.status entry and shown in the
# history (text and JSON); an impossible one, sending by hand, sent
# without --note, a bad note, a final state left, or a stale complaint
# queued is refused with its reason and stores nothing.  Verify holds
# the state column to the last entry.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_NOW
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add McColo --asn AS26780 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-10T21:23:00Z >/dev/null 2>&1
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.23 \
    --observed 2008-11-10T21:24:00Z >/dev/null 2>&1
expect_code 0 dp complaint draft --provider McColo \
    --to abuse@transit.example --template "$TPL/plain.mustache"

# refused CODE TEXT ARGS...: "complaint status ARGS" exits CODE saying
# TEXT, and the case is as it was.
refused() {
	_code=$1 _text=$2
	shift 2
	db_snap
	expect_code "$_code" dp complaint status "$@"
	expect_err "$_text"
	expect_db_unchanged
}

step "bad command lines"
refused 64 "needs a complaint ID and a state" 1
refused 64 "unknown state 'lost'" 1 lost
refused 64 "invalid complaint id" x queued
refused 66 "" 9 queued

step "what a draft cannot become"
refused 65 "complaint 1 is draft: it cannot become answered (it was never sent)" 1 answered
refused 65 "only 'depeer complaint send'" 1 sending
refused 65 "needs --note" 1 sent
refused 65 "" 1 sent --note "$(printf 'mutt\nBcc: x@evil.example')"
refused 65 "" 1 sent --note "$(printf 'mutt\033[2J')"
refused 65 "" 1 sent --note "$(head -c 4097 /dev/zero | tr '\0' a)"
refused 65 "it is already" 1 draft

step "queued and back, then sent by hand"
DEPEER_NOW=2008-11-11T12:01:00Z expect_code 0 dp complaint status 1 queued
expect_err "complaint 1 is now queued"
expect_sql "SELECT state FROM complaints WHERE id = 1" queued
expect_code 0 dp complaint list --state queued --json
json_check "eq([c['id'] for c in d], [1])"
# an unknown state is a usage error, not an empty list
expect_code 64 dp complaint list --state quened
expect_err "unknown complaint state 'quened'"
DEPEER_NOW=2008-11-11T12:02:00Z expect_code 0 dp complaint status 1 draft
DEPEER_NOW=2008-11-11T12:03:00Z expect_code 0 dp complaint status '#1' queued
DEPEER_NOW=2008-11-11T12:05:00Z expect_code 0 dp --json complaint status 1 sent \
    --note "sent from mutt to abuse@transit.example"
json_check "eq(d['state'], 'sent'); eq(d['updated_at'], '2008-11-11T12:05:00Z')"
refused 65 "complaint 1 is sent: it cannot become queued (it was sent already" 1 queued
EDITOR=true VISUAL=
export EDITOR VISUAL
db_snap
expect_code 65 dp complaint edit 1
expect_err "only a draft or a queued complaint can be edited"
expect_db_unchanged

step "the conversation"
DEPEER_NOW=2008-11-12T09:00:00Z expect_code 0 dp complaint status 1 acknowledged \
    --note "ticket 2008111210000042"
DEPEER_NOW=2008-11-13T09:00:00Z expect_code 0 dp complaint status 1 no-response
DEPEER_NOW=2008-11-14T09:00:00Z expect_code 0 dp complaint status 1 answered \
    --note "they will look into it"
refused 65 "complaint 1 is answered: it cannot become no-response" 1 no-response
DEPEER_NOW=2008-11-15T09:00:00Z expect_code 0 dp complaint status 1 resolved \
    --note "McColo depeered"
refused 65 "complaint 1 is resolved: it cannot become rejected (that is final" 1 rejected
refused 65 "that is final" 1 answered
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'complaint.status'" 8

step "the history"
expect_code 0 dp complaint show 1
expect_out "state:      resolved"
expect_out "history:    2008-11-11T12:00:00Z  drafted (version 1)"
expect_out "2008-11-11T12:05:00Z  queued -> sent: sent from mutt to abuse@transit.example"
expect_out "2008-11-15T09:00:00Z  answered -> resolved: McColo depeered"
expect_code 0 dp --json complaint show 1
json_check "
ev = d['events']
eq([e['kind'] for e in ev], ['draft'] + ['status'] * 8)
eq([e['to_state'] for e in ev], ['draft', 'queued', 'draft', 'queued',
   'sent', 'acknowledged', 'no-response', 'answered', 'resolved'])
eq(ev[0]['from_state'], None)
eq(ev[4]['from_state'], 'queued')
eq(ev[4]['note'], 'sent from mutt to abuse@transit.example')
eq(ev[6]['note'], None)
eq(ev[5]['at'], '2008-11-12T09:00:00Z')
eq(d['state'], 'resolved')"
expect_code 0 dp verify

step "verify holds the state to the last entry"
tamper_base
tamper "UPDATE complaints SET state = 'answered' WHERE id = 1"
detected "complaint 1 differs from the state audit entry"
tamper "UPDATE complaints SET updated_at = updated_at + 1 WHERE id = 1"
detected "complaint 1 differs"
# The tail of the chain cut off at the last change: the chain is whole,
# but the row is not what its last remaining entry says.
tamper "DELETE FROM audit_log WHERE seq >= (SELECT max(seq) FROM audit_log WHERE action = 'complaint.status' AND subject = 'complaint:1')"
detected "complaint 1 differs from the state audit entry"

step "a stale draft may not be queued"
expect_code 0 dp complaint draft --provider McColo \
    --to abuse@transit.example --template "$TPL/plain.mustache"
expect_code 0 dp evidence retract 1 --reason "wrong host"
refused 65 "complaint 2 is stale" 2 queued
refused 65 "complaint 2 is stale" 2 sent --note "by hand"

finish
