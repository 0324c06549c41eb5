#!/bin/sh
# depeer report --redact: no indicator of the case (each evidence value,
# its defanged form, the attached file's name, the researcher's address,
# an address in a note or a mail) appears anywhere in any format; each
# is a numbered placeholder, the same number in every format; AS
# numbers, organisation names, role addresses and registry hosts stay;
# without --redact they are all there (so the check can fail).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reportlib.sh"

# every form an indicator may take in a report: as stored, refanged,
# and defanged the usual ways
forms() {
	while read -r v; do
		echo "$v"
		echo "$v" | sed 's/\./[.]/g'
		echo "$v" | sed 's/\./(.)/g'
		echo "$v" | sed 's/^http/hxxp/'
		echo "$v" | sed 's/@/[@]/'
	done <"$T/indicators" | sort -u
}
forms >"$T/forms"
echo "carol@example.net" >>"$T/forms"

for f in text markdown html json; do
	step "--format $f --redact hides every indicator"
	expect_code 0 dp report McColo --format "$f" --redact
	cp "$T/out" "$T/red.$f"
	CHECKS=$((CHECKS + 1))
	if grep -F -i -f "$T/forms" "$T/out" >"$T/leak"; then
		fail "--format $f --redact shows an indicator: $(head -3 "$T/leak")"
	fi
	expect_out "[redacted ipv4 #"
	expect_out "AS26780"
	expect_out "abuse@gblx.example"
	expect_out "HURRICANE"
	expect_out "whois.radb.net"

	step "--format $f without --redact shows them (the check can fail)"
	expect_code 0 dp report McColo --format "$f"
	expect_out "208.66.194.22"
	expect_out "carol@example.net"
	expect_no_out "[redacted"
done

step "the same value, the same placeholder, in every format"
# the C2 named in the de-peering note
n=$(grep -o 'C2 at \[redacted ipv4 #[0-9]*\]' "$T/red.text" | head -1)
[ -n "$n" ] || fail "no placeholder for the C2 in the note"
for f in markdown html json; do
	CHECKS=$((CHECKS + 1))
	grep -qF "$n" "$T/red.$f" || fail "--format $f numbers it otherwise"
done
python3 - "$T/red.json" >"$T/py.out" 2>&1 <<'PY' || fail "$(cat "$T/py.out")"
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["redacted"] is True
s = json.dumps(d)
# two different addresses, two numbers
ips = set(re.findall(r"\[redacted ipv4 #\d+\]", s))
assert len(ips) >= 2, ips
assert d["provider"]["prefixes"] == ["[redacted cidr #1]"], d["provider"]
assert all(r["text"] is None for p in d["parties"] for r in p["replies"]
    if r["mail_id"] is not None), d["parties"]
PY
finish
