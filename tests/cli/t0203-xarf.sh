#!/bin/sh
# XARF v4 reports made by xarf.c (through tests/xarfgen.c) from sample
# evidence rows of every kind and indicator type validate against the
# XARF schemas (tests/xarfcheck.py: python3-jsonschema, Draft 2020-12,
# the schemas registered by $id, formats checked) and carry the SHA-256
# of their evidence; the rows no XARF type fits are skipped with their
# reason.  The checker itself accepts the spec's samples and refuses a
# report with a required field gone or a wrong hash, so it can fail.
. "$(dirname "$0")/lib.sh"

HERE=$(cd "$(dirname "$0")/.." && pwd)
XARFGEN=$(dirname "$DEPEER")/xarfgen
SCHEMAS=$HERE/xarf-v4

# xarfcheck ARGS...: the checker with site-packages (jsonschema).
xarfcheck() {
	"$PYTHON" "$HERE/xarfcheck.py" "$@"
}

if [ ! -x "$XARFGEN" ]; then
	fail "no $XARFGEN: 'make' builds it with the tests"
	finish
fi

step "the checker accepts the spec's samples"
expect_status() {
	_want=$1
	shift
	run "$@"
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq "$_want" ] ||
	    fail "exit $RC, not $_want: $* ($(cat "$T/err"))"
}
expect_status 0 xarfcheck --schema-only "$SCHEMAS" "$SCHEMAS"/samples/*.json

step "every reportable row validates"
mkdir -p "$T/x"
expect_status 0 "$XARFGEN" "$T/x"
expect_status 0 xarfcheck "$SCHEMAS" "$T"/x/*.json
CHECKS=$((CHECKS + 1))
n=$(ls "$T"/x/*.json | wc -l)
[ "$n" -eq 7 ] || fail "$n reports, not 7"
json_check "
eq(d['category'], 'infrastructure'); eq(d['type'], 'botnet')
eq(d['c2_server'], '208.66.194.22'); eq(d['malware_family'], 'Srizbi')
eq(d['evidence_source'], 'honeypot'); eq(d['timestamp'], '2008-11-11T21:23:00Z')
import base64
row = base64.b64decode(d['evidence'][0]['payload']).decode()
eq(row.split('\r\n')[1].split(',')[:4], ['1', 'c2', '208.66.194.22', 'ipv4'])
" "$T/x/01-c2.json"
json_check "eq(d['c2_server'], 'cc.evil.example')
eq(d['source_identifier'], 'http://cc.evil.example:8080/gate.php?id=1')
assert 'evidence_source' not in d" "$T/x/05-c2.json"
json_check "eq((d['category'], d['type']), ('content', 'malware'))
eq(d['url'], 'http://208.66.194.30/load/bot.exe')
eq(d['source_identifier'], '208.66.194.30')" "$T/x/06-malware-host.json"
json_check "eq((d['category'], d['type']), ('content', 'phishing'))
eq(d['evidence_source'], 'user_report')" "$T/x/07-phishing.json"

step "the rows no XARF type fits are skipped with the reason"
CHECKS=$((CHECKS + 1))
grep -q '^spam-source 208.66.195.1: .*envelope sender' "$T/x/skipped.txt" ||
    fail "spam-source not skipped: $(cat "$T/x/skipped.txt")"
CHECKS=$((CHECKS + 1))
grep -q '^scan 208.66.195.2: .*source port' "$T/x/skipped.txt" ||
    fail "scan not skipped"
CHECKS=$((CHECKS + 1))
grep -q '^other 208.66.195.3: no XARF type' "$T/x/skipped.txt" ||
    fail "other not skipped"
CHECKS=$((CHECKS + 1))
grep -q '^phishing evil.example: .*need a URL' "$T/x/skipped.txt" ||
    fail "a phishing domain not skipped"

step "the checker refuses a broken report"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); del d['compromise_evidence']
json.dump(d, open(sys.argv[2], 'w'))
d = json.load(open(sys.argv[1]))
d['evidence'][0]['hash'] = 'sha256:' + '0' * 64
json.dump(d, open(sys.argv[3], 'w'))
d = json.load(open(sys.argv[1])); d['report_id'] = 'not-a-uuid'
json.dump(d, open(sys.argv[4], 'w'))
d = json.load(open(sys.argv[5])); del d['url']
json.dump(d, open(sys.argv[6], 'w'))
" "$T/x/01-c2.json" "$T/b1.json" "$T/b2.json" "$T/b3.json" \
    "$T/x/07-phishing.json" "$T/b4.json"
expect_status 1 xarfcheck "$SCHEMAS" "$T/b1.json"
expect_err "'compromise_evidence' is a required property"
expect_status 1 xarfcheck "$SCHEMAS" "$T/b2.json"
expect_err "the hash is not that of the payload"
expect_status 1 xarfcheck "$SCHEMAS" "$T/b3.json"
expect_err "is not a 'uuid'"
expect_status 1 xarfcheck "$SCHEMAS" "$T/b4.json"
expect_err "'url' is a required property"

finish
