#!/bin/sh
# complaint draft refuses what would break a header or a message, and
# stores nothing when it does: CR, LF, "\r\nBcc:", controls and overlong
# values in every field that reaches a header (the identity, --cc, --to,
# a subject made from the provider's note, an evidence family or source);
# an unknown template, one without a subject or with a missing variable;
# a provider without evidence, or whose evidence is all retracted; an AS
# without a stored abuse address.  Non-ASCII names in the Subject and
# From come out RFC 2047 encoded and pass the strict parser.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_NOW
CR=$(printf '\r')
LF='
'

# refused CODE TEXT ARGS...: "complaint draft ARGS" exits CODE naming
# TEXT, and the case is as it was (no complaint, no audit entry).
refused() {
	_code=$1 _text=$2
	shift 2
	db_snap
	expect_code "$_code" dp complaint draft "$@"
	[ -z "$_text" ] || expect_err "$_text"
	expect_db_unchanged
	expect_sql "SELECT count(*) FROM complaints" 0
}

# A note may have several lines: it is kept, and must never reach a header.
dp provider add McColo --asn AS26780 --note "hosting${CR}${LF}Bcc: x@evil.example" \
    >/dev/null
expect_sql "SELECT count(*) FROM providers WHERE note LIKE '%Bcc: x@evil.example'" 1
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-10T21:23:00Z >/dev/null 2>&1
dp provider add Empty --asn AS64500 >/dev/null
dp provider add Gone --asn AS64501 >/dev/null
dp evidence add --provider Gone --kind c2 --indicator 192.0.2.1 >/dev/null 2>&1
dp evidence retract 2 --reason "wrong host" >/dev/null 2>&1
expect_sql "SELECT count(*) FROM evidence_retractions" 1

step "the identity"
refused 78 "no sender identity" --provider McColo --to abuse@transit.example
DEPEER_FROM="Ann${CR}${LF}Bcc: x@evil.example <ann@cert.example>"
export DEPEER_FROM
refused 78 "" --provider McColo --to abuse@transit.example
DEPEER_FROM="Ann <ann@cert.example>${LF}Bcc: x@evil.example"
refused 78 "" --provider McColo --to abuse@transit.example
unset DEPEER_FROM
expect_code_in "65 78" dp config set from "Ann${LF}Bcc: x@evil.example <a@cert.example>"
expect_code 0 dp config set from 'Ann Analyst <ann@cert.example>'

step "--to and --cc"
refused 65 "invalid address" --provider McColo --to "abuse@transit.example${CR}${LF}Bcc: x@evil.example"
refused 65 "invalid address" --provider McColo --to abuse@transit.example \
    --cc "x@cert.example${CR}${LF}Bcc: y@evil.example"
refused 65 "invalid address" --provider McColo --to abuse@transit.example \
    --cc "x@cert.example${LF}"
refused 65 "invalid address" --provider McColo --to abuse@transit.example \
    --cc "$(printf 'x%.0s' $(seq 1 300))@cert.example"
refused 65 "invalid address" --provider McColo --to "abuse at transit"
refused 65 "invalid address" --provider McColo --to abuse@transit.example --cc 'a@b'

step "values from the case that would reach a header"
cat >"$T/note-subject.mustache" <<'EOF'
{{!
subject: {{provider.name}} {{#provider.note}}{{provider.note}}{{/provider.note}}
}}
body
EOF
refused 65 "line break" --provider McColo --to abuse@transit.example \
    --template "$T/note-subject.mustache"
# An evidence family or source never holds a line break: refused when
# recorded, before it could reach a subject.
db_snap
expect_code 65 dp evidence add --provider McColo --kind c2 --indicator 192.0.2.9 \
    --family "Srizbi${CR}${LF}Bcc: x@evil.example"
expect_code 65 dp evidence add --provider McColo --kind c2 --indicator 192.0.2.9 \
    --source "honeypot${LF}Bcc: x@evil.example"
expect_db_unchanged

step "templates"
refused 66 "no template 'no-such-template'" --provider McColo \
    --to abuse@transit.example --template no-such-template
refused 65 "declares no subject" --provider McColo --to abuse@transit.example \
    --template "$TPL/nosubject.mustache"
refused 65 "no_such_member" --provider McColo --to abuse@transit.example \
    --template "$TPL/missing.mustache"

step "evidence and contacts"
refused 66 "" --provider Empty --to abuse@transit.example \
    --template "$TPL/plain.mustache"
refused 66 "" --provider Gone --to abuse@transit.example \
    --template "$TPL/plain.mustache"
refused 66 "no abuse address known for AS3549" --provider McColo \
    --upstream 3549 --template "$TPL/plain.mustache"
expect_err "depeer contacts AS3549"
refused 66 "" --provider Nobody --to abuse@transit.example
refused 64 "" --provider McColo
refused 64 "" --to abuse@transit.example
refused 64 "" --provider McColo --upstream AS-1 --to abuse@transit.example
refused 64 "" --provider McColo --to abuse@transit.example --kind nonsense
refused 64 "" --provider McColo --to abuse@transit.example --since yesterday

step "non-ASCII names in Subject and From"
dp provider add 'Макколо Хостинг' --asn AS64503 >/dev/null
dp evidence add --provider 'Макколо Хостинг' --kind c2 \
    --indicator 192.0.2.77 --observed 2008-11-10T21:23:00Z >/dev/null 2>&1
expect_code 0 dp config set from 'Jörg Müller <jm@cert.example>'
expect_code 0 dp complaint draft --provider 'Макколо Хостинг' \
    --to abuse@transit.example --template "$TPL/tagged.mustache" --json
json_check "eq(d['subject'], '[depeer #1] Abuse report: Макколо Хостинг')"
dp complaint show 1 --raw >"$T/m.eml"
CHECKS=$((CHECKS + 1))
python3 - "$T/m.eml" <<'EOF' || fail "the header section is not RFC 2047 encoded"
import sys
raw = open(sys.argv[1], 'rb').read()
head = raw.split(b'\r\n\r\n', 1)[0]
assert all(b < 0x80 for b in head), 'an 8-bit header byte'
assert b'=?' in head, 'no encoded word'
EOF
mkdir -p "$T/c1"
cp "$T/m.eml" "$T/c1/msg.eml"
dp complaint show 1 --json >"$T/c1/show.json"
dp evidence list --provider 'Макколо Хостинг' --json >"$T/c1/evidence.json"
printf '%s' '["Jörg Müller", "jm@cert.example"]' >"$T/c1/from.json"
CHECKS=$((CHECKS + 1))
python3 "$TOP/tests/complaintcheck.py" "$T/c1" 2>"$T/cc.err" ||
    fail "$(cat "$T/cc.err")"
expect_code 0 dp verify
expect_out "intact"

finish
