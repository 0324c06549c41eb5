#!/bin/sh
# complaint thread shows a complaint's conversation in time order, and
# complaint show what its changes say: the times it was sent, the ticket,
# the silence after the last message.  (Sending and reading replies have
# their own tests; here the researcher records them by hand.)
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_NOW
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add McColo --asn AS26780 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-10T21:23:00Z >/dev/null 2>&1
expect_code 0 dp complaint draft --provider McColo \
    --to abuse@transit.example --template "$TPL/plain.mustache"

step "bad operands"
expect_code 64 dp complaint thread
expect_err "needs one complaint ID"
expect_code 64 dp complaint thread x
expect_err "invalid complaint id"
expect_code 66 dp complaint thread 7
expect_err "no complaint 7"

step "a draft: nothing sent, no silence"
expect_code 0 dp complaint thread 1
expect_out "thread of complaint 1 (McColo): 1 complaint, 0 mails back"
expect_out "2008-11-11T12:00:00Z  #1    drafted, to abuse@transit.example"
expect_no_out "no reply"
expect_code 0 dp --json complaint thread 1
json_check "(d['root'] == 1 and d['silent_days'] is None and
    [i['kind'] for i in d['items']] == ['drafted'] and
    d['complaints'][0]['role'] == 'first')"

expect_code 0 dp complaint show 1
expect_out "due:        5 business days after it is sent"
expect_code 0 dp complaint list
expect_out "+5 business days"
expect_code 0 dp --json complaint show 1
json_check "d['answer_due'] is None and d['due_business_days'] == 5"

step "sent by hand, then silence"
DEPEER_NOW=2008-11-11T12:05:00Z expect_code 0 dp complaint status 1 sent \
    --note 'sent from mutt'
DEPEER_NOW=2008-11-20T13:00:00Z expect_code 0 dp complaint thread 1
expect_out "2008-11-11T12:05:00Z  #1    sent (recorded by hand): sent from mutt"
expect_out "no reply to #1 after 9 days"
DEPEER_NOW=2008-11-20T13:00:00Z expect_code 0 dp --json complaint thread 1
json_check "(d['silent_days'] == 9 and
    [i['kind'] for i in d['items']] == ['drafted', 'sent'] and
    d['items'][1]['event']['by'] == 'hand' and
    d['items'][1]['event']['note'] == 'sent from mutt')"
expect_code 0 dp complaint show 1
expect_out "sent:       2008-11-11T12:05:00Z"
# Tuesday 12:05 and five business days: the Tuesday after, not Sunday.
expect_out "due:        2008-11-18T12:05:00Z (5 business days after it was sent)"
expect_code 0 dp complaint list
expect_out "2008-11-18T12:05:00Z"
expect_code 0 dp --json complaint show 1
json_check "(d['sent_at'] == '2008-11-11T12:05:00Z' and d['attempts'] == 0 and
    d['answer_due'] == '2008-11-18T12:05:00Z' and
    d['ticket'] is None and d['mails'] == [] and
    d['events'][1]['by'] == 'hand')"

step "an answer recorded by hand ends the silence"
DEPEER_NOW=2008-11-21T09:00:00Z expect_code 0 dp complaint status 1 \
    answered --note 'phoned: looking into it'
DEPEER_NOW=2008-11-22T09:00:00Z expect_code 0 dp complaint thread 1
expect_out "2008-11-21T09:00:00Z  #1    sent -> answered (by hand): phoned: looking into it"
expect_no_out "no reply"

step "a reply recorded by hand is a line of the thread; verify counts both"
DEPEER_NOW=2008-11-23T09:00:00Z expect_code 0 dp complaint reply 1 \
    "$TOP/tests/fixtures/mail/human-reply.eml"
DEPEER_NOW=2008-11-23T09:00:00Z expect_code 0 dp --json complaint thread 1
json_check "(d['items'][-1]['kind'] == 'mail' and
    d['items'][-1]['mail']['origin'] == 'hand' and d['silent_days'] is None)"
expect_code 0 dp verify
expect_out_re "^intact: .*, 1 provider, 1 complaint, 1 mail read back$"
expect_code 0 dp --json verify
json_check "d['complaints'] == 1 and d['mails'] == 1"

step "the group's help lines its summaries up, next-contact too"
expect_code 0 dp complaint --help
python3 - "$T/out" <<'PY' || fail "complaint --help: summaries not in one column"
import re, sys
lines = open(sys.argv[1]).read().split('commands:\n')[1].split('\n\n')[0]
cols = {re.match(r'   (\S+ +)', l).end() for l in lines.splitlines()}
assert len(cols) == 1, cols
PY

finish
