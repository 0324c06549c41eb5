#!/bin/sh
# Values depeer never writes, stored behind its back with the sqlite3
# shell: a value of another storage class ('1x' in an integer column, a
# time as text or real, a blob in a text column), text with a hidden NUL,
# a damaged index, a rewritten schema, a row that breaks the model.  verify
# must find each (exit 1 for an alteration, 65 for damage), and the other
# commands must refuse such a row with a clear error (65), never read it
# through coercion and never crash.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
dp init >/dev/null
dp provider add McColo --asn 26780 --prefix 208.66.192.0/22 --country US >/dev/null
dp provider add Atrivo --asn 27595 >/dev/null
printf 'kind,indicator,note\nc2,208.66.194.20,first\nscan,208.66.194.21,second\n' >"$T/a.csv"
dp evidence import --provider McColo a.csv >/dev/null
printf 'text file\n' >"$T/note.txt"
dp evidence add --provider Atrivo --kind phishing --indicator http://bank.example/login \
    --observed 2008-11-10 --file note.txt --note last >/dev/null
dp lookup 208.66.194.37 --source whois >/dev/null 2>&1
# evidence 1-2 (McColo), 3 (Atrivo, with a file); sources from the lookup

step "the untouched database verifies"
expect_code 0 dp verify
expect_out "intact"
src=$(sqlq "SELECT min(id) FROM sources")
[ -n "$src" ] || fail "the lookup stored no registry answer"
tamper_base

# strict_off TABLE, strict_on TABLE: take STRICT out of the table's CREATE
# statement through writable_schema, or put it back, as an attacker who
# wants a value of another class to stay in a STRICT table would.
strict_off() {
	sqlq --db "$W" "PRAGMA writable_schema = 1;
	    UPDATE sqlite_schema SET sql = replace(sql, ') STRICT', ')')
	    WHERE name = '$1'" || fail "writable_schema failed"
}
strict_on() {
	sqlq --db "$W" "PRAGMA writable_schema = 1;
	    UPDATE sqlite_schema SET sql = sql || ' STRICT'
	    WHERE name = '$1' AND sql NOT LIKE '%) STRICT'" ||
	    fail "writable_schema failed"
}
# classed TABLE SQL: store a value of another class in TABLE by SQL, with
# STRICT taken out for the write and put back after it
classed() {
	db_copy "$T/base.db" "$W"
	strict_off "$1"
	sqlq --db "$W" "$2" || fail "SQL failed: $2"
	strict_on "$1"
}
# refused CMD...: the command exits 65 naming the damage, no crash
refused() {
	expect_code 65 dp --db "$W" "$@"
	expect_err "case database damaged or altered"
}

step "a STRICT table refuses a value of another class"
db_copy "$T/base.db" "$W"
if sqlq --db "$W" "UPDATE evidence SET provider_id = '1x' WHERE id = 3" 2>/dev/null; then
	fail "evidence.provider_id took the text '1x'"
fi
if sqlq --db "$W" "UPDATE evidence SET note = CAST('x' AS BLOB) WHERE id = 1" 2>/dev/null; then
	fail "evidence.note took a blob"
fi

step "an integer column holding '1x', STRICT dropped from the schema"
db_copy "$T/base.db" "$W"
strict_off evidence
sqlq --db "$W" "UPDATE evidence SET provider_id = '1x' WHERE id = 3"
detected "schema was altered" "table evidence"
refused evidence list
refused evidence show 3
refused evidence list --json

step "an integer column holding '1x', STRICT put back"
classed evidence "UPDATE evidence SET provider_id = '1x' WHERE id = 3"
detected "non-INTEGER value in evidence.provider_id"
refused evidence list
refused evidence show 3
classed provider_networks "PRAGMA ignore_check_constraints = 1; UPDATE provider_networks SET asn = '26780x' WHERE asn = 26780"
detected "provider_networks.asn"
refused provider list
refused provider show McColo

step "a time stored as text or as a real"
classed evidence "UPDATE evidence SET observed_at = '2008-11-10' WHERE id = 3"
detected "evidence.observed_at"
refused evidence list
refused evidence show 3
refused provider show Atrivo
classed evidence "UPDATE evidence SET observed_at = observed_at + 0.5 WHERE id = 3"
detected "evidence.observed_at"
refused evidence show 3
# text sorts above every number: the answer would be "fresh" for ever
classed sources "UPDATE sources SET fetched_at = '2030-01-01' WHERE id = $src"
detected "sources.fetched_at"
refused source show "$src"
classed audit_log "UPDATE audit_log SET at = '2008-11-11 21:23' WHERE seq = 1"
detected "audit_log.at"
refused log

step "a text column holding a blob"
classed evidence "UPDATE evidence SET note = CAST(note AS BLOB) WHERE id = 3"
detected "evidence.note"
refused evidence show 3
classed providers "UPDATE providers SET name = CAST(name AS BLOB) WHERE id = 2"
detected "providers.name"
refused provider list

step "a stored file's size or hash, or a chunk's number, of another class"
classed artifacts "UPDATE artifacts SET size = '10x' WHERE id = 1"
detected "artifacts.size"
refused evidence export 3 -o "$T/out.txt"
[ -e "$T/out.txt" ] && fail "evidence export wrote a file it refused"
classed artifacts "UPDATE artifacts SET sha256 = CAST(sha256 AS BLOB) WHERE id = 1"
detected "artifacts.sha256"
refused evidence export 3 -o "$T/out.txt"
classed artifact_chunks "UPDATE artifact_chunks SET n = '0x' WHERE artifact_id = 1"
detected "artifact_chunks.n"
refused evidence export 3 -o "$T/out.txt"
rm -f "$T/out.txt"

step "text with a hidden NUL: a note, an indicator, a file name, a payload"
tamper "UPDATE evidence SET note = note || char(0) || 'hidden' WHERE id = 3"
detected "evidence 3" "NUL"
refused evidence show 3
refused evidence list
tamper "UPDATE evidence SET indicator = indicator || char(0) || '.evil' WHERE id = 1"
detected "evidence 1" "NUL"
refused evidence list --provider McColo
tamper "UPDATE evidence_files SET name = name || char(0) || '.exe' WHERE evidence_id = 3"
detected "evidence 3" "NUL"
refused evidence show 3
tamper "UPDATE audit_log SET payload = payload || char(0) || 'hidden' WHERE seq = 1"
detected "audit entry 1" "NUL"
refused log
tamper "UPDATE providers SET note = 'a' || char(0) || 'b' WHERE id = 1"
detected "provider 1" "NUL"
refused provider show McColo
tamper "UPDATE sources SET query = query || char(0) || 'x' WHERE id = $src"
detected "registry answer $src" "NUL"
refused source show "$src"

step "an index that no longer matches its table is damage"
# The index's definition is swapped for one on another column, rebuilt,
# and put back: the schema is depeer's again, the index content is not.
db_copy "$T/base.db" "$W"
sqlq --db "$W" "PRAGMA writable_schema = 1; UPDATE sqlite_schema
    SET sql = 'CREATE INDEX evidence_provider ON evidence(audit_seq)'
    WHERE name = 'evidence_provider'"
sqlq --db "$W" "REINDEX evidence_provider"
sqlq --db "$W" "PRAGMA writable_schema = 1; UPDATE sqlite_schema
    SET sql = 'CREATE INDEX evidence_provider ON evidence(provider_id)'
    WHERE name = 'evidence_provider'"
expect_sql --db "$W" "SELECT count(*) FROM sqlite_schema WHERE name = 'evidence_provider'
    AND sql = 'CREATE INDEX evidence_provider ON evidence(provider_id)'" 1
expect_code 65 dp --db "$W" verify
expect_err "verify failed"
expect_err "damaged"
expect_err "evidence_provider"
expect_no_out "intact"
expect_code 65 dp --db "$W" verify --json
json_check "eq(d['ok'], False); eq(d['damaged'], True)"

step "the schema rewritten: a trigger or a view added, an index dropped"
tamper "CREATE TRIGGER hide AFTER INSERT ON evidence BEGIN
    DELETE FROM evidence_files WHERE evidence_id = new.id; END"
detected "trigger hide is not one depeer makes"
tamper "CREATE VIEW v AS SELECT 1"
detected "view v"
tamper "DROP INDEX evidence_provider"
detected "index evidence_provider is missing"
tamper "PRAGMA writable_schema = 1; UPDATE sqlite_schema
    SET sql = replace(sql, 'CHECK (length(name) BETWEEN 1 AND 200)', '')
    WHERE name = 'providers'"
detected "table providers"

step "a network with neither AS nor prefix, NULL where a value is required"
tamper "PRAGMA ignore_check_constraints = 1;
    UPDATE provider_networks SET asn = NULL WHERE asn = 27595"
detected "CHECK constraint failed in provider_networks"
refused provider list
refused provider show Atrivo
refused provider show 2
tamper "PRAGMA ignore_check_constraints = 1;
    UPDATE provider_networks SET asn = 64512 WHERE prefix IS NOT NULL"
detected "provider_networks"
refused provider show McColo
db_copy "$T/base.db" "$W"
sqlq --db "$W" "PRAGMA writable_schema = 1; UPDATE sqlite_schema
    SET sql = replace(sql, 'name		TEXT NOT NULL', 'name		TEXT')
    WHERE name = 'providers'"
sqlq --db "$W" "UPDATE providers SET name = NULL WHERE id = 2"
sqlq --db "$W" "PRAGMA writable_schema = 1; UPDATE sqlite_schema
    SET sql = replace(sql, 'name		TEXT COLLATE', 'name		TEXT NOT NULL COLLATE')
    WHERE name = 'providers'"
detected "NULL value in providers.name"
refused provider list
refused provider show 2

step "verify --json names an alteration"
tamper "UPDATE evidence SET note = note || char(0) WHERE id = 3"
expect_code 1 dp --db "$W" verify --json
json_check "eq(d['ok'], False); eq(d['damaged'], False)
assert 'NUL' in d['first_bad'], d['first_bad']"

finish
