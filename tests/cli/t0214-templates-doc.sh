#!/bin/sh
# The rendered examples of depeer-templates(5) are what the built-in
# templates write: the McColo example case is drafted with each template
# against the loopback registries under fixed dates, and the page's THE
# TEMPLATES section must equal tests/templates_doc.py's rendering of the
# messages.  With DEPEER_UPDATE_DOC=1 the section is rewritten instead.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
P="McColo Corporation"
EX=$TOP/db/examples

step "the McColo case, drafted with each template"
DEPEER_NOW=2008-11-10T12:00:00Z; export DEPEER_NOW
expect_code 0 dp provider add "$P" --asn AS26780 \
    --prefix 208.66.192.0/22 --prefix 208.72.168.0/21 --country US
expect_code 0 dp evidence import --provider "$P" "$EX/mccolo-evidence.csv"
expect_code 0 dp upstreams "$P"
expect_code 0 dp contacts AS26780
expect_code 0 dp config set from 'Ann Analyst <ann@cert.example>'
expect_code 0 dp config set organisation 'Example CERT'
expect_code 0 dp complaint draft --provider "$P" --upstream 26780
# Sending is the next issue's: the first notice is marked sent by hand.
sqlq "UPDATE complaints SET state = 'sent' WHERE id = 1"
DEPEER_NOW=2008-11-11T21:00:00Z; export DEPEER_NOW
expect_code 0 dp evidence import --provider "$P" "$EX/mccolo-more.jsonl"
expect_code 0 dp complaint follow-up 1
sqlq "UPDATE complaints SET state = 'no-response' WHERE id = 1"
expect_code 0 dp complaint draft --provider "$P" --upstream 3549
expect_code 0 dp complaint draft --provider "$P" --upstream 3549 \
    --template escalation
expect_code 0 dp complaint draft --provider "$P" \
    --to desk@newspaper.example --template media-update
for i in 1 2 3 4 5; do
	expect_code 0 dp complaint show "$i" --raw
	cp "$T/out" "$T/m$i.eml"
done

step "depeer-templates(5) shows them"
python3 "$TOP/tests/templates_doc.py" "$TOP/templates" \
    upstream-complaint="$T/m3.eml" provider-abuse="$T/m1.eml" \
    follow-up="$T/m2.eml" escalation="$T/m4.eml" \
    media-update="$T/m5.eml" >"$T/want" ||
    fail "templates_doc.py failed"
page=$TOP/man/depeer-templates.5
sed -n '/^\.Sh THE TEMPLATES$/,/^\.Sh SEE ALSO$/p' "$page" |
    sed '1d;$d' >"$T/have"
if [ "${DEPEER_UPDATE_DOC:-}" = 1 ]; then
	{
		sed -n '1,/^\.Sh THE TEMPLATES$/p' "$page"
		cat "$T/want"
		sed -n '/^\.Sh SEE ALSO$/,$p' "$page"
	} >"$T/page" && cp "$T/page" "$page"
	echo "t0214: man/depeer-templates.5 rewritten" >&2
else
	CHECKS=$((CHECKS + 1))
	diff -u "$T/have" "$T/want" >"$T/diff" ||
	    fail "man/depeer-templates.5 differs from what the templates" \
	    "write (run DEPEER_UPDATE_DOC=1 sh tests/cli/run.sh t0214):" \
	    "$(head -40 "$T/diff")"
fi

finish
