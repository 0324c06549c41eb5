#!/bin/sh
# stats upstreams: per upstream AS and abuse address, across providers,
# the complaints sent and what came back, with medians over the complaints
# that have the time.  States are recorded by hand (status) and from
# replies (complaint reply); every figure below is worked out by hand in
# the comments.  T0 = 2008-11-10T12:00:00Z, when every complaint is sent.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
DEPEER_NOW=2008-11-10T11:00:00Z
export DEPEER_NOW
MAIL=$TOP/tests/fixtures/mail

step "bad input"
expect_code 64 dp stats upstreams extra
expect_err "takes no operands"
expect_code 64 dp stats nosuch
expect_code 0 dp config set from 'Ann Analyst <ann@cert.example>'

expect_code 0 dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22
expect_code 0 dp provider add Second --asn AS64500
expect_code 0 dp evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.22 --observed 2008-11-10T10:00:00Z
expect_code 0 dp evidence add --provider Second --kind c2 \
    --indicator 192.0.2.7 --observed 2008-11-10T10:00:00Z
expect_code 0 dp upstreams McColo
step "nothing sent yet"
expect_code 0 dp stats upstreams
expect_err "no complaint was sent"
expect_out_empty
expect_code 0 dp --json stats upstreams
json_check "d == []"

# 1-5 to AS3549's abuse desk; 6 and 7 to an address given by hand.
for i in 1 2 3 4 5; do
	expect_code 0 dp complaint draft --provider McColo --upstream 3549
done
expect_code 0 dp complaint draft --provider McColo --to abuse@transit.example
expect_code 0 dp complaint draft --provider Second --to abuse@transit.example
expect_code 0 dp --json complaint show 1
desk=$(json_get "d['to'][0]")
expect_code 66 dp stats upstreams --provider nosuch
expect_err "nosuch"

step "sent by hand at T0 (5 stays a draft: not counted)"
DEPEER_NOW=2008-11-10T12:00:00Z
for i in 1 2 3 4 6 7; do
	expect_code 0 dp complaint status $i sent --note 'sent from mutt'
done

# A fixture with its own Message-ID and Date.
mail() {	# mail FIXTURE ID DATE
	sed -e "s/^Message-ID: .*/Message-ID: <stats-$2@test.example>/" \
	    -e "s/^Date: .*/Date: $3/" "$MAIL/$1" >"$T/m$2.eml"
	echo "$T/m$2.eml"
}

step "replies read two days on: their Date counts, not when they were read"
DEPEER_NOW=2008-11-12T12:00:00Z
# 1: auto-reply at T0+1h, answer at T0+1d.  2: answer at T0+3h.
expect_code 0 dp complaint reply 1 \
    "$(mail otrs-ack.eml a 'Mon, 10 Nov 2008 13:00:00 +0000')"
expect_code 0 dp complaint reply 1 \
    "$(mail human-reply.eml b 'Tue, 11 Nov 2008 12:00:00 +0000')"
expect_code 0 dp complaint reply 2 \
    "$(mail human-reply.eml c 'Mon, 10 Nov 2008 15:00:00 +0000')"
# 3 bounces; 4 hears nothing.
expect_code 0 dp complaint reply 3 \
    "$(mail postfix-bounce.eml d 'Mon, 10 Nov 2008 12:01:00 +0000')"
expect_code 0 dp --json complaint show 3
json_check "d['state'] == 'bounced'"
# 2 resolved at T0+2d (now), 1 at T0+3d.
expect_code 0 dp complaint status 2 resolved --note 'host gone'
DEPEER_NOW=2008-11-13T12:00:00Z expect_code 0 dp complaint status 1 \
    resolved --note 'host gone'
# 6 acknowledged by hand at T0+2h (a phone call); 7 rejected at T0+5h.
DEPEER_NOW=2008-11-10T14:00:00Z expect_code 0 dp complaint status 6 \
    acknowledged --note 'phoned'
DEPEER_NOW=2008-11-10T17:00:00Z expect_code 0 dp complaint status 7 \
    rejected --note 'not our customer'

step "the figures"
# AS3549: sent 4 (1-4), acknowledged 1 (1), answered 2 (1, 2), bounced 1
# (3), resolved 2 (1, 2), no reply 1 (4).  First reply: 1 at 3600, 2 at
# 10800: median (3600 + 10800) / 2 = 7200 over 2.  First answer: 86400
# and 10800: 48600 over 2.  Resolution: 259200 and 172800: 216000 over 2.
# "-": sent 2 (6, 7) from two providers, acknowledged 1, rejected 1, no
# reply 0 (7 was rejected); first reply 6 at 7200 over 1; none answered
# or resolved.
expect_code 0 dp --json stats upstreams
json_check "d == [
 {'asn': 3549, 'address': '$desk', 'providers': ['McColo'], 'sent': 4,
  'acknowledged': 1, 'answered': 2, 'bounced': 1, 'resolved': 2,
  'rejected': 0, 'no_reply': 1,
  'median_first_reply_s': 7200, 'n_first_reply': 2,
  'median_first_answer_s': 48600, 'n_first_answer': 2,
  'median_resolution_s': 216000, 'n_resolution': 2},
 {'asn': None, 'address': 'abuse@transit.example',
  'providers': ['McColo', 'Second'], 'sent': 2,
  'acknowledged': 1, 'answered': 0, 'bounced': 0, 'resolved': 0,
  'rejected': 1, 'no_reply': 0,
  'median_first_reply_s': 7200, 'n_first_reply': 1,
  'median_first_answer_s': None, 'n_first_answer': 0,
  'median_resolution_s': None, 'n_resolution': 0}]"

expect_code 0 dp stats upstreams
expect_out_re "^AS +ADDRESS +SENT +ACK +ANSWERED +BOUNCED +RESOLVED +REJECTED +NO REPLY +FIRST REPLY +FIRST ANSWER +RESOLUTION +PROVIDERS"
expect_out_re "^AS3549 +$desk +4 +1 +2 +1 +2 +0 +1 +2h 0m \(n=2\) +13h 30m \(n=2\) +2d 12h \(n=2\) +McColo$"
expect_out_re "^- +abuse@transit.example +2 +1 +0 +0 +0 +1 +0 +2h 0m \(n=1\) +- +- +McColo, Second$"
python3 - "$T/out" <<'PY' || fail "rows not in the order of complaints sent"
import sys
rows = open(sys.argv[1]).read().splitlines()[1:]
assert rows[0].startswith('AS3549') and rows[1].startswith('- '), rows
PY

step "--provider keeps one provider's complaints"
expect_code 0 dp --json stats upstreams --provider Second
json_check "(len(d) == 1 and d[0]['asn'] is None and
    d[0]['providers'] == ['Second'] and d[0]['sent'] == 1 and
    d[0]['rejected'] == 1 and d[0]['n_first_reply'] == 0)"

step "read only: the case is unchanged and verifies"
db_snap
expect_code 0 dp stats upstreams
expect_db_unchanged
expect_code 0 dp verify

finish
