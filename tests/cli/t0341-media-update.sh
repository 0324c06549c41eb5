#!/bin/sh
# depeer report PROVIDER --to-media: one status update per live media
# contact of the case, drafted with the media-update template: the
# report's summary, what changed since the last update that contact was
# sent, report.html and the case bundle's SHA256SUMS attached (no
# evidence, no registry answers), redacted unless --unredacted; all
# drafts in one transaction, nothing written when refused; on the
# timeline once sent.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2008-11-10T08:00:00Z
export DEPEER_NOW
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 >/dev/null
dp provider add Atrivo --asn AS27595 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-09T21:23:00Z --family Srizbi >/dev/null 2>&1
dp evidence add --provider McColo --kind malware-host \
    --indicator http://evil-update.example/load.exe \
    --observed 2008-11-09T22:00:00Z >/dev/null 2>&1
dp evidence add --provider Atrivo --kind c2 --indicator 198.51.100.7 \
    --observed 2008-11-09T21:23:00Z >/dev/null 2>&1
expect_code 0 dp complaint draft --provider McColo --to abuse@gblx.example
DEPEER_NOW=2008-11-10T09:00:00Z expect_code 0 dp complaint status 1 sent \
    --note "sent from mutt"

step "no media contact: refused, nothing written"
db_snap
expect_code 66 dp report McColo --to-media --bundle "$T/b0"
expect_err "provider 'McColo' has no media contact: add one with depeer media add"
expect_db_unchanged
[ ! -e "$T/b0" ] || fail "a bundle was written for nobody"

expect_code 0 dp media add "Brian Krebs" krebs@example.org \
    --outlet "The Washington Post" --provider McColo
expect_code 0 dp media add "Doe, Jane" jane@news.example
expect_code 0 dp media add "Atrivo's reporter" a@news.example --provider Atrivo
expect_code 0 dp media add "Gone" gone@news.example --provider McColo
expect_code 0 dp media rm 4

step "one update per live contact of the case, and a redacted bundle"
DEPEER_NOW=2008-11-11T21:30:00Z expect_code 0 dp event add McColo \
    upstream-lost --upstream AS3549 --note "routes withdrawn via 208.66.194.22"
DEPEER_NOW=2008-11-12T10:00:00Z expect_code 0 dp report McColo --to-media \
    --bundle "$T/b1"
expect_out "wrote the case bundle, redacted, to $T/b1"
expect_out "drafted status update 2 to Brian Krebs <krebs@example.org> (The Washington Post)"
expect_out "drafted status update 3 to \"Doe, Jane\" <jane@news.example>"
expect_no_out "a@news.example"
expect_no_out "gone@news.example"
expect_sql "SELECT group_concat(template || ' ' || state || ' ' || to_addrs,
    '; ') FROM complaints WHERE id > 1" \
    'media-update draft ["krebs@example.org"]; media-update draft ["jane@news.example"]'
(cd "$T/b1" && sha256sum --quiet -c SHA256SUMS) || fail "the bundle's sums"
grep -q REDACTED "$T/b1/README.txt" || fail "the bundle is not redacted"
expect_code 0 dp complaint show 2 --raw
cp "$T/out" "$T/m2.eml"
python3 - "$T/m2.eml" "$T/b1/SHA256SUMS" <<'PY' || fail "update 2"
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
    policy=email.policy.strict)
assert m["To"] == "Brian Krebs <krebs@example.org>", m["To"]
assert m["Subject"].startswith("Status of our case on McColo (AS26780), "
    "2008-11-12 [depeer #2]"), m["Subject"]
names = [p.get_filename() for p in m.iter_attachments()]
assert names == ["report.html", "SHA256SUMS"], names
sums = [p for p in m.iter_attachments()][1].get_content()
assert sums == open(sys.argv[2]).read(), "SHA256SUMS differs"
html = [p for p in m.iter_attachments()][0].get_content()
body = m.get_body(("plain",)).get_content()
for s in (body, html, sums):
    for ind in ("208.66.194.22", "208[.]66[.]194[.]22", "evil-update",
                "load.exe"):
        assert ind not in s, ind
assert "Status report: McColo" in html
assert "is alleged to host abuse" in body, body
assert "What happened so far (times in UTC):" in body, body
assert "2008-11-10 09:00 UTC: we wrote to abuse@gblx.example" in body, body
assert "2008-11-11 21:30 UTC: AS3549 stopped carrying the provider's routes." in body, body
assert "a note was recorded" not in body
assert "The addresses of the servers involved are left out" in body, body
PY

step "the next update says what changed since the last one sent"
DEPEER_NOW=2008-11-12T11:00:00Z expect_code 0 dp complaint status 2 sent \
    --note "sent from mutt"
expect_code 0 dp timeline McColo
expect_out "status update #2 sent to krebs@example.org (The Washington Post)"
DEPEER_NOW=2008-11-15T03:00:00Z expect_code 0 dp event add McColo rehomed \
    --upstream AS1299
DEPEER_NOW=2008-11-16T10:00:00Z expect_code 0 dp --json report McColo \
    --to-media --bundle "$T/b2" --unredacted
json_check 'eq(d["bundle"], "'"$T/b2"'"); eq(d["redacted"], False)
eq([u["complaint_id"] for u in d["updates"]], [4, 5])
eq(d["updates"][0]["media"]["addr"], "krebs@example.org")'
expect_code 0 dp complaint show 4 --raw
python3 - "$T/out" <<'PY' || fail "update 4"
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
    policy=email.policy.strict)
body = m.get_body(("plain",)).get_content()
html = [p for p in m.iter_attachments()][0].get_content()
assert "since our last update of 2008-11-12" in body, body
assert "What happened since 2008-11-12 (times in UTC):" in body, body
assert "we wrote to abuse@gblx.example" not in body, body
assert "2008-11-15 03:00 UTC: the provider came back through a new upstream, AS1299." in body, body
assert "208.66.194.22" in html, "unredacted report lacks the indicator"
assert "left out" not in body
PY
# Jane had none sent: hers still lists everything
expect_code 0 dp complaint show 5
expect_out "What happened so far (times in UTC):"

step "bad input: a clear message, its status, nothing written"
mkdir "$T/full" && : >"$T/full/x"
db_snap
expect_refused 73 "$T/full" report McColo --to-media --bundle "$T/full"
expect_refused 64 "do not go with it" report McColo --to-media --format html
expect_refused 64 "do not go with it" report McColo --to-media -o "$T/x.html"
expect_refused 64 "do not go with it" report McColo --to-media --redact
expect_refused 64 "go with --to-media" report McColo --unredacted
expect_refused 64 "go with --to-media" report McColo --bundle "$T/b9"
expect_refused 66 "no provider named 'Nope'" report Nope --to-media --bundle "$T/b9"
[ ! -e "$T/b9" ] || fail "a refused update left a bundle"

step "drafting fails once the bundle is written: the bundle goes too"
dp config unset from >/dev/null
db_snap
expect_refused 78 "no sender identity" report McColo --to-media \
    --bundle "$T/b8"
[ ! -e "$T/b8" ] || fail "the bundle of updates never drafted was left"
if ls "$T" | grep -q '^b8\.tmp'; then fail "a temporary bundle folder was left"; fi
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
expect_code 0 dp verify
finish
