#!/bin/sh
# Retracted evidence stays out of complaints: a row retracted before a
# draft is in neither its body, its evidence.csv nor its XARF reports; a
# draft citing a row retracted after it says it is stale (text and JSON)
# until it is drafted again; rows it does not cite (another kind, or
# recorded after it) do not make it stale.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_NOW
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add McColo --asn AS26780 >/dev/null
for i in 1 2 3; do
	dp evidence add --provider McColo --kind c2 --indicator "208.66.194.$i" \
	    --observed "2008-11-10T0$i:00:00Z" >/dev/null 2>&1
done
dp evidence add --provider McColo --kind spam-source \
    --indicator 208.66.195.9 --observed 2008-11-10T05:00:00Z >/dev/null 2>&1
expect_sql "SELECT count(*) FROM evidence" 4

step "a row retracted before the draft is nowhere in it"
expect_code 0 dp evidence retract 2 --reason "a shared host, not McColo's"
expect_code 0 dp complaint draft --provider McColo --to abuse@transit.example \
    --kind c2 --xarf --template "$TPL/plain.mustache"
dp complaint show 1 --raw >"$T/m1.eml"
CHECKS=$((CHECKS + 1))
python3 - "$T/m1.eml" <<'EOF' || fail "the retracted indicator is in the message"
import email, email.policy, sys
msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(),
                               policy=email.policy.strict)
found = []
for part in msg.walk():
    if part.is_multipart():
        continue
    data = part.get_payload(decode=True)
    for form in (b'208.66.194.2', b'208.66.194[.]2'):
        # The exact address, not 208.66.194.22 and the like.
        i = data.find(form)
        while i >= 0:
            nxt = data[i + len(form):i + len(form) + 1]
            if not nxt.isdigit():
                found.append(part.get_filename() or 'body')
            i = data.find(form, i + 1)
assert not found, found
names = [p.get_filename() for p in msg.walk() if p.get_filename()]
assert 'xarf-2.json' not in names, names
assert 'xarf-1.json' in names and 'xarf-3.json' in names, names
EOF
expect_code 0 dp complaint show 1 --json
json_check "eq(d['stale'], False); eq(d['retracted_evidence'], [])"

step "rows it does not cite do not make it stale"
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.5 \
    --observed 2008-11-10T06:00:00Z >/dev/null 2>&1
expect_code 0 dp evidence retract 5 --reason "later row"
expect_code 0 dp evidence retract 4 --reason "another kind"
expect_code 0 dp complaint show 1 --json
json_check "eq(d['stale'], False)"

step "a row it cites retracted after it: stale"
expect_code 0 dp evidence retract 3 --reason "sinkholed before the draft"
expect_code 0 dp evidence retract 1 --reason "wrong"
expect_code 0 dp complaint show 1
expect_out "stale:      cites evidence retracted after it was drafted: 1, 3; draft it again"
expect_err "cites evidence retracted after it was drafted: 1, 3"
expect_code 0 dp complaint show 1 --json
json_check "eq(d['stale'], True); eq(d['retracted_evidence'], [1, 3])"
# An edit changes the text, not what it cites: still stale.
EDITOR=true VISUAL=
export EDITOR VISUAL
expect_code 0 dp complaint edit 1
expect_code 0 dp complaint show 1 --json
json_check "eq(d['stale'], True)"
expect_code 0 dp verify

step "drafted again: every c2 row retracted, nothing to complain about"
db_snap
expect_code 66 dp complaint draft --provider McColo --to abuse@transit.example \
    --kind c2 --template "$TPL/plain.mustache"
expect_db_unchanged

finish
