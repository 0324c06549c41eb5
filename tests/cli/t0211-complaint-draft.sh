#!/bin/sh
# complaint draft end to end against the loopback registries: the abuse
# address of an upstream from the stored answers, the message parsed back
# strictly and held to the case (tests/complaintcheck.py: evidence.csv
# equal to the evidence rows, the attached answers equal to "source
# show"), the case tag, the deadline, XARF reports that validate, the
# stored bytes exported and edited; list, show and rm of the drafts.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS DEPEER_NOW

# check_complaint ID [KIND]: the stored message and the case agree
# (tests/complaintcheck.py); the rows selected are the provider's, of
# KIND when given.
check_complaint() {
	_d=$T/c$1
	rm -rf "$_d"
	mkdir -p "$_d"
	dp complaint show "$1" --raw >"$_d/msg.eml"
	dp complaint show "$1" --json >"$_d/show.json"
	if [ -n "${2:-}" ]; then
		dp evidence list --provider McColo --kind "$2" --json
	else
		dp evidence list --provider McColo --json
	fi >"$_d/evidence.json"
	for _s in $(json_get "' '.join(map(str, d['sources']))" "$_d/show.json"); do
		dp source show "$_s" >"$_d/source-$_s.bin"
	done
	printf '%s' "$FROM_JSON" >"$_d/from.json"
	CHECKS=$((CHECKS + 1))
	python3 "$TOP/tests/complaintcheck.py" "$_d" 2>"$T/cc.err" ||
	    fail "complaint $1: $(cat "$T/cc.err")"
}

dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-10T21:23:00Z --family Srizbi --source honeypot \
    >/dev/null 2>&1
dp evidence add --provider McColo --kind malware-host \
    --indicator 'http://mccolo-bad.example/x.exe' \
    --observed 2008-11-09T08:00:00Z --family 'Rustock, "v2"' >/dev/null 2>&1
dp evidence add --provider McColo --kind spam-source \
    --indicator 208.66.195.7 --observed 2008-11-08T10:00:00Z >/dev/null 2>&1
expect_code 0 dp upstreams McColo
expect_sql "SELECT count(*) FROM evidence" 3

step "no sender identity: refused, nothing stored"
db_snap
expect_code 78 dp complaint draft --provider McColo --upstream 3549
expect_err "no sender identity: run depeer config set from 'Your Name <you@example.org>'"
expect_db_unchanged
expect_code 0 dp config set from 'Ann Analyst <ann@cert.example>'
FROM_JSON='["Ann Analyst", "ann@cert.example"]'

step "a complaint to an upstream's abuse desk"
expect_code 0 dp complaint draft --provider McColo --upstream 3549 \
    --template "$TPL/plain.mustache"
expect_out "drafted complaint 1 for McColo"
expect_out "to:       abuse@gblx.example"
expect_out "AS3549"
expect_out "subject:  Abuse from McColo (AS26780) [depeer #1]"
expect_out "review it: depeer complaint show 1"
# show: the text as the desk reads it, decoded, and the attachments
expect_code 0 dp complaint show 1
expect_out "attached:   evidence.csv (text/csv, "
expect_out "To the abuse team of abuse@gblx.example,"
expect_no_out "=3D"
expect_code 0 dp complaint show 1 --json
json_check "
eq(d['attachments'][0]['name'], 'evidence.csv')
eq(d['attachments'][0]['content_type'], 'text/csv')
assert d['attachments'][0]['size'] > 100, d
assert 'To the abuse team' in d['text'] and '\\r' not in d['text'], d['text']
eq(d['signed'], False)"
check_complaint 1
json_check "
eq(d['attachments'][0], 'evidence.csv')
assert len(d['attachments']) >= 2, d['attachments']
b = d['body']
# Indicators defanged in the text; the case tag and deadline in it.
assert '208.66.194[.]22' in b, b
assert '208.66.194.22' not in b, b
assert 'hxxp://' in b and 'http://mccolo-bad' not in b, b
assert 'Please answer by 2008-11-16 (5 days).' in b, b
assert 'Ann Analyst <ann@cert.example>' in b, b" "$T/c1/summary.json"
expect_code 0 dp complaint show 1 --json
json_check "
eq(d['id'], 1); eq(d['provider'], 'McColo'); eq(d['upstream_asn'], 3549)
eq(d['to'], ['abuse@gblx.example']); eq(d['cc'], [])
eq(d['state'], 'draft'); eq(d['version'], 1)
eq(d['created_at'], '2008-11-11T12:00:00Z')
eq(d['due_at'], '2008-11-16T12:00:00Z')
eq(d['stale'], False); eq(d['retracted_evidence'], [])
assert d['message_id'].endswith('@cert.example'), d['message_id']
assert len(d['sources']) >= 1, d"
expect_code 0 dp verify
expect_out "intact"
expect_sql "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1" "complaint.draft"

step "the stored bytes: show --raw, export --eml, --mbox"
dp complaint show 1 --raw >"$T/raw.eml"
expect_sql "SELECT hex(message) FROM complaint_messages WHERE complaint_id = 1" \
    "$(od -An -tx1 -v "$T/raw.eml" | tr -d ' \n' | tr a-f A-F)"
expect_code 0 dp complaint export 1 --eml "$T/out.eml"
CHECKS=$((CHECKS + 1))
cmp -s "$T/raw.eml" "$T/out.eml" || fail "export --eml differs from show --raw"
expect_code 73 dp complaint export 1 --eml "$T/out.eml"
expect_code 0 dp complaint export 1 --eml "$T/out.eml" --force
expect_code 0 dp complaint export 1 --mbox "$T/out.mbox"
CHECKS=$((CHECKS + 1))
head -n 1 "$T/out.mbox" | grep -qx 'From ann@cert.example Tue Nov 11 12:00:00 2008' ||
    fail "mbox From line: $(head -n 1 "$T/out.mbox")"
CHECKS=$((CHECKS + 1))
python3 - "$T/out.mbox" "$T/raw.eml" <<'EOF' || fail "the mbox message differs"
import mailbox, sys
msgs = list(mailbox.mbox(sys.argv[1]))
assert len(msgs) == 1, len(msgs)
got = msgs[0].as_bytes().replace(b'\r\n', b'\n')
want = open(sys.argv[2], 'rb').read().replace(b'\r\n', b'\n')
assert msgs[0]['Message-ID'] and want.startswith(b'From: ') or b'\nFrom: ' in want
assert msgs[0]['Subject'] is not None
EOF

step "all or nothing: one AS without an address stops every complaint"
db_snap
expect_code 66 dp complaint draft --provider McColo --upstream 3549 \
    --upstream 64999 --template "$TPL/plain.mustache"
expect_err "AS64999"
expect_db_unchanged

step "the case tag placed by the template; several ASes, several addresses"
expect_code 0 dp complaint draft --provider McColo --upstream 3549 \
    --upstream AS6939 --template "$TPL/tagged.mustache" --json
json_check "
eq(len(d), 2)
eq([c['to'] for c in d], [['abuse@gblx.example'], ['abuse@he.example']])
eq([c['subject'] for c in d], ['[depeer #2] Abuse report: McColo',
    '[depeer #3] Abuse report: McColo'])
eq([c['upstream_asn'] for c in d], [3549, 6939])
eq(d[0]['due_at'], None)"
check_complaint 2
check_complaint 3

step "--to, --cc, --kind, --xarf"
expect_code 0 dp complaint draft --provider McColo --to noc@transit.example \
    --cc abuse@cert.example --kind c2 --kind malware-host --xarf \
    --template "$TPL/plain.mustache"
expect_out "drafted complaint 4"
expect_out "(as given with --to)"
expect_out "2 XARF reports"
expect_code 0 dp complaint show 4 --json
json_check "eq(d['to'], ['noc@transit.example']); eq(d['cc'], ['abuse@cert.example'])
eq(d['upstream_asn'], None)"
dp evidence list --provider McColo --json >"$T/all.json"
_d=$T/c4
mkdir -p "$_d"
dp complaint show 4 --raw >"$_d/msg.eml"
dp complaint show 4 --json >"$_d/show.json"
python3 - "$T/all.json" "$_d/evidence.json" <<'EOF'
import json, sys
rows = [r for r in json.load(open(sys.argv[1])) if r['kind'] in ('c2', 'malware-host')]
json.dump(rows, open(sys.argv[2], 'w'))
EOF
printf '%s' "$FROM_JSON" >"$_d/from.json"
CHECKS=$((CHECKS + 1))
python3 "$TOP/tests/complaintcheck.py" "$_d" 2>"$T/cc.err" ||
    fail "complaint 4: $(cat "$T/cc.err")"
json_check "eq(sorted(d['xarf']), ['xarf-1.json', 'xarf-2.json'])" "$_d/summary.json"
CHECKS=$((CHECKS + 1))
"$PYTHON" "$TOP/tests/xarfcheck.py" "$TOP/tests/xarf-v4" "$_d"/xarf-*.json \
    >"$T/xc.out" 2>&1 || fail "XARF reports do not validate: $(cat "$T/xc.out")"

step "list"
expect_code 0 dp complaint list
expect_out_re "^ID +PROVIDER +STATE +TO"
expect_out "abuse@he.example"
expect_out "noc@transit.example"
expect_code 0 dp complaint list --provider McColo --state draft --json
json_check "eq([c['id'] for c in d], [1, 2, 3, 4])
eq(sorted(d[0]), sorted(['id', 'provider', 'provider_id', 'upstream_asn', 'to',
    'cc', 'template', 'subject', 'message_id', 'state', 'due_at', 'created_at',
    'updated_at', 'version', 'sha256', 'size']))"
expect_code 0 dp complaint list --state sent --json
json_check "eq(d, [])"

step "edit: a new version, the old one kept"
cat >"$T/ed.sh" <<'EOF'
#!/bin/sh
# Append a line to the body; with SUBJ, change the subject too.
printf 'Added by the reviewer.\n' >>"$1"
[ -z "${SUBJ:-}" ] || sed -i "s/^Subject: .*/Subject: $SUBJ/" "$1"
EOF
chmod +x "$T/ed.sh"
old_sha=$(json_get "d['sha256']" "$T/c1/show.json")
VISUAL=
export VISUAL
EDITOR=$T/ed.sh SUBJ='Reviewed [depeer #1]'
export EDITOR SUBJ
expect_code 0 dp complaint edit 1
unset SUBJ
expect_err "stored version 2 of complaint 1"
expect_code 0 dp complaint show 1 --json
json_check "eq(d['version'], 2); eq(d['subject'], 'Reviewed [depeer #1]')
assert d['sha256'] != '$old_sha'"
dp complaint show 1 --raw >"$T/v2.eml"
CHECKS=$((CHECKS + 1))
grep -q 'Added by the reviewer.' "$T/v2.eml" || fail "the edit is not stored"
expect_sql "SELECT group_concat(sha256, ' ') FROM (SELECT sha256 FROM
    complaint_messages WHERE complaint_id = 1 ORDER BY version)" \
    "$old_sha $(json_get "d['sha256']" "$T/out")"
expect_code 0 dp verify
expect_out "intact"
db_snap
EDITOR=true; expect_code 0 dp complaint edit 1
expect_err "no change"
expect_db_unchanged
# A changed Message-ID is refused and the edit kept for another try.
cat >"$T/ed-mid.sh" <<'EOF'
#!/bin/sh
sed -i 's/^Message-I[Dd]: .*/Message-ID: <other@cert.example>/' "$1"
EOF
chmod +x "$T/ed-mid.sh"
EDITOR=$T/ed-mid.sh; expect_code 65 dp complaint edit 1
expect_err "the Message-ID must stay"
expect_err "your edit is kept in"
expect_db_unchanged
# A header an editor broke is refused by the message check.
cat >"$T/ed-bad.sh" <<'EOF'
#!/bin/sh
sed -i 's/^To: .*/To: not an address/' "$1"
EOF
chmod +x "$T/ed-bad.sh"
EDITOR=$T/ed-bad.sh; expect_code 65 dp complaint edit 1
expect_db_unchanged
EDITOR=false; expect_code 69 dp complaint edit 1
expect_err "the editor 'false' failed"
expect_db_unchanged
# An editor that leaves a FIFO where the copy was: refused at once,
# never a read that waits for a writer (timeout(1) bounds the old hang).
printf '#!/bin/sh\nrm -f "$1" && mkfifo "$1"\n' >"$T/ed-fifo.sh"
chmod +x "$T/ed-fifo.sh"
EDITOR=$T/ed-fifo.sh; expect_code 69 timeout 10 "$DEPEER" complaint edit 1
expect_err "is a FIFO, not a regular file"
expect_db_unchanged

step "rm: drafts only, audited, the message gone"
expect_code 0 dp complaint rm 3
expect_err "removed draft 3"
expect_sql "SELECT count(*) FROM complaint_messages WHERE complaint_id = 3" 0
expect_code 66 dp complaint show 3
expect_code 0 dp verify
expect_out "intact"
sqlq "UPDATE complaints SET state = 'sent' WHERE id = 2"
expect_code 65 dp complaint rm 2
expect_err "complaint 2 is sent: only a draft can be removed"
EDITOR=true; expect_code 65 dp complaint edit 2
expect_err "only a draft or a queued complaint can be edited"
# A complaint sent to the same address before: the new one answers it.
# The next complaint does not take the number of the one removed.
expect_code 0 dp complaint draft --provider McColo --upstream 3549 \
    --template "$TPL/plain.mustache"
expect_out "drafted complaint 5"
check_complaint 5
json_check "
b = d['body']
assert 'Our earlier notice: [depeer #2] of 2008-11-11T12:00:00Z.' in b, b
assert 'Notice [depeer #2] to abuse@gblx.example (sent)' in b, b
assert '[depeer #1]' not in b, b   # a draft was never sent" "$T/c5/summary.json"
mid2=$(sqlq "SELECT message_id FROM complaints WHERE id = 2")
CHECKS=$((CHECKS + 1))
grep -q "^In-Reply-To: <$mid2>" "$T/c5/msg.eml" ||
    fail "no In-Reply-To: <$mid2>"
CHECKS=$((CHECKS + 1))
grep -q "^References: <$mid2>" "$T/c5/msg.eml" || fail "no References"
# The built-in follow-up: in the thread, under the thread's tag alone.
subj2=$(sqlq "SELECT subject FROM complaints WHERE id = 2")
expect_code 0 dp complaint draft --provider McColo --upstream 3549 \
    --template follow-up --json
fid=$(json_get "d['id']")
json_check "eq(d['subject'], 'Re: ' + '''$subj2''')
assert d['subject'].count('[depeer #') == 1, d['subject']"
check_complaint "$fid"
json_check "
b = d['body']
assert 'under [depeer #2]' in b.replace(chr(13) + chr(10), ' '), b
assert 'ticket number.' + chr(10) * 2 + 'If nothing' in b.replace(chr(13), ''), b" "$T/c$fid/summary.json"
expect_code 0 dp complaint rm "$fid"
sqlq "UPDATE complaints SET state = 'draft' WHERE id = 2"

step "several ASes sharing one address: one complaint"
expect_code 0 dp complaint draft --provider McColo --upstream 3549 \
    --upstream 6939 --to noc@transit.example --template "$TPL/tagged.mustache"
expect_out "covers:   AS3549, AS6939 (one abuse address)"
expect_code 0 dp complaint list --json
json_check "
c = d[-1]
eq(c['to'], ['noc@transit.example']); eq(c['upstream_asn'], None)"
expect_code 0 dp complaint show "$(json_get "d[-1]['id']")" --json
json_check "assert d['sources'] and d['sources'] == sorted(set(d['sources'])), d"
check_complaint "$(json_get "d['id']")"
expect_code 0 dp complaint rm "$(json_get "d['id']" "$T/c$(json_get "d['id']")/show.json")"

step "the default template follows the AS's relation to the provider"
# User templates (the configuration folder) take the built-ins' places.
mkdir -p "$XDG_CONFIG_HOME/depeer/templates"
for n in upstream-complaint provider-abuse escalation; do
	printf '{{!\nsubject: %s {{provider.name}}\n}}\n{{relation}}\n' "$n" \
	    >"$XDG_CONFIG_HOME/depeer/templates/$n.mustache"
done
expect_code 0 dp complaint draft --provider McColo --upstream 3549 --json
json_check "eq(d['template'], 'upstream-complaint')
assert d['subject'].startswith('upstream-complaint McColo [depeer #'), d"
expect_code 0 dp contacts AS26780
expect_code 0 dp complaint draft --provider McColo --upstream 26780 --json
json_check "eq(d['template'], 'provider-abuse')
assert d['subject'].startswith('provider-abuse McColo'), d"
expect_code 0 dp complaint draft --provider McColo --to noc@transit.example --json
json_check "eq(d['template'], 'upstream-complaint')"
rm -r "$XDG_CONFIG_HOME/depeer/templates"

step "the built-in templates pass the strict parser"
for up in 3549 26780; do
	expect_code 0 dp complaint draft --provider McColo --upstream "$up" \
	    --xarf --json
	bid=$(json_get "d['id']")
	check_complaint "$bid"
	json_check "
b = d['body']
assert '[depeer #$bid]' in b, b
assert '208.66.194.22' not in b and '208.66.194[.]22' in b, b
# Paragraphs folded for a mail reader; indented blocks left whole.
for line in b.splitlines():
    assert len(line) <= 76 or line.startswith(' '), repr(line)
assert max(len(l) for l in b.splitlines()) > 60, b" \
	    "$T/c$bid/summary.json"
done

step "--print-data: the template's data, nothing stored"
db_snap
expect_code 0 dp complaint draft --provider McColo --upstream 3549 \
    --print-data
cp "$T/out" "$T/data.json"
json_check "
eq(d['recipient']['address'], 'abuse@gblx.example')
eq(d['relation'], 'upstream')
assert d['case']['tag'].startswith('[depeer #'), d['case']
eq(d['attachments'][0]['name'], 'evidence.csv')
assert '208.66.194[.]22' in d['evidence']['sample_table'], d"
expect_db_unchanged
expect_code 0 dp template render upstream-complaint --data "$T/data.json"
expect_out "a transit customer of AS3549"
expect_code 64 dp complaint draft --provider McColo --upstream 3549 \
    --print-data --json
expect_err "--print-data prints JSON already"

step "a template the case cannot fill: said plainly, nothing stored"
db_snap
expect_code 65 dp complaint draft --provider McColo --upstream 3549 \
    --template follow-up
expect_err "template 'follow-up' answers an earlier complaint to abuse@gblx.example about 'McColo', and none was sent yet"
printf '{{!\nsubject: s\n}}\nCarried by {{upstream.as}}.\n' >"$T/up.mustache"
expect_code 65 dp complaint draft --provider McColo \
    --to noc@other.example --template "$T/up.mustache"
expect_err "template 'up' is about an upstream link, and the recipient is no stored upstream of 'McColo'"
expect_db_unchanged

step "--sign: PGP/MIME with a throw-away key"
# A short path: gpg-agent's socket path has a length limit.
GNUPGHOME=$(mktemp -d /tmp/dpg.XXXXXX) || exit 2
export GNUPGHOME
chmod 700 "$GNUPGHOME"
expect_code 78 dp complaint draft --provider McColo --to noc@transit.example \
    --template "$TPL/tagged.mustache" --sign
expect_err "--sign needs a key: run depeer config set pgp_key"
expect_code 0 gpg --batch --no-tty --passphrase '' --pinentry-mode loopback \
    --quick-gen-key 'Ann Analyst <ann@cert.example>' ed25519 sign never
expect_code 0 dp config set pgp_key ann@cert.example
# plain.mustache: lines over 76 bytes, so that the body goes
# quoted-printable whether signed or not (mail.c re-encodes a signed
# message's short ASCII text as quoted-printable too, which
# tests/mailcheck.py does not expect).
expect_code 0 dp complaint draft --provider McColo --to noc@transit.example \
    --template "$TPL/plain.mustache" --sign --json
sid=$(json_get "d['id']")
_d=$T/c$sid
mkdir -p "$_d/sig"
dp complaint show "$sid" --raw >"$_d/msg.eml"
dp complaint show "$sid" --json >"$_d/show.json"
dp evidence list --provider McColo --json >"$_d/evidence.json"
for _s in $(json_get "' '.join(map(str, d['sources']))" "$_d/show.json"); do
	dp source show "$_s" >"$_d/source-$_s.bin"
done
printf '%s' "$FROM_JSON" >"$_d/from.json"
CHECKS=$((CHECKS + 1))
python3 "$TOP/tests/complaintcheck.py" "$_d" "$_d/sig" 2>"$T/cc.err" ||
    fail "signed complaint: $(cat "$T/cc.err")"
expect_code 0 gpg --batch --no-tty --status-fd 1 --verify "$_d/sig/sig.asc" \
    "$_d/sig/signed.bin"
expect_out "[GNUPG:] GOODSIG"
expect_code 0 dp config unset pgp_key
gpgconf --kill gpg-agent >/dev/null 2>&1
rm -rf "$GNUPGHOME"

step "tampering"
tamper_base
tamper "UPDATE complaint_messages SET message = CAST(replace(CAST(message AS TEXT), 'McColo', 'McCol0') AS BLOB) WHERE complaint_id = 2"
detected "complaint 2, message version 1: its bytes no longer match their SHA-256"
tamper "UPDATE complaints SET state = 'sent' WHERE id = 4"
detected "complaint 4 differs from the state audit entry"
tamper "UPDATE complaints SET to_addrs = '[\"abuse@evil.example\"]' WHERE id = 1"
detected "complaint 1 differs from the state audit entry"
tamper "UPDATE complaints SET cc_addrs = '[]' WHERE id = 4"
detected "complaint 4 differs"
tamper "DELETE FROM complaint_messages WHERE complaint_id = 1 AND version = 1"
detected "complaint 1, message version 1 recorded by audit entry"

finish
