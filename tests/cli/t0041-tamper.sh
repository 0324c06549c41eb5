#!/bin/sh
# Tampering behind depeer's back with the sqlite3 shell, each on a fresh
# copy of one case database: verify must exit 1 and name what was altered
# (evidence row, audit entry, provider, stored file); --expect-head catches
# a log whose tail was cut or rewritten.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 --prefix 208.66.192.0/22 --country US >/dev/null
dp provider add Atrivo >/dev/null
printf 'kind,indicator,note\nc2,208.66.194.20,first\nscan,208.66.194.21,second\nc2,srizbi.example.com,third\n' >"$T/a.csv"
dp evidence import --provider McColo a.csv >/dev/null
printf 'text file\n' >"$T/note.txt"
{ head -c 5000 /dev/urandom; printf '\000\000'; } >"$T/cap.bin"
dp evidence add --provider Atrivo --kind phishing --indicator http://bank.example/login \
    --file note.txt --file cap.bin >/dev/null
dp provider edit Atrivo --country RU >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 --note last >/dev/null
# seq 1-2 provider.add, 3 evidence.import (rows 1-3), 4 evidence.add (row 4,
# 2 files), 5 provider.edit, 6 evidence.add (row 5)

step "the untouched database verifies"
expect_code 0 dp verify
head=$(sed -n 's/^head: //p' "$T/out")
tamper_base

step "an evidence note changed"
tamper "UPDATE evidence SET note = 'edited' WHERE id = 2"
detected "evidence 2"

step "an evidence indicator changed"
tamper "UPDATE evidence SET indicator = '208.66.194.99' WHERE id = 1"
detected "evidence 1"

step "other evidence columns changed"
tamper "UPDATE evidence SET observed_at = 1226438580 WHERE id = 3"
detected "evidence 3"
tamper "UPDATE evidence SET provider_id = 2 WHERE id = 5"
detected "evidence 5"
tamper "UPDATE evidence SET kind = 'scan' WHERE id = 5"
detected "evidence 5"

step "an attached file renamed or unlinked"
tamper "UPDATE evidence_files SET name = 'other.txt' WHERE evidence_id = 4 AND pos = 1"
detected "evidence 4"
tamper "DELETE FROM evidence_files WHERE evidence_id = 4 AND pos = 2"
detected "evidence 4"

step "an evidence row deleted"
tamper "DELETE FROM evidence WHERE id = 2"
detected "audit entry 3"
tamper "DELETE FROM evidence WHERE id = 3"
detected "audit entry 3"
tamper "DELETE FROM evidence_files WHERE evidence_id = 4; DELETE FROM evidence WHERE id = 4"
detected "audit entry 4"
tamper "DELETE FROM evidence WHERE id = 5"
detected "audit entry 6"

step "an evidence row inserted by hand"
tamper "INSERT INTO evidence (id, provider_id, kind, indicator, indicator_type,
    recorded_at, audit_seq, row_hash) SELECT 99, 1, 'c2', '6.6.6.6', 'ipv4',
    recorded_at, audit_seq, row_hash FROM evidence WHERE id = 1"
detected "evidence 99"

step "an evidence row inserted with a correct row hash"
db_copy "$T/base.db" "$W"
python3 - "$W" <<'EOF' || fail "could not forge a row"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def ns(v):
    if v is None:
        return b'-,'
    b = str(v).encode()
    return str(len(b)).encode() + b':' + b + b','
rec_at, seq = db.execute('SELECT recorded_at, audit_seq FROM evidence WHERE id = 3').fetchone()
row = (6, 1, 'c2', '6.6.6.6', 'ipv4', None, None, None, 'forged', rec_at)
h = hashlib.sha256(ns('depeer-evidence-v1') + b''.join(ns(v) for v in row) + ns(0)).digest()
db.execute('INSERT INTO evidence (id, provider_id, kind, indicator, indicator_type,'
           ' observed_at, family, source, note, recorded_at, audit_seq, row_hash)'
           ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', row + (seq, h))
db.commit()
EOF
detected "evidence 6"

step "an audit payload changed"
tamper "UPDATE audit_log SET payload = replace(payload, '\"US\"', '\"DE\"') WHERE seq = 1"
detected "audit entry 1"
tamper "UPDATE audit_log SET at = at - 86400 WHERE seq = 3"
detected "audit entry 3"

step "an audit payload changed and its own hash recomputed"
db_copy "$T/base.db" "$W"
python3 - "$W" <<'EOF' || fail "could not rewrite entry 2"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
seq, at, action, subject, payload, prev = db.execute(
    'SELECT seq, at, action, subject, payload, prev_hash FROM audit_log WHERE seq = 2').fetchone()
payload = payload.replace('"Atrivo"', '"Atrivo Inc"')
ph = hashlib.sha256(payload.encode()).hexdigest()
h = hashlib.sha256(('depeer-audit-v1\n%d\n%d\n%s\n%s\n%s\n%s' % (
    seq, at, action, subject, ph, prev)).encode()).hexdigest()
db.execute('UPDATE audit_log SET payload = ?, hash = ? WHERE seq = 2', (payload, h))
db.commit()
EOF
detected "audit entry 3"

step "the last-but-one audit entry deleted"
tamper "DELETE FROM audit_log WHERE seq = (SELECT max(seq) - 1 FROM audit_log)"
detected "audit entry 6"

step "the first audit entry deleted"
tamper "DELETE FROM audit_log WHERE seq = 1"
detected "audit entry"

step "a provider changed behind depeer's back"
tamper "UPDATE providers SET country = 'DE' WHERE name = 'McColo'"
detected "provider 1" "McColo"
tamper "UPDATE providers SET name = 'Atrivo Inc' WHERE id = 2"
detected "provider 2"
tamper "DELETE FROM provider_networks WHERE asn = 26780"
detected "provider 1"
tamper "INSERT INTO provider_networks (provider_id, asn, added_at) VALUES (2, 64512, 0)"
detected "provider 2"
tamper "INSERT INTO providers (name, created_at, updated_at) VALUES ('Sneaky', 0, 0)"
detected "Sneaky"
tamper "DELETE FROM providers WHERE id = 2"
detected "provider 2"
tamper "UPDATE audit_log SET subject = 'provider:2' WHERE seq = 1"
detected "audit entry 1"

step "a stored file overwritten"
tamper "UPDATE artifact_chunks SET data = zeroblob(length(data)) WHERE artifact_id =
    (SELECT id FROM artifacts WHERE sha256 = '$(sha256sum cap.bin | cut -d ' ' -f 1)')"
detected "stored file" "$(sha256sum cap.bin | cut -d ' ' -f 1)"
tamper "UPDATE artifact_chunks SET data = CAST('edited' AS BLOB) WHERE artifact_id =
    (SELECT id FROM artifacts WHERE sha256 = '$(sha256sum note.txt | cut -d ' ' -f 1)')"
detected "stored file"
# the size is part of the row hash too, so either may be named first
tamper "UPDATE artifacts SET size = size + 1 WHERE sha256 = '$(sha256sum note.txt | cut -d ' ' -f 1)'"
detected "verify failed"
expect_err_re "stored file|evidence 4"

step "verify --json on a tampered database"
tamper "UPDATE evidence SET note = 'edited' WHERE id = 2"
expect_code 1 dp --db "$W" verify --json
json_check "eq(d['ok'], False); eq(d['head'], None)
assert 'evidence 2' in d['first_bad'], d['first_bad']"

step "verify changes nothing"
sqlite3 -batch "$W" .dump >"$T/w.before"
dp --db "$W" verify >/dev/null 2>&1
sqlite3 -batch "$W" .dump >"$T/w.after"
CHECKS=$((CHECKS + 1))
cmp -s "$T/w.before" "$T/w.after" || fail "verify changed the database"

step "--expect-head after the tail was cut"
tamper "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"
expect_code 1 dp --db "$W" verify --expect-head "$head"
# The cut removed both the entry and the row it recorded: only the
# remembered head can show that something is gone.
tamper "DELETE FROM evidence WHERE id = 5; DELETE FROM audit_log WHERE seq = 6"
expect_code 0 dp --db "$W" verify
expect_code 1 dp --db "$W" verify --expect-head "$head"
expect_err "$head"
expect_code 1 dp --db "$W" verify --expect-head "$head" --json
json_check "eq(d['ok'], False)"

step "--expect-head after the whole chain was rewritten"
db_copy "$T/base.db" "$W"
python3 - "$W" <<'EOF' || fail "could not rewrite the chain"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
prev = '0' * 64
for seq, at, action, subject, payload in db.execute(
        'SELECT seq, at, action, subject, payload FROM audit_log ORDER BY seq').fetchall():
    at -= 3600
    ph = hashlib.sha256(payload.encode()).hexdigest()
    h = hashlib.sha256(('depeer-audit-v1\n%d\n%d\n%s\n%s\n%s\n%s' % (
        seq, at, action, subject, ph, prev)).encode()).hexdigest()
    db.execute('UPDATE audit_log SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?',
               (at, prev, h, seq))
    prev = h
# The times copied from the entries move with them (verify compares them).
for t, c in (('providers', 'updated_at'), ('provider_networks', 'added_at'),
             ('artifacts', 'stored_at')):
    db.execute('UPDATE %s SET %s = %s - 3600' % (t, c, c))
db.commit()
EOF
expect_code 1 dp --db "$W" verify --expect-head "$head"
expect_err "$head"

finish
