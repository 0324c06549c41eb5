# sendlib.sh - what the "complaint send" tests (t0230-t0234) share,
# sourced after lib.sh.  Not a test itself (run.sh runs t[0-9]*.sh).
#
#   send_setup                a case with a sender, McColo and evidence;
#                             the mail settings cleared, pacing off
#   smtp_env [URL]            send through fakenet's mail server (default
#                             smtp://smtp.example.net:587, STARTTLS, with
#                             the sink's account), time-out 3 s
#   draft_to ADDR [CC]        draft a complaint to ADDR; prints its id
#   state_is ID STATE         "complaint show ID --json" has state STATE
#   sink_is_raw N ID          stored message N is "complaint show ID --raw"
#                             byte for byte, and Python's email with
#                             policy=strict parses it without a defect
#   verify_ok                 "depeer verify" exits 0
#   secret_nowhere SECRET     SECRET in no output of the last command,
#                             not in the database file nor its audit log

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TPL=$TOP/tests/fixtures/complaint

send_setup() {
	unset DEPEER_SMTP_URL DEPEER_SMTP_USER DEPEER_SMTP_PASSWORD \
	    DEPEER_SMTP_TLS DEPEER_SENDMAIL_COMMAND DEPEER_SMTP_PACE \
	    DEPEER_SMTP_TIMEOUT DEPEER_TEST_KILL
	DEPEER_SMTP_PACE=0
	export DEPEER_SMTP_PACE
	dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
	dp provider add McColo --asn AS26780 >/dev/null
	dp evidence add --provider McColo --kind c2 \
	    --indicator 208.66.194.22 --observed 2008-11-10T21:23:00Z \
	    >/dev/null 2>&1
}

smtp_env() {
	DEPEER_SMTP_URL=${1:-smtp://smtp.example.net:587}
	DEPEER_SMTP_USER=depeer
	DEPEER_SMTP_PASSWORD=sink-password
	DEPEER_SMTP_TIMEOUT=3
	export DEPEER_SMTP_URL DEPEER_SMTP_USER DEPEER_SMTP_PASSWORD \
	    DEPEER_SMTP_TIMEOUT
}

draft_to() {
	if [ $# -gt 1 ]; then
		dp --json complaint draft --provider McColo --to "$1" \
		    --cc "$2" --template "$TPL/plain.mustache" >"$T/draft.json"
	else
		dp --json complaint draft --provider McColo --to "$1" \
		    --template "$TPL/plain.mustache" >"$T/draft.json"
	fi
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print((d[0] if isinstance(d, list) else d)["id"])' "$T/draft.json"
}

state_is() {
	CHECKS=$((CHECKS + 1))
	_s=$(dp --json complaint show "$1" | python3 -c \
	    'import json, sys; print(json.load(sys.stdin)["state"])')
	[ "$_s" = "$2" ] ||
	    fail "complaint $1 is '$_s', expected '$2' (after: ${LASTCMD:-?})"
}

sink_is_raw() {
	CHECKS=$((CHECKS + 1))
	dp complaint show "$2" --raw >"$T/raw.eml"
	cmp -s "$T/raw.eml" "$(smtp_message "$1")" ||
	    fail "stored message $1 differs from complaint $2's bytes"
	CHECKS=$((CHECKS + 1))
	python3 - "$(smtp_message "$1")" >"$T/strict.err" 2>&1 <<'PY' ||
import email, email.policy, sys
msg = email.message_from_bytes(open(sys.argv[1], "rb").read(),
                               policy=email.policy.strict)
for part in msg.walk():
    if part.defects:
        sys.exit("defects: %r" % part.defects)
if not msg["Message-ID"]:
    sys.exit("no Message-ID")
PY
	    fail "message $1 does not parse strictly: $(cat "$T/strict.err")"
}

verify_ok() {
	expect_code 0 dp verify
}

secret_nowhere() {
	CHECKS=$((CHECKS + 1))
	if grep -q -F -e "$1" "$T/out" "$T/err"; then
		fail "the secret shows in the output of: ${LASTCMD:-?}"
	fi
	CHECKS=$((CHECKS + 1))
	sqlq "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1
	if grep -a -q -F -e "$1" "$DB" "$DB-wal" 2>/dev/null; then
		fail "the secret is in the database file"
	fi
	CHECKS=$((CHECKS + 1))
	dp log --json >"$T/log.json" 2>/dev/null
	if grep -q -F -e "$1" "$T/log.json"; then
		fail "the secret is in the audit log"
	fi
}
