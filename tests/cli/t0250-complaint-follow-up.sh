#!/bin/sh
# complaint follow-up drafts the next message of a thread: to the same
# recipients, In-Reply-To the last message sent and References the whole
# thread (over two follow-ups), "Re: " and the first subject with its
# case tag, linked as a follow-up in the same transaction; its text says
# what is new since the last message (rows recorded since, indicators
# observed after it, with times, new ones marked) rather than the whole
# sample.  Read back with Python's email package (tests/threadcheck.py).
# A complaint never sent, bounced or closed is refused, and a refusal or
# a failure stores nothing.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
DEPEER_NOW=2008-11-10T22:00:00Z
export DEPEER_NOW
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add McColo --asn AS26780 >/dev/null
ev() {
	dp evidence add --provider McColo --kind "$1" --indicator "$2" \
	    --observed "$3" >/dev/null 2>&1 || fail "evidence add $*"
}
ev c2 208.66.194.22 2008-11-10T21:23:00Z
ev c2 208.66.194.23 2008-11-10T21:24:00Z
expect_code 0 dp complaint draft --provider McColo \
    --to abuse@mccolo.example --cc noc@cert.example \
    --template "$TPL/plain.mustache"

# refused CODE TEXT ARGS...: "complaint follow-up ARGS" exits CODE saying
# TEXT, and the case is as it was.
refused() {
	_code=$1 _text=$2
	shift 2
	db_snap
	expect_code "$_code" dp complaint follow-up "$@"
	expect_err "$_text"
	expect_db_unchanged
}

step "bad command lines, and a complaint not sent"
refused 64 "needs one complaint ID"
refused 64 "needs one complaint ID" 1 2
refused 64 "invalid complaint id" x
refused 66 "" 9
refused 65 "complaint 1 is draft: it was never sent" 1

step "sent; then new evidence"
DEPEER_NOW=2008-11-11T12:00:00Z expect_code 0 dp complaint status 1 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-12T09:00:00Z
ev c2 208.66.194.99 2008-11-12T08:00:00Z	# new indicator
ev c2 208.66.194.22 2008-11-12T08:30:00Z	# still live
ev c2 208.66.194.23 2008-11-10T23:00:00Z	# recorded late, seen before
expect_code 0 dp complaint show 1 --raw
cp "$T/out" "$T/m1.eml"
mid1=$(sqlq "SELECT message_id FROM complaints WHERE id = 1")
subj1=$(sqlq "SELECT subject FROM complaints WHERE id = 1")

step "a failure stores nothing"
refused 66 "" 1 --template "$T/none.mustache"
printf '{{!\nsubject: s\n}}\n{{no.such.value}}\n' >"$T/bad.mustache"
refused 65 "" 1 --template "$T/bad.mustache"

step "the first follow-up"
DEPEER_NOW=2008-11-12T10:00:00Z expect_code 0 dp complaint follow-up 1
expect_out "drafted follow-up 2 of complaint 1"
expect_out "new:      3 evidence rows since the last message, 2 indicators observed after it"
expect_out "review it: depeer complaint show 2"
expect_sql "SELECT child, parent, kind FROM complaint_links" "2|1|follow-up"
expect_code 0 dp complaint show 2 --raw
cp "$T/out" "$T/m2.eml"
python3 "$TOP/tests/threadcheck.py" "$T/m2.eml" >"$T/m2.json" \
    2>"$T/tc.err" || fail "threadcheck: $(cat "$T/tc.err")"
json_check "eq(d['in_reply_to'], ['$mid1'])
eq(d['references'], ['$mid1'])
eq(d['subject'], 'Re: ' + '''$subj1''')
assert '[depeer #1]' in d['subject'] and '#2' not in d['subject'], d
eq(d['to'], ['abuse@mccolo.example']); eq(d['cc'], ['noc@cert.example'])
b = d['body']
assert 'under [depeer #1]' in ' '.join(b.split()), b
assert 'After our last message (2008-11-11T12:00:00Z) we recorded 2 observations of 2 indicators (1 not in our' in ' '.join(b.split()), b
assert '  2008-11-12T08:30:00Z  208.66.194[.]22 (c2)' in b, b
assert '  2008-11-12T08:00:00Z  208.66.194[.]99 (c2, new)' in b, b
assert b.index('194[.]22 (c2)') < b.index('194[.]99 (c2, new)'), 'newest first'
assert '194[.]23' not in b, 'seen before the message: not live'
assert '3 of them recorded since that message' in ' '.join(b.split()), b
assert '[depeer #1] to abuse@mccolo.example (sent): no reply after 22 hours' in ' '.join(b.split()), b
names = [a['filename'] for a in d['attachments']]
eq(names, ['evidence.csv'])" "$T/m2.json"
# The whole evidence is still attached, five rows.
expect_code 0 dp --json complaint show 2
json_check "eq(d['state'], 'draft'); eq(d['to'], ['abuse@mccolo.example'])"

step "the second follow-up: the whole thread referenced"
DEPEER_NOW=2008-11-13T12:00:00Z expect_code 0 dp complaint status 2 sent \
    --note "sent from mutt"
mid2=$(sqlq "SELECT message_id FROM complaints WHERE id = 2")
DEPEER_NOW=2008-11-14T12:00:00Z expect_code 0 dp --json complaint \
    follow-up 1
json_check "eq(sorted(d), ['complaints', 'kind', 'live', 'new_rows', 'notes', 'parent'])
eq(d['kind'], 'follow-up'); eq(d['parent'], 1)
eq(d['new_rows'], 0); eq(d['live'], 0)
eq(len(d['complaints']), 1); c = d['complaints'][0]
eq(c['id'], 3); eq(c['template'], 'follow-up'); eq(c['state'], 'draft')
eq(c['to'], ['abuse@mccolo.example'])"
expect_sql "SELECT child || ':' || parent || ':' || kind FROM complaint_links ORDER BY child" \
    "2:1:follow-up
3:1:follow-up"
expect_code 0 dp complaint show 3 --raw
cp "$T/out" "$T/m3.eml"
python3 "$TOP/tests/threadcheck.py" "$T/m3.eml" >"$T/m3.json" \
    2>"$T/tc.err" || fail "threadcheck: $(cat "$T/tc.err")"
json_check "eq(d['in_reply_to'], ['$mid2'])
eq(d['references'], ['$mid1', '$mid2'])
eq(d['subject'], 'Re: ' + '''$subj1''')
b = ' '.join(d['body'].split())
assert 'We have observed none of these hosts since our last message (2008-11-13T12:00:00Z)' in b, b
assert 'recorded since that message' not in b, b" "$T/m3.json"
# Following up the follow-up is the same thread.
DEPEER_NOW=2008-11-14T12:01:00Z expect_code 0 dp complaint follow-up 2
expect_code 0 dp complaint show 4 --raw
python3 "$TOP/tests/threadcheck.py" "$T/out" >"$T/m4.json" \
    2>"$T/tc.err" || fail "threadcheck: $(cat "$T/tc.err")"
json_check "eq(d['in_reply_to'], ['$mid2'])
eq(d['references'], ['$mid1', '$mid2'])" "$T/m4.json"
expect_sql "SELECT parent FROM complaint_links WHERE child = 4" 2

step "bounced and closed complaints are not followed up"
DEPEER_NOW=2008-11-14T13:00:00Z expect_code 0 dp complaint status 3 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-14T13:05:00Z expect_code 0 dp complaint status 3 bounced
refused 65 "complaint 3 bounced" 3
expect_err "depeer complaint next-contact 3"
DEPEER_NOW=2008-11-14T13:10:00Z expect_code 0 dp complaint status 2 resolved
refused 65 "complaint 2 is resolved" 2

step "the case verifies"
expect_code 0 dp verify

finish
