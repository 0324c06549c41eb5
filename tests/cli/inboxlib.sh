# inboxlib.sh - what the inbox tests (t0240-t0243) share: a case with one
# provider and its evidence, complaints drafted and recorded sent (mk),
# the mail fixtures made answers to them (fix), and small readers.
# Sourced after lib.sh, with TOP set.
TPL=$TOP/tests/fixtures/complaint
FIX=$TOP/tests/fixtures/mail
FIXID=20261112T091500.4f1c2d3e5a6b7c8d@cert.example.org
DEPEER_NOW=2026-11-12T09:00:00Z
export DEPEER_NOW
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add 'Bulletproof Example' --asn AS64500 >/dev/null
dp evidence add --provider 'Bulletproof Example' --kind c2 \
    --indicator 192.0.2.10 --observed 2026-11-10T21:23:00Z >/dev/null 2>&1

# mk ADDR: a complaint to ADDR, drafted and recorded sent; prints its id.
mk() {
	dp --json complaint draft --provider 'Bulletproof Example' --to "$1" \
	    --template "$TPL/plain.mustache" >"$T/mk.json" 2>"$T/mk.err" ||
	    fail "draft to $1: $(cat "$T/mk.err")"
	_id=$(json_get "d['id']" "$T/mk.json")
	dp complaint status "$_id" sent --note "sent from mutt" \
	    >/dev/null 2>&1 || fail "complaint $_id not sent"
	echo "$_id"
}
# fix NAME ID: fixture NAME as an answer to complaint ID (its Message-ID
# and case tag in place of the fixture's).
fix() {
	dp --json complaint show "$2" >"$T/fix.json"
	_m=$(json_get "d['message_id']" "$T/fix.json")
	sed -e "s/$FIXID/$_m/g" -e "s/depeer #1\]/depeer #$2]/g" \
	    -e "s/depeer_#1\]/depeer_#$2]/g" "$FIX/$1"
}
# state ID: the complaint's state
state() {
	dp --json complaint show "$1" >"$T/st.json" && json_get "d['state']" "$T/st.json"
}
# from_line N: an mbox separator
from_line() {
	printf 'From MAILER-DAEMON Thu Nov 12 09:%02d:00 2026\n' "$1"
}
head_hash() {
	sqlq "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1"
}
