#!/bin/sh
# evidence import of valid input: CSV with a header in any column order and
# quoted fields holding commas, quotes and newlines; JSON Lines (told apart
# by content, not by name); "-" for stdin; --provider as the default and a
# provider column; --dry-run; the audit entry of an import.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 >/dev/null
dp provider add Atrivo --asn 27595 >/dev/null

step "CSV, columns in any order, quoted fields"
cat >"$T/a.csv" <<'EOF'
note,observed_at,indicator,source,kind,family
"two sensors, one sinkhole",2008-11-11T21:23:00Z,208.66.194.20,sinkhole,botnet-ctrl,Srizbi
"said ""hello""
then left",2008-11-11 16:23 -0500,Srizbi-CC.Example.com,honeypot,c2,
,,http://208.66.195.1/gate.php,,spam-source,Rustock
EOF
expect_code 0 dp evidence import --provider McColo a.csv
expect_out "imported 3 rows"
expect_out "(csv)"
expect_code 0 dp evidence list --json
json_check "
eq(len(d), 3)
eq([e['provider'] for e in d], ['McColo'] * 3)
eq(d[0]['note'], 'two sensors, one sinkhole'); eq(d[0]['family'], 'Srizbi')
eq(d[0]['kind'], 'botnet-ctrl'); eq(d[0]['observed_at'], '2008-11-11T21:23:00Z')
eq(d[1]['note'], 'said \"hello\"\nthen left')
eq(d[1]['indicator'], 'srizbi-cc.example.com'); eq(d[1]['indicator_type'], 'domain')
eq(d[1]['observed_at'], '2008-11-11T21:23:00Z'); eq(d[1]['family'], None)
eq(d[2]['indicator_type'], 'url'); eq(d[2]['note'], None)
eq(d[2]['observed_at'], None); eq(d[2]['source'], None)"

step "the import is one audit entry naming its rows"
expect_code 0 dp log --json
json_check "
e = d[-1]
eq(e['action'], 'evidence.import'); eq(e['subject'], 'evidence:1-3')
eq(e['payload']['rows'], 3); eq(e['payload']['first_id'], 1)
eq(e['payload']['last_id'], 3); eq(e['payload']['format'], 'csv')
eq(e['payload']['input'], 'a.csv')"
expect_sql "SELECT count(DISTINCT audit_seq) FROM evidence" 1

step "CSV with CRLF, a byte order mark, header case and blank lines"
printf '\357\273\277Kind , INDICATOR,Note\r\nc2,208.66.192.1,"x\r\ny"\r\n\r\nscan,208.66.192.2,\r\n' >"$T/crlf.csv"
expect_code 0 dp --json evidence import --provider McColo crlf.csv
json_check "eq(d['rows'], 2); eq(d['format'], 'csv'); eq(d['dry_run'], False)
eq(d['first_id'], 4); eq(d['last_id'], 5); assert isinstance(d['audit_seq'], int)"
expect_sql "SELECT kind || ' ' || indicator FROM evidence WHERE id IN (4, 5)
    ORDER BY id" "c2 208.66.192.1
scan 208.66.192.2"

step "JSON Lines, detected by content"
cat >"$T/rows.txt" <<'EOF'
{"kind": "c2", "indicator": "208.72.168.5", "observed_at": "2008-11-11T16:23:00-05:00", "note": "a \"quoted\"\nnote, with comma"}

{"indicator": "2001:DB8::5", "kind": "scan", "family": null, "source": "passive-dns"}
EOF
expect_code 0 dp evidence import --provider McColo rows.txt
expect_out "imported 2 rows"
expect_out "(jsonl)"
expect_code 0 dp evidence list --json
json_check "
eq(d[-2]['note'], 'a \"quoted\"\nnote, with comma')
eq(d[-2]['observed_at'], '2008-11-11T21:23:00Z')
eq(d[-1]['indicator'], '2001:db8::5'); eq(d[-1]['indicator_type'], 'ipv6')
eq(d[-1]['family'], None); eq(d[-1]['source'], 'passive-dns')"

step "a .csv name holding JSON Lines is still JSON Lines"
printf '{"kind":"other","indicator":"208.72.168.6"}\n' >"$T/really-jsonl.csv"
expect_code 0 dp --json evidence import --provider McColo really-jsonl.csv
json_check "eq(d['format'], 'jsonl'); eq(d['rows'], 1)"

step "standard input"
printf 'kind,indicator\nc2,208.72.168.7\nc2,208.72.168.8\n' >"$T/stdin.csv"
expect_code 0 dp evidence import --provider McColo - <"$T/stdin.csv"
expect_out "imported 2 rows"
expect_out "<stdin>"
printf '{"kind":"c2","indicator":"208.72.168.9"}\n' >"$T/one.jsonl"
expect_code 0 dp evidence import --provider McColo - <"$T/one.jsonl"
expect_out "(jsonl)"

step "a provider column"
cat >"$T/mixed.csv" <<'EOF'
provider,kind,indicator
McColo,c2,208.66.193.1
atrivo,c2,69.50.160.1
2,scan,69.50.160.2
EOF
expect_code 0 dp evidence import mixed.csv
expect_sql "SELECT p.name || ' ' || e.indicator FROM evidence e JOIN providers p
    ON p.id = e.provider_id WHERE e.indicator IN ('208.66.193.1', '69.50.160.1',
    '69.50.160.2') ORDER BY e.id" "McColo 208.66.193.1
Atrivo 69.50.160.1
Atrivo 69.50.160.2"
printf '{"provider":"Atrivo","kind":"c2","indicator":"69.50.160.3"}\n' >"$T/p.jsonl"
expect_code 0 dp evidence import p.jsonl
expect_sql "SELECT p.name FROM evidence e JOIN providers p ON p.id = e.provider_id
    WHERE e.indicator = '69.50.160.3'" Atrivo

step "--provider fills empty provider cells"
printf 'provider,kind,indicator\n,c2,208.66.193.2\nMcColo,c2,208.66.193.3\n' >"$T/fill.csv"
expect_code 0 dp evidence import --provider mccolo fill.csv
expect_sql "SELECT count(*) FROM evidence WHERE indicator IN ('208.66.193.2',
    '208.66.193.3') AND provider_id = (SELECT id FROM providers WHERE name = 'McColo')" 2

step "--dry-run validates and stores nothing"
db_snap
# Both files are stored already: a plain dry run says so (t0033).
expect_code 0 dp evidence import --dry-run --allow-duplicates \
    --provider McColo a.csv
expect_out "3 valid"
expect_out "dry run"
expect_code 0 dp --json evidence import --provider McColo --dry-run \
    --allow-duplicates rows.txt
SUM=$(sha256sum <"$T/rows.txt" | cut -d' ' -f1)
json_check "eq(d, {'input': 'rows.txt', 'input_sha256': '$SUM',
    'format': 'jsonl', 'rows': 2, 'dry_run': True, 'first_id': None,
    'last_id': None, 'audit_seq': None,
    'warnings': ['1 row with an indicator in a special-purpose block '
    '(private, documentation, ...; first: line 3)']})"
expect_db_unchanged
expect_code 65 dp evidence import --dry-run --provider McColo - <<'EOF'
kind,indicator
c2,1.2.3.4
c2,1.2.3.999
EOF
expect_err "line 3"
expect_db_unchanged

step "the imports verify"
expect_code 0 dp verify
expect_out "intact"

finish
