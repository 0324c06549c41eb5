#!/bin/sh
# export bundle and verify --bundle: the case bundle a journalist checks
# without depeer (sha256sum -c SHA256SUMS, python3 check-audit.py) and its
# owner checks against the database; records, messages and the audit
# entries byte for byte as stored; the database moving on after the head
# is fine; the entries about journalists withheld but still chained;
# each kind of tampering found (a changed byte, a changed file
# with SHA256SUMS recomputed, a file added, a file removed, an audit line
# edited, an IODEF v1 document in place of the v2 one); --redact leaves
# the indicators out; bad input refused and a failed export leaves
# nothing behind.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/exportlib.sh"

B=$T/bundle

# sums DIR: whether 'sha256sum -c' passes inside DIR
sums() {
	(cd "$1" && sha256sum --quiet -c SHA256SUMS) >"$T/sums.out" 2>&1
}
# resum DIR: SHA256SUMS recomputed over every other file, as a forger would
resum() {
	(cd "$1" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' |
	    LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
}
# copy NAME: a fresh copy of the bundle to tamper with, in $W
copy() {
	W=$T/$1
	rm -rf "$W"
	cp -R "$B" "$W"
}
# found TEXT: verify --bundle $W exits 1 naming TEXT
found() {
	expect_code 1 dp verify --bundle "$W"
	expect_err "bundle check failed"
	expect_err "$1"
	expect_no_out "intact"
}

# a draft, edited after the bundle is written
expect_code 0 dp complaint draft --provider McColo --upstream 6939
# the same file attached to a second row: one copy in attachments/
expect_code 0 dp evidence add --provider McColo --kind scan \
    --indicator 208.66.194.23 --file "$T/capture one.pcap"

step "the bundle is written and checks out without depeer"
DEPEER_NOW=2008-11-12T00:00:00Z expect_code 0 dp export bundle McColo \
    -o "$B"
expect_out "wrote the bundle to $B"
(cd "$B" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$T/files"
cat >"$T/want" <<'LIST'
HEAD
README.txt
SHA256SUMS
attachments/fe16a609e65c00c22be12b61e2850e1c069b84a0081bf5d678709aaa20b08305-capture_one.pcap
audit.jsonl
check-audit.py
complaints/1.eml
complaints/3.eml
evidence.csv
iodef.xml
mails/1.eml
report.html
report.json
report.md
report.txt
LIST
# the answers behind the links (RIPEstat, the IRR, Team Cymru) and the
# ARIN answer the complaint cites for AS3549's abuse address; their ids
# follow the order the answers came in
sqlq "SELECT 'records/' || id || '-' || protocol || '-' ||
    replace(server, ':', '_') ||
    CASE protocol WHEN 'ripestat' THEN '.json' ELSE '.txt' END
    FROM sources WHERE protocol IN ('ripestat', 'irr', 'cymru')
    OR (protocol = 'whois' AND query IN ('a 3549', 'a 6939'))" >>"$T/want"
echo records/index.csv >>"$T/want"
LC_ALL=C sort -o "$T/want" "$T/want"
diff "$T/want" "$T/files" >"$T/diff" || { fail "the bundle's files"; _show diff "$T/diff"; }
sums "$B" || { fail "sha256sum -c fails on a fresh bundle"; _show out "$T/sums.out"; }
[ "$(wc -l <"$B/SHA256SUMS")" -eq $(($(wc -l <"$T/files") - 1)) ] ||
    fail "SHA256SUMS does not list every other file"
run python3 "$B/check-audit.py"
CHECKS=$((CHECKS + 1))
[ "$RC" -eq 0 ] || { fail "check-audit.py fails on a fresh bundle"; _show err "$T/err"; }
expect_out "audit chain intact"
expect_code 0 dp verify --bundle "$B"
expect_out "bundle intact: 20 files match SHA256SUMS; 5 registry answers, 2 complaints, 1 mail and"
expect_no_out "moved on"

step "records, messages and audit entries as stored"
for f in "$B"/records/[0-9]*; do
	id=$(basename "$f" | cut -d- -f1)
	sqlq "SELECT writefile('$T/src', content) FROM sources WHERE id = $id" >/dev/null
	cmp -s "$f" "$T/src" || fail "$f is not source $id as stored"
done
expect_code 0 dp complaint show 1 --raw
cmp -s "$T/out" "$B/complaints/1.eml" || fail "complaints/1.eml is not the stored message"
sqlq "SELECT writefile('$T/mail', message) FROM mails WHERE id = 1" >/dev/null
cmp -s "$T/mail" "$B/mails/1.eml" || fail "mails/1.eml is not the stored mail"
expect_code 0 dp --json log
cp "$T/out" "$T/log.json"
json_check '
import json
log = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open("'"$B"'/audit.jsonl")]
eq(len(lines), len(log))
import hashlib
for a, b in zip(lines, log):
    if a.get("withheld"):
        # the payload left out, its hash kept
        eq(a.pop("payload"), None)
        a.pop("withheld")
        ph = a.pop("payload_sha256")
        assert len(ph) == 64, ph
        b = dict(b)
        b.pop("payload")
        eq(a, b)
        continue
    pt = a.pop("payload_text")
    eq(json.loads(pt), b["payload"])
    eq(a, b)
head = open("'"$B"'/HEAD").read()
eq(head, "%d %s\n" % (log[-1]["seq"], log[-1]["hash"]))' "$T/log.json"
# the journalist's contact, the update and its entries stay out (but
# depeer report, which the bundle carries as it is, lists the status
# updates with their address unless --redact: see depeer-export(1))
grep -rqi --exclude='report.*' -e newspaper -e 'Jo Reporter' "$B" &&
    fail "the bundle names the journalist who follows the case"
[ "$(grep -c '"withheld":true' "$B/audit.jsonl")" -eq 3 ] ||
    fail "media.add, complaint.draft and complaint.status of the update are not withheld"
grep -q "^Audit chain head: $(cut -d' ' -f1,2 "$B/HEAD")$" "$B/README.txt" ||
    fail "README.txt does not give the head"
run python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [r["evidence_id"] for r in rows] == ["1", "2", "3", "4", "5"], rows
assert rows[0]["files"].startswith("attachments/"), rows[0]
assert rows[4]["files"] == rows[0]["files"], rows[4]' "$B/evidence.csv"
CHECKS=$((CHECKS + 1))
[ "$RC" -eq 0 ] || { fail "evidence.csv rows and files"; _show err "$T/err"; }
head -n 2 "$B/evidence.csv" | grep -q '^1,2008-11-10T10:00:00Z,c2,208.66.194.22,ipv4,Srizbi,,"a <note> & ""quotes""",' ||
    fail "evidence.csv row 1"

step "the database moving on after the head is fine"
expect_code 0 dp event add McColo de-peered --at 2008-11-11T22:00:00Z
printf '#!/bin/sh\nprintf "Added later.\\n" >>"$1"\n' >"$T/ed.sh"
chmod +x "$T/ed.sh"
VISUAL= EDITOR=$T/ed.sh expect_code 0 dp complaint edit 3
expect_err "stored version 2 of complaint 3"
expect_code 0 dp provider edit McColo --name 'McColo Corp'
expect_code 0 dp verify --bundle "$B"
expect_out "the database has moved on: 3 entries after the bundle's head"
expect_code 0 dp --json verify --bundle "$B"
json_check 'eq(d["ok"], True); eq(d["later"], 3); eq(d["first_bad"], None)
eq(d["complaints"], 2); eq(d["mails"], 1); eq(d["records"], 5)'
expect_code 0 dp provider edit 'McColo Corp' --name McColo

REC=$(cd "$B" && ls records/*-irr-*)
step "tampered: a changed byte in a record"
copy t1
printf 'X' | dd of="$W/$REC" bs=1 seek=3 conv=notrunc 2>/dev/null
sums "$W" && fail "sha256sum -c passed a changed record"
found "$REC does not match its SHA-256 in SHA256SUMS"

step "tampered: a changed record, SHA256SUMS recomputed"
copy t2
printf 'remarks: added later\n' >>"$W/$REC"
resum "$W"
sums "$W" || fail "the forger's SHA256SUMS should pass sha256sum -c"
found "$REC differs from the registry answer the database holds"

step "tampered: a file added"
copy t3
echo "more proof" >"$W/records/99-whois-whois.example.txt"
found "records/99-whois-whois.example.txt is not listed in SHA256SUMS"
resum "$W"
found "records/99-whois-whois.example.txt is not part of this case's bundle"

step "tampered: a file removed"
copy t4
rm "$W/mails/1.eml"
found "mails/1.eml is listed in SHA256SUMS but missing"
resum "$W"
found "mails/1.eml is missing: the database holds it"

step "tampered: an audit line edited"
copy t5
sed -i '3s/"at":"2008-11-10T11:00:00Z"/"at":"2008-11-10T10:00:00Z"/' "$W/audit.jsonl"
cmp -s "$B/audit.jsonl" "$W/audit.jsonl" && fail "the edit did not take"
resum "$W"
found "audit.jsonl line 3 (entry 3, evidence.add): its hash does not match its contents"
run python3 "$W/check-audit.py"
CHECKS=$((CHECKS + 1))
[ "$RC" -ne 0 ] || fail "check-audit.py passed an edited audit line"
expect_err "entry 3: its hash does not match"

step "tampered: a complaint rewritten"
copy t6
sed -i 's/^Subject: .*/Subject: nothing to see/' "$W/complaints/1.eml"
resum "$W"
found "complaints/1.eml differs from the complaint's message the database holds"

step "tampered: a report rewritten, SHA256SUMS kept"
copy t8
sed -i 's/McColo/McCollo/' "$W/report.txt"
found "report.txt does not match its SHA-256 in SHA256SUMS"

step "tampered: an IODEF v1 document in place of the v2 one"
copy t7
cat >"$W/iodef.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<IODEF-Document version="1.00" lang="en"
    xmlns="urn:ietf:params:xml:ns:iodef-1.0"/>
XML
resum "$W"
found "iodef.xml: IODEF-Document is in namespace urn:ietf:params:xml:ns:iodef-1.0, not IODEF v2's"

step "--redact leaves the indicators out"
expect_code 0 dp export bundle McColo -o "$T/red" --redact
for f in evidence.csv attachments complaints mails iodef.xml; do
	[ ! -e "$T/red/$f" ] || fail "a redacted bundle holds $f"
done
for f in txt md html json; do
	[ -s "$T/red/report.$f" ] || fail "a redacted bundle lacks report.$f"
done
grep -q '^REDACTED: ' "$T/red/README.txt" || fail "README.txt does not say it is redacted"
for ind in 208.66.194.22 2001:db8::25 bank.example evil.example; do
	grep -rqF "$ind" "$T/red" && fail "the redacted bundle holds $ind"
done
sums "$T/red" || fail "sha256sum -c fails on a redacted bundle"
expect_code 0 dp verify --bundle "$T/red"
W=$T/red
sed -i '/^REDACTED: /d' "$W/README.txt"
resum "$W"
found "README.txt differs from what the database gives"

step "bad input: a clear message, its status, nothing written"
expect_code 66 dp export bundle Nope -o "$T/nope"
expect_err "no provider named 'Nope'"
[ ! -e "$T/nope" ] || fail "an unknown provider left a folder"
cp "$B/HEAD" "$T/head.before"
expect_code 73 dp export bundle McColo -o "$B"
expect_err "is not empty; a bundle is never written over another"
cmp -s "$B/HEAD" "$T/head.before" || fail "an earlier bundle was touched"
mkdir "$T/empty"
expect_code 0 dp export bundle McColo -o "$T/empty/"
sums "$T/empty" || fail "a bundle into an empty folder"
: >"$T/afile"
expect_code 73 dp export bundle McColo -o "$T/afile"
expect_err "is not a folder"
expect_code 73 dp export bundle McColo -o "$T/no/such/b"
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ ! -w "$T/ro" ]; then
	expect_code 73 dp export bundle McColo -o "$T/ro/b"
	[ -z "$(ls -A "$T/ro")" ] || fail "a refused bundle left something"
fi
chmod 755 "$T/ro"
expect_code 64 dp export bundle McColo
expect_err "needs -o DIR"
expect_code 64 dp export bundle
expect_code 66 dp verify --bundle "$T/nothing"
expect_err "no bundle at"
expect_code 64 dp verify --bundle "$B" --expect-head 0123456789abcdef
expect_code 66 dp --db "$T/none.db" export bundle McColo -o "$T/x"
[ ! -e "$T/none.db" ] || fail "export created a database"

step "a failure part-way leaves nothing behind"
db_copy "$DB" "$T/bad.db"
sqlq --db "$T/bad.db" "UPDATE artifact_chunks SET data = X'00'"
expect_code 65 dp --db "$T/bad.db" export bundle McColo -o "$T/half"
[ ! -e "$T/half" ] || fail "a failed export left the bundle"
ls -d "$T"/half.tmp.* >/dev/null 2>&1 && fail "a failed export left its temporary folder"
finish
