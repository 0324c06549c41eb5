#!/bin/sh
# Messages built by mail.c (through tests/mailgen.c) read by an
# independent parser: Python's email package with policy=strict
# (tests/mailcheck.py) finds no defect, each required header once, no
# 8-bit byte in the header, the subject, names and body as given and
# each attachment byte for byte.  A message changed in any of those ways
# is refused by the same checker, so it can fail.  Then PGP/MIME: a
# throw-away key in a temporary GNUPGHOME signs, gpg --verify accepts the
# signature over the signed part's exact bytes, and refuses it when one
# byte changes.  Offline; the agent is stopped at the end.
. "$(dirname "$0")/lib.sh"

HERE=$(cd "$(dirname "$0")/.." && pwd)
MAILGEN=$(dirname "$DEPEER")/mailgen
CHECK=$HERE/mailcheck.py

# mailcheck MSG EXPECT [SIGDIR]: the checker, its message on failure.
mailcheck() {
	CHECKS=$((CHECKS + 1))
	python3 "$CHECK" "$@" 2>"$T/mc.err" ||
	    fail "mailcheck $1: $(cat "$T/mc.err")"
}

# mailcheck_refuses MSG EXPECT WHAT: the checker must find WHAT.
mailcheck_refuses() {
	CHECKS=$((CHECKS + 1))
	if python3 "$CHECK" "$1" "$2" 2>"$T/mc.err"; then
		fail "mailcheck accepted $1 ($3)"
	elif ! grep -q "$3" "$T/mc.err"; then
		fail "mailcheck $1: '$(cat "$T/mc.err")' lacks '$3'"
	fi
}

# expect_status N CMD...: CMD (not depeer) exits with N.
expect_status() {
	_want=$1
	shift
	run "$@"
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq "$_want" ] || fail "exit $RC, not $_want: $*"
}

# tamper IN OUT PYEXPR: OUT is IN's bytes b changed by PYEXPR.
tamper() {
	python3 -c "
import sys
b = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write($3)" "$1" "$2"
}

if [ ! -x "$MAILGEN" ]; then
	fail "no $MAILGEN: 'make' builds it with the tests"
	finish
fi

step "unsigned samples pass the strict parser"
M=$T/m
mkdir -p "$M"
expect_code 0 "$MAILGEN" "$M"
mailcheck "$M/plain.eml" "$M/plain.json"
mailcheck "$M/intl.eml" "$M/intl.json"
CHECKS=$((CHECKS + 1))
grep -q "filename\*=UTF-8''whois-AS64500-d%C3%BCsseldorf.txt" \
    "$M/intl.eml" || fail "the file name is not RFC 2231 UTF-8"

step "the checker refuses what is wrong"
tamper "$M/intl.eml" "$T/bad.eml" "b.replace(b'\r\nDate:', b'\nDate:', 1)"
mailcheck_refuses "$T/bad.eml" "$M/intl.json" "bare CR or LF"
tamper "$M/intl.eml" "$T/bad.eml" \
    "b.replace(b'\r\nDate:', b'\r\nSubject: again\r\nDate:', 1)"
mailcheck_refuses "$T/bad.eml" "$M/intl.json" "count of subject"
tamper "$M/intl.eml" "$T/bad.eml" \
    "b.replace(b'\r\nDate:', b'\r\nX-Note: caf\xc3\xa9\r\nDate:', 1)"
mailcheck_refuses "$T/bad.eml" "$M/intl.json" "8-bit byte in the header"
tamper "$M/intl.eml" "$T/bad.eml" "b.replace(b'Beschwerde', b'Beschwerdx', 1)"
mailcheck_refuses "$T/bad.eml" "$M/intl.json" "Subject"
tamper "$M/intl.eml" "$T/bad.eml" \
    "b.replace(b'aWQsa2luZCxp', b'aWQsa2luZCxq', 1)"
mailcheck_refuses "$T/bad.eml" "$M/intl.json" "attachment 0 sha256"
tamper "$M/intl.eml" "$T/bad.eml" "b.replace(b'K=C3=B6ln', b'K=C3=B7ln', 1)"
mailcheck_refuses "$T/bad.eml" "$M/intl.json" "body"
tamper "$M/intl.eml" "$T/bad.eml" "b.replace(b'<jm@cert.example>', \
b'<jm@@cert.example>', 1)"
mailcheck_refuses "$T/bad.eml" "$M/intl.json" "strict parse\|From"

step "PGP/MIME: sign with a throw-away key, gpg --verify"
if ! command -v gpg >/dev/null 2>&1 || ! command -v gpgconf >/dev/null 2>&1
then
	fail "gpg is needed (make deps)"
	finish
fi
# A short path: gpg-agent's socket path has a length limit.
GNUPGHOME=$(mktemp -d /tmp/dpg.XXXXXX) || exit 2
export GNUPGHOME
chmod 700 "$GNUPGHOME"
stop_agent() {
	gpgconf --kill gpg-agent >/dev/null 2>&1
	rm -rf "$GNUPGHOME"
}
expect_code 0 gpg --batch --no-tty --passphrase '' --pinentry-mode loopback \
    --quick-gen-key 'Depeer Test <signer@cert.example>' ed25519 sign never
FPR=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null |
    awk -F: '/^fpr:/ { print $10; exit }')
CHECKS=$((CHECKS + 1))
[ -n "$FPR" ] || fail "no key made"
mkdir -p "$T/s"
expect_code 0 "$MAILGEN" "$T/s" "$FPR"
mailcheck "$T/s/signed.eml" "$T/s/signed.json" "$T/s"
expect_code 0 gpg --batch --no-tty --status-fd 1 --verify "$T/s/sig.asc" \
    "$T/s/signed.bin"
expect_out "[GNUPG:] GOODSIG"
expect_out "[GNUPG:] VALIDSIG $FPR"
# The same by the key's email address.
rm -rf "$T/s2" && mkdir -p "$T/s2"
expect_code 0 "$MAILGEN" "$T/s2" signer@cert.example
mailcheck "$T/s2/signed.eml" "$T/s2/signed.json" "$T/s2"
expect_code 0 gpg --batch --no-tty --verify "$T/s2/sig.asc" "$T/s2/signed.bin"
# One byte changed in what was signed: the signature fails.
tamper "$T/s/signed.bin" "$T/s/changed.bin" \
    "b.replace(b'Evidence rows 1-3', b'Evidence rows 1-4', 1)"
expect_status 1 gpg --batch --no-tty --status-fd 1 --verify "$T/s/sig.asc" \
    "$T/s/changed.bin"
expect_out "[GNUPG:] BADSIG"
# A key that is not there: mailgen (mail_build) refuses, names it.
rm -rf "$T/s3" && mkdir -p "$T/s3"
expect_status 1 "$MAILGEN" "$T/s3" nobody@cert.example
expect_err "cannot sign with the key 'nobody@cert.example'"
expect_err "gpg --list-secret-keys"
CHECKS=$((CHECKS + 1))
[ ! -e "$T/s3/signed.eml" ] || fail "a message was written without a key"
stop_agent

finish
