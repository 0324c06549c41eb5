#!/bin/sh
# depeer log and verify on an intact database: log --json fields; the hash
# chain and evidence row hashes recomputed here from their documented
# construction (src/audit.h, src/evidence.h); verify's text and JSON output
# and --expect-head.
. "$(dirname "$0")/lib.sh"

step "verify an empty database"
dp init >/dev/null
expect_code 0 dp verify --json
json_check "eq(d, {'ok': True, 'entries': 0, 'evidence_rows': 0, 'files': 0,
    'sources': 0, 'providers': 0, 'retractions': 0,
    'retirements': 0, 'merges': 0, 'complaints': 0, 'mails': 0,
    'events': 0, 'series': 0, 'media_contacts': 0, 'bgp_imports': 0,
    'prefix_tables': 0, 'head': None, 'first_bad': None})"
expect_code 0 dp log --json
json_check "eq(d, [])"

step "a mix of changes"
dp provider add McColo --asn 26780 --prefix 208.66.192.0/22 --country US >/dev/null
dp provider add Atrivo >/dev/null
printf 'kind,indicator,observed_at,note\nc2,208.66.194.20,2008-11-11T21:23:00Z,"a, b"\nscan,srizbi.example.com,,\n' >"$T/a.csv"
dp evidence import --provider McColo a.csv >/dev/null
printf 'capture\000bytes' >"$T/cap.bin"
dp evidence add --provider Atrivo --kind phishing --indicator http://bank.example/login \
    --file cap.bin --family Zeus --note "kit" >/dev/null
dp provider edit Atrivo --country RU --note "Intercage" >/dev/null
dp provider net add McColo --asn 3549 >/dev/null
dp provider net rm McColo --asn 3549 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.21 >/dev/null

step "verify: intact, with the head"
expect_code 0 dp verify
expect_out_re "^intact: 8 audit entries, 4 evidence rows, 1 file, 0 registry answers, 2 providers$"
expect_out_re "^head: [0-9a-f]{64}$"
head=$(sed -n 's/^head: //p' "$T/out")
expect_sql "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1" "$head"
expect_code 0 dp verify --json
json_check "eq(d, {'ok': True, 'entries': 8, 'evidence_rows': 4, 'files': 1,
    'sources': 0, 'providers': 2, 'retractions': 0,
    'retirements': 0, 'merges': 0, 'complaints': 0, 'mails': 0,
    'events': 0, 'series': 0, 'media_contacts': 0, 'bgp_imports': 0,
    'prefix_tables': 0, 'head': '$head', 'first_bad': None})"

step "verify --expect-head"
expect_code 0 dp verify --expect-head "$head"
first=$(sqlq "SELECT hash FROM audit_log WHERE seq = 1")
expect_code 0 dp verify --expect-head "$first"
expect_code 1 dp verify --expect-head "$(printf '%064d' 7)"
expect_err "0000000000000000000000000000000000000000000000000000000000000007"
expect_code 0 dp verify --expect-head "$(echo "$head" | tr a-f A-F)"

step "log as a table"
expect_code 0 dp log
expect_out_re "^SEQ +TIME +ACTION +SUBJECT +HASH$"
expect_out_re "^1 +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z +provider.add +provider:1 +$(echo "$first" | cut -c 1-12)$"
expect_out_re "^3 +.* evidence.import +evidence:1-2 "
expect_out_re "^4 +.* evidence.add +evidence:3 "
expect_out_re "^8 +.* evidence.add +evidence:4 +$(echo "$head" | cut -c 1-12)$"
expect_code 0 dp log --limit 3
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$T/out")" -eq 4 ] || fail "log --limit 3 printed $(wc -l <"$T/out") lines"
expect_out_re "^6 "
expect_no_out_re "^[1-5] "

step "log --json fields"
expect_code 0 dp log --json
json_check "
import re, calendar, time
eq(len(d), 8)
for i, e in enumerate(d):
    eq(list(e.keys()), ['seq', 'at', 'action', 'subject', 'payload', 'prev_hash', 'hash'])
    eq(e['seq'], i + 1)
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', e['at']), e['at']
    assert abs(calendar.timegm(time.strptime(e['at'], '%Y-%m-%dT%H:%M:%SZ')) - time.time()) < 600, e['at']
    assert isinstance(e['payload'], dict), e
    assert re.fullmatch('[0-9a-f]{64}', e['hash']), e
    eq(e['prev_hash'], d[i - 1]['hash'] if i else '0' * 64, 'prev_hash of %d' % e['seq'])
eq([e['action'] for e in d], ['provider.add', 'provider.add', 'evidence.import',
    'evidence.add', 'provider.edit', 'provider.net.add', 'provider.net.rm', 'evidence.add'])
eq(d[-1]['hash'], '$head')
eq(d[2]['payload']['rows'], 2)
eq(d[3]['payload']['files'], ['$(sha256sum cap.bin | cut -d ' ' -f 1)'])
eq(d[4]['payload']['state']['country'], 'RU')"

step "the audit chain, recomputed"
CHECKS=$((CHECKS + 1))
python3 - "$DB" <<'EOF' || fail "the stored hashes do not follow src/audit.h and src/evidence.h"
import hashlib, sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
prev = '0' * 64
for seq, at, action, subject, payload, prev_hash, h in db.execute(
        'SELECT seq, at, action, subject, payload, prev_hash, hash FROM audit_log ORDER BY seq'):
    ph = hashlib.sha256(payload.encode()).hexdigest()
    text = 'depeer-audit-v1\n%d\n%d\n%s\n%s\n%s\n%s' % (seq, at, action, subject, ph, prev)
    want = hashlib.sha256(text.encode()).hexdigest()
    assert prev_hash == prev, (seq, 'prev_hash')
    assert h == want, (seq, 'hash', h, want)
    p = json.loads(payload)
    assert payload == json.dumps(p, separators=(',', ':'), sort_keys=True,
                                 ensure_ascii=False), (seq, 'payload not canonical')
    prev = h

def ns(v):
    if v is None:
        return b'-,'
    b = str(v).encode()
    return str(len(b)).encode() + b':' + b + b','

rows = {}
for r in db.execute('SELECT id, provider_id, kind, indicator, indicator_type, observed_at,'
                    ' family, source, note, recorded_at, audit_seq, row_hash FROM evidence ORDER BY id'):
    files = db.execute('SELECT f.pos, f.name, a.sha256, a.size FROM evidence_files f JOIN'
                       ' artifacts a ON a.id = f.artifact_id WHERE f.evidence_id = ?'
                       ' ORDER BY f.pos', (r[0],)).fetchall()
    enc = ns('depeer-evidence-v1') + b''.join(ns(v) for v in r[:10]) + ns(len(files))
    for f in files:
        enc += b''.join(ns(v) for v in f)
    assert hashlib.sha256(enc).digest() == r[11], ('row_hash', r[0])
    rows.setdefault(r[10], []).append(r[11])
for seq, payload in db.execute("SELECT seq, payload FROM audit_log WHERE action LIKE 'evidence.%'"):
    p = json.loads(payload)
    assert hashlib.sha256(b''.join(rows[seq])).hexdigest() == p['rows_sha256'], ('rows_sha256', seq)
    assert p['rows'] == len(rows[seq]), ('rows', seq)
EOF

finish
