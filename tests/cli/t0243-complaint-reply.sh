#!/bin/sh
# complaint reply records a reply by hand: stored whole with origin hand
# and matched by hand, classified as an import would (an answer makes the
# complaint answered, a bounce bounced with its code), shown by inbox
# list and show; the same message again records nothing; a message that
# answers another complaint, a mailbox of two, a message that cannot be
# read, a complaint that does not exist are refused with nothing stored.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"


. "$TOP/tests/cli/inboxlib.sh"

C1=$(mk abuse@example.net)
C2=$(mk abuse@example.org)

refused() {
	_code=$1 _text=$2
	shift 2
	db_snap
	expect_code "$_code" dp complaint reply "$@"
	expect_err "$_text"
	expect_db_unchanged
}

step "bad command lines, and what cannot be read"
refused 64 "needs a complaint ID and a message file" "$C1"
refused 64 "invalid complaint id" x "$FIX/human-reply.eml"
refused 66 "" 99 "$FIX/human-reply.eml"
refused 66 "cannot open" "$C1" "$T/none.eml"
refused 65 "no header section" "$C1" "$FIX/no-headers.eml"
refused 65 "holds 3 messages; 'complaint reply' records one" "$C1" \
    "$FIX/replies.mbox"

step "a forwarded answer, recorded by hand"
# the answer without the headers that would match it
sed '/^In-Reply-To:/d; /^References:/d; s/\[depeer #1\] //' \
    "$FIX/human-reply.eml" >"$T/answer.eml"
expect_code 0 dp inbox import "$T/answer.eml"
expect_out "not matched to a complaint (1;"
# stored unmatched by the import: the hand matches it
expect_code 0 dp complaint reply "$C1" "$T/answer.eml"
expect_out "complaint $C1: mail 1 reply (hand): sent -> answered"
expect_code 0 dp --json inbox show 1
json_check "eq(d['complaint_id'], $C1); eq(d['matched_by'], 'hand'); eq(d['origin'], 'import')"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'mail.match'" 1

step "the same message again"
db_snap
expect_code 0 dp complaint reply "$C1" "$T/answer.eml"
expect_out "stays answered: mail 1 was recorded for complaint $C1 already"
expect_db_unchanged
refused 65 "this message is mail 1, which answers complaint $C1, not $C2" \
    "$C2" "$T/answer.eml"

step "a bounce by hand, from standard input, as JSON"
fix postfix-bounce.eml "$C2" | sed 's/abuse@example\.net/abuse@example.org/g' >"$T/b.eml"
expect_code 0 dp --json complaint reply "$C2" - <"$T/b.eml"
json_check "
eq(d['class'], 'bounce'); eq(d['dsn_status'], '5.1.1'); eq(d['matched_by'], 'hand')
eq(d['complaint_id'], $C2); eq(d['state_before'], 'sent'); eq(d['state'], 'bounced')
eq(d['changed'], True)"
expect_code 0 dp --json inbox show "$(json_get "d['mail']")"
json_check "eq(d['origin'], 'hand'); eq(d['class'], 'bounce')"
expect_code 0 dp inbox show "$(json_get "d['id']")" --raw
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" "$T/b.eml" || fail "the stored bounce differs from what was given"

step "a reply the states refuse is stored and says why"
fix human-reply.eml "$C2" | sed 's/c0ffee42/c0ffee44/' >"$T/late.eml"
expect_code 0 dp complaint reply "$C2" "$T/late.eml"
expect_out "stays bounced: complaint $C2 is bounced: it bounced; the next contact is a new complaint"
expect_code 0 dp inbox list --json
json_check "eq(len(d), 3); eq(sorted(x['complaint_id'] for x in d), sorted([$C1, $C2, $C2]))"
expect_code 0 dp verify
expect_out "intact"
finish
