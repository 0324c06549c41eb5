#!/bin/sh
# depeer due with the clock moved (DEPEER_NOW): deadlines counted in
# business days from sending (a complaint sent on a Friday with two days
# is due on Tuesday, not on Sunday), an acknowledged one given five
# business days for an update, the next step (follow up, then escalate
# after a follow-up went unanswered or a week passed; send a drafted
# follow-up), a thread that went on left to the newer complaint, most
# overdue first, --provider, the text and --json forms.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

# Friday 2008-11-07, 15:00 UTC.
DEPEER_NOW=2008-11-07T15:00:00Z
export DEPEER_NOW
printf '{{!\nsubject: Abuse at {{provider.name}}\ndue-days: 2\n}}\n%s\n' \
    'Hello, {{evidence.summary}}.' >"$T/two.mustache"
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
for p in McColo Atrivo; do
	dp provider add "$p" >/dev/null
	dp evidence add --provider "$p" --kind c2 --indicator "$p.example" \
	    --observed 2008-11-07T10:00:00Z >/dev/null 2>&1
done
draft() {
	expect_code 0 dp complaint draft --provider "$1" --to "$2" \
	    --template "$T/two.mustache"
}
sent() {
	DEPEER_NOW=$2 expect_code 0 dp complaint status "$1" sent \
	    --note "sent from mutt"
}
# due_ids TIME: the ids "due" lists at TIME, in its order.
due_ids() {
	DEPEER_NOW=$1 expect_code 0 dp --json due
	json_get "' '.join(str(x['id']) for x in d)"
}
expect_ids() {
	CHECKS=$((CHECKS + 1))
	_got=$(due_ids "$1")
	[ "$_got" = "$2" ] || fail "due at $1 lists '$_got', expected '$2'"
}

step "bad command lines"
expect_code 64 dp due 1
expect_code 66 dp due --provider Nobody
expect_err "Nobody"

step "nothing sent, nothing due"
draft McColo abuse@mccolo.example
expect_code 0 dp due
expect_err "nothing is due"
expect_out_empty
expect_ids 2008-12-31T00:00:00Z ""

step "sent on a Friday with two days: due Tuesday, not Sunday"
sent 1 2008-11-07T15:00:00Z
expect_ids 2008-11-09T16:00:00Z ""
expect_ids 2008-11-10T16:00:00Z ""
expect_ids 2008-11-11T14:59:59Z ""
DEPEER_NOW=2008-11-11T15:00:01Z expect_code 0 dp --json due
json_check "eq(len(d), 1); x = d[0]
eq(sorted(x), sorted(['id', 'provider', 'upstream_asn', 'state', 'to',
    'subject', 'step', 'command', 'why', 'sent_at', 'due_at',
    'overdue_seconds', 'overdue_business_days', 'thread', 'followups',
    'attempts', 'last_reply', 'ticket', 'next_contact', 'child']))
eq(x['id'], 1); eq(x['provider'], 'McColo'); eq(x['state'], 'sent')
eq(x['sent_at'], '2008-11-07T15:00:00Z'); eq(x['due_at'], '2008-11-11T15:00:00Z')
eq(x['overdue_seconds'], 1); eq(x['overdue_business_days'], 0)
eq(x['step'], 'follow-up'); eq(x['command'], 'complaint follow-up 1')
eq(x['followups'], 0); eq(x['thread'], 1); eq(x['to'], ['abuse@mccolo.example'])
eq(x['next_contact'], None); eq(x['child'], None)"
# Wednesday 15:00 is one business day late; the weekend counts none.
DEPEER_NOW=2008-11-12T15:00:00Z expect_code 0 dp --json due
json_check "eq(d[0]['overdue_business_days'], 1); eq(d[0]['overdue_seconds'], 86400)"
DEPEER_NOW=2008-11-17T15:00:00Z expect_code 0 dp --json due
json_check "eq(d[0]['overdue_business_days'], 4)
eq(d[0]['step'], 'escalate')
assert 'first notice 10 days ago' in d[0]['why'], d[0]"
DEPEER_NOW=2008-11-12T15:00:00Z expect_code 0 dp due
expect_out "NEXT STEP"
expect_out_re "^1 +McColo +sent +abuse@mccolo.example +2008-11-11T15:00:00Z +1 business day +complaint follow-up 1 +no answer by the deadline"

step "a follow-up drafted, then sent: the thread goes on"
DEPEER_NOW=2008-11-12T15:10:00Z expect_code 0 dp complaint follow-up 1 \
    --template "$T/two.mustache"
DEPEER_NOW=2008-11-12T15:20:00Z expect_code 0 dp --json due
json_check "eq(d[0]['id'], 1); eq(d[0]['step'], 'send'); eq(d[0]['child'], 2)
eq(d[0]['command'], 'complaint send 2')"
sent 2 2008-11-12T16:00:00Z
# 1 is left to 2; 2 is due Friday 16:00 (two business days).
expect_ids 2008-11-14T15:59:59Z ""
DEPEER_NOW=2008-11-14T17:00:00Z expect_code 0 dp --json due
json_check "eq([x['id'] for x in d], [2]); x = d[0]
eq(x['thread'], 1); eq(x['followups'], 1); eq(x['step'], 'escalate')
assert '1 follow-up sent without an answer' in x['why'], x"

step "acknowledged: five business days for an update"
DEPEER_NOW=2008-11-10T09:00:00Z
draft Atrivo abuse@atrivo.example
sent 3 2008-11-10T09:00:00Z
DEPEER_NOW=2008-11-11T09:00:00Z expect_code 0 dp complaint status 3 \
    acknowledged --note "auto-reply, ticket 4711"
# Sent Monday + 2 = Wednesday; acknowledged Tuesday + 5 = next Tuesday.
expect_ids 2008-11-13T09:00:00Z ""
expect_ids 2008-11-18T08:59:59Z "2"
DEPEER_NOW=2008-11-18T10:00:00Z expect_code 0 dp --json due
json_check "c = {x['id']: x for x in d}
eq(c[3]['due_at'], '2008-11-18T09:00:00Z'); eq(c[3]['step'], 'follow-up')
eq(c[3]['why'], 'acknowledged, but no update since')
eq([x['id'] for x in d], [2, 3])"

step "--provider"
DEPEER_NOW=2008-11-18T10:00:00Z expect_code 0 dp --json due --provider Atrivo
json_check "eq([x['id'] for x in d], [3])"

step "answered and closed complaints are not due"
DEPEER_NOW=2008-11-18T11:00:00Z expect_code 0 dp complaint status 3 answered
DEPEER_NOW=2008-11-18T11:00:00Z expect_code 0 dp complaint status 2 rejected
expect_ids 2008-12-31T00:00:00Z ""

finish
