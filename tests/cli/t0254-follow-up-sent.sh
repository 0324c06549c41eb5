#!/bin/sh
# The rhythm end to end through fakenet's registries and mail server: a
# complaint sent, "due" saying to follow up, the follow-up sent in the
# thread (the bytes the server received carry In-Reply-To and References
# and are the stored ones), "due" saying to escalate, the escalation sent
# with the thread attached exactly as delivered (tests/threadcheck.py on
# the server's copy), the escalated complaint then "escalated" and no
# longer due; a 4xx to the other escalation listed as "send" with the
# server's reply.  verify passes at the end.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sendlib.sh"

send_setup
fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
smtp_env
# Friday 2008-11-07, 15:00 UTC.
DEPEER_NOW=2008-11-07T15:00:00Z
export DEPEER_NOW

step "the first notice, sent"
expect_code 0 dp upstreams McColo
expect_code 0 dp contacts AS26780
expect_code 0 dp complaint draft --provider McColo --upstream 26780 \
    --template provider-abuse
expect_code 0 dp complaint send 1
sink_is_raw 1 1
mid1=$(sqlq "SELECT message_id FROM complaints WHERE id = 1")
# provider-abuse gives three days: Wednesday 15:00, not Monday.
expect_code 0 dp --json due
json_check "eq(d, [])"
DEPEER_NOW=2008-11-12T14:00:00Z expect_code 0 dp --json due
json_check "eq(d, [])"

step "due: follow up; the follow-up goes out in the thread"
DEPEER_NOW=2008-11-12T16:00:00Z
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.99 \
    --observed 2008-11-12T10:00:00Z >/dev/null 2>&1
expect_code 0 dp --json due
json_check "eq([(x['id'], x['step'], x['command']) for x in d],
    [(1, 'follow-up', 'complaint follow-up 1')])
eq(d[0]['sent_at'], '2008-11-07T15:00:00Z'); eq(d[0]['due_at'], '2008-11-12T15:00:00Z')"
expect_code 0 dp complaint follow-up 1
expect_code 0 dp complaint send 2
sink_is_raw 2 2
python3 "$TOP/tests/threadcheck.py" "$(smtp_message 2)" >"$T/m2.json" \
    2>"$T/tc.err" || fail "threadcheck: $(cat "$T/tc.err")"
json_check "eq(d['in_reply_to'], ['$mid1']); eq(d['references'], ['$mid1'])
assert d['subject'].startswith('Re: ') and '[depeer #1]' in d['subject'], d
assert '208.66.194[.]99 (c2, new)' in d['body'], d['body']" "$T/m2.json"
expect_code 0 dp --json due
json_check "eq(d, [])"

step "due: escalate; the escalation goes out with the thread attached"
DEPEER_NOW=2008-11-18T16:00:00Z
expect_code 0 dp --json due
json_check "eq([(x['id'], x['step']) for x in d], [(2, 'escalate')])
eq(d[0]['thread'], 1); eq(d[0]['followups'], 1)"
expect_code 0 dp --json complaint escalate 2
json_check "eq([c['id'] for c in d['complaints']], [3, 4])"
dp complaint show 1 --raw >"$T/m1.eml"
dp complaint show 2 --raw >"$T/m2.eml"
expect_code 0 dp complaint send 3
sink_is_raw 3 3
python3 "$TOP/tests/threadcheck.py" "$(smtp_message 3)" "$T/m1.eml" \
    "$T/m2.eml" >"$T/m3.json" 2>"$T/tc.err" ||
    fail "threadcheck: $(cat "$T/tc.err")"
state_is 2 escalated
expect_code 0 dp --json due
json_check "eq(d, [])"

step "a 4xx to the other escalation: due says to send it again"
smtp_conf data-reply=451
expect_code 75 dp complaint send 4
smtp_conf
state_is 4 queued
DEPEER_NOW=2008-11-18T17:00:00Z expect_code 0 dp --json due
json_check "eq([(x['id'], x['step'], x['attempts']) for x in d], [(4, 'send', 1)])
assert d[0]['last_reply'].startswith('451'), d[0]
eq(d[0]['command'], 'complaint send 4')"

step "the case verifies"
verify_ok

finish
