#!/bin/sh
# --json evidence list writes each row straight from the typed record; its
# bytes must be exactly what jansson made of the same record (here: the
# one-record "evidence show --json", re-indented into the array) for rows
# with quotes, backslashes, newlines, tabs, carriage returns, non-ASCII,
# absent fields, attached files with odd names, retractions and a huge id.
. "$(dirname "$0")/lib.sh"

dp provider add 'Prov "Q" \ Ünïcødé' >/dev/null
printf 'x' >"$T/a \"quoted\" \\ name.pcap"
printf 'yy' >"$T/ünï.txt"
dp evidence add --provider 1 --kind c2 --indicator 208.66.194.20 \
    --family 'Sr\izbi "v2"' --source 'sink/hole' \
    --note "$(printf 'line one\nline\ttwo\r\n"three" \\ é 中 😀 \342\200\250')" \
    --file "$T/a \"quoted\" \\ name.pcap" --file "$T/ünï.txt" >/dev/null
dp evidence add --provider 1 --kind scan --indicator 'HXXP://Ex.COM/a?b="c"&d=\e' >/dev/null
dp evidence add --provider 1 --kind other --indicator 2001:db8::1 \
    --observed-at 1970-01-01T00:00:00Z >/dev/null
dp evidence retract 2 --reason "$(printf 'typo:\n"wrong" \\ host\tagain')" >/dev/null
# A huge id, as a database copied from elsewhere may hold (not verifiable:
# only listing is tested here).
sqlq "INSERT INTO evidence SELECT 9223372036854775807, provider_id, kind,
    indicator, indicator_type, observed_at, family, source, 'big', recorded_at,
    audit_seq, row_hash FROM evidence WHERE id = 3"

# want.json: the array as jansson printed each record (show --json).
step "list --all is byte for byte jansson's output"
for id in 1 2 3 9223372036854775807; do
	dp --json evidence show "$id" >"$T/show-$id.json" || fail "show $id failed"
done
"$PYTHON" -S - "$T" >"$T/want.json" <<'PY' || fail "building want.json failed"
import sys
t = sys.argv[1]
out = sys.stdout.buffer
for n, i in enumerate(['1', '2', '3', '9223372036854775807']):
    one = open(f'{t}/show-{i}.json', 'rb').read()
    assert one.endswith(b'\n')
    out.write(b'[\n  ' if n == 0 else b',\n  ')
    out.write(one[:-1].replace(b'\n', b'\n  '))
out.write(b'\n]\n')
PY
expect_code 0 dp --json evidence list --all
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" "$T/want.json" || {
	fail "list --json differs from jansson's records"
	diff "$T/want.json" "$T/out" | head -20 >&2
}
json_check "eq([r['id'] for r in d], [1, 2, 3, 9223372036854775807])
eq(d[0]['files'][0]['name'], 'a \"quoted\" \\\\ name.pcap')
eq(d[0]['note'], 'line one\nline\ttwo\r\n\"three\" \\\\ é 中 😀 \u2028')
eq(d[1]['retracted']['reason'], 'typo:\n\"wrong\" \\\\ host\tagain')
eq(d[2]['observed_at'], '1970-01-01T00:00:00Z')"

step "the default list leaves the retracted row out, same bytes otherwise"
expect_code 0 dp --json evidence list
json_check "eq([r['id'] for r in d], [1, 3, 9223372036854775807])"

step "empty listings"
expect_code 0 dp --json evidence list --kind phishing
CHECKS=$((CHECKS + 1))
[ "$(cat "$T/out")" = "[]" ] || fail "empty list is not []"

step "invalid UTF-8 behind depeer's back: U+FFFD, the key kept"
sqlq "UPDATE evidence SET note = CAST(X'6261640aff20e282' AS TEXT)
    WHERE id = 3"
expect_code 0 dp --json evidence list
json_check "eq(d[1]['note'], 'bad\n\ufffd \ufffd\ufffd')"

finish
