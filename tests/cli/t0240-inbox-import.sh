#!/bin/sh
# inbox import reads an mbox of replies to four sent complaints: the
# ticket system's acknowledgement makes one acknowledged with its ticket,
# a person's answer then answered (a late out-of-office reply leaves it
# so, saying why), Exim's DSN makes another bounced with 5.1.1, Postfix's
# delay changes nothing, a reply that lost its In-Reply-To is matched by
# the case tag, and a message nothing matches is listed.  Importing the
# same mailbox again records nothing (the audit head stays); verify
# passes after each import.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

. "$TOP/tests/cli/inboxlib.sh"

C1=$(mk abuse@example.net)
C2=$(mk abuse@example.org)
C3=$(mk abuse@example.com)
C4=$(mk noc@example.org)

step "one mbox of replies"
{
	from_line 1; fix otrs-ack.eml "$C1"; echo
	from_line 2; fix exim-dsn.eml "$C2"; echo
	from_line 3; fix postfix-delay.eml "$C3"; echo
	from_line 4; fix human-reply.eml "$C1"; echo
	from_line 5; fix reply-case-tag.eml "$C4"; echo
	from_line 6; fix salesforce-ack.eml "$C1"; echo
	from_line 7; fix vacation.eml "$C1"; echo
} >"$T/replies.mbox"
H0=$(head_hash)
expect_code 0 dp --json inbox import "$T/replies.mbox"
cp "$T/out" "$T/import1.json"
json_check "
eq(d['kind'], 'mbox'); eq(d['read'], 7); eq(d['stored'], 7)
eq(d['duplicates'], 0); eq(d['matched'], 6); eq(d['changed'], 4)
m = d['messages']
eq([x['class'] for x in m], ['auto-reply', 'bounce', 'delay', 'reply',
    'reply', 'auto-reply', 'auto-reply'])
eq([x['complaint_id'] for x in m], [$C1, $C2, $C3, $C1, $C4, None, $C1])
eq([x['matched_by'] for x in m], ['in-reply-to', 'returned-headers',
    'returned-headers', 'in-reply-to', 'case-tag', None, 'in-reply-to'])
eq([x['state'] for x in m], ['acknowledged', 'bounced', 'sent',
    'answered', 'answered', None, 'answered'])
eq([x['changed'] for x in m], [True, True, False, True, True, False, False])
eq(m[0]['ticket'], 'Ticket#2026111210000123')
eq(m[1]['dsn_status'], '5.1.1'); eq(m[1]['dsn_recipient'], 'abuse@example.org')
eq(m[2]['dsn_status'], '4.4.7')
eq(m[2]['unchanged'], 'a delay report is recorded, it changes nothing')
eq(m[3]['state_before'], 'acknowledged')
eq(m[6]['state_before'], 'answered')
assert 'complaint $C1 is answered: the transition is not allowed' == m[6]['unchanged'], m[6]['unchanged']
eq(m[0]['where'], 'message 1 (line 1)')
eq(len(d['unmatched']), 1)
u = d['unmatched'][0]
eq(u['from'], 'noreply-abuse@example.com'); eq(u['ticket'], 'Case 00123456')
eq(u['date'], '2026-11-12T09:31:02Z'); eq(u['complaint_id'], None)
"
for c in "$C1:answered" "$C2:bounced" "$C3:sent" "$C4:answered"; do
	CHECKS=$((CHECKS + 1))
	[ "$(state "${c%%:*}")" = "${c#*:}" ] ||
	    fail "complaint ${c%%:*} is $(state "${c%%:*}"), want ${c#*:}"
done
# the ticket and the mails are shown with the complaint
expect_code 0 dp --json complaint show "$C1"
json_check "eq(d['ticket'], 'Ticket#2026111210000123')
eq(sorted(m['id'] for m in d['mails']), [1, 4, 7])"
expect_code 0 dp complaint show "$C2"
expect_out_re "status 5\.1\.1"
# every message stored byte for byte, with one mail.add entry each
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'mail.add'" 7
expect_code 0 dp inbox show "$(json_get "d['messages'][1]['mail']" "$T/import1.json")" --raw
fix exim-dsn.eml "$C2" >"$T/exim.eml"
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" "$T/exim.eml" || fail "inbox show --raw differs from the message imported"
expect_code 0 dp inbox show "$(json_get "d['messages'][1]['mail']" "$T/import1.json")"
expect_out "read as:     RFC 3464 report: Action failed, Status 5.1.1"
expect_out "diagnostic:  550 5.1.1 <abuse@example.org>: Mailbox does not exist"
expect_out "complaint:   $C2 (matched by returned-headers)"
expect_out "returns:     $(dp --json complaint show "$C2" >"$T/c2.json"; json_get "d['message_id']" "$T/c2.json")"
expect_code 0 dp verify
expect_out "intact"

step "the text summary"
expect_code 0 dp inbox list --unmatched
expect_out "noreply-abuse@example.com"
expect_out "Case 00123456: We have received your report"
expect_code 0 dp inbox list --json
json_check "eq(len(d), 7); eq(sorted(x['origin'] for x in d), ['import'] * 7)"

step "the same mailbox again records nothing"
H1=$(head_hash)
CHECKS=$((CHECKS + 1))
[ "$H0" != "$H1" ] || fail "the first import left the audit head as it was"
db_snap
expect_code 0 dp inbox import "$T/replies.mbox"
expect_out "read 7 messages (mbox): 0 stored, 7 stored before; 0 matched, 0 complaints moved"
expect_out "not matched to a complaint (1;"
expect_db_unchanged
CHECKS=$((CHECKS + 1))
[ "$(head_hash)" = "$H1" ] || fail "a second import moved the audit head"
expect_code 0 dp verify
expect_out "intact"

step "text lines for what changed"
C5=$(mk abuse@example.net)
fix human-reply.eml "$C5" | sed 's/c0ffee42.5e6f7a8b@/c0ffee43.5e6f7a8b@/' >"$T/r5.eml"
expect_code 0 dp inbox import "$T/r5.eml"
expect_out "read 1 message (message): 1 stored, 0 stored before; 1 matched, 1 complaint moved"
expect_out "complaint $C5: mail 8 reply (in-reply-to): sent -> answered"
expect_out "1 mail from before not matched either: 'depeer inbox list --unmatched'"
expect_no_out "not matched to a complaint ("
expect_code 0 dp verify
finish
