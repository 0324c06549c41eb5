#!/bin/sh
# Attached files of any size: stored in chunks of 1 MiB (artifact_chunks,
# numbered from 0), exported back byte for byte, and verified chunk by
# chunk: a chunk altered, deleted, reordered, added or emptied behind
# depeer's back is reported.  The limit is 1,000,000,000 bytes; one more
# is refused and nothing stored.  An add killed while it stores leaves
# nothing.  A case from before the chunks, with each file's content in
# one blob, is moved into chunks on first use and still verifies and
# exports.  (A file
# of exactly the limit is too big for every run: bench/files.sh adds one.)
. "$(dirname "$0")/lib.sh"

sha() { sha256sum "$1" | cut -d ' ' -f 1; }
MIB=1048576

dp provider add McColo >/dev/null
# 5,000,000 bytes: four chunks of 1 MiB and one of 805,696, with NUL bytes.
{ head -c 4999990 /dev/urandom; printf 'a\000b\000\000c\000\000\000\000'; } >"$T/big.bin"
head -c "$MIB" /dev/urandom >"$T/one.bin"
{ cat one.bin; printf 'x'; } >"$T/onemore.bin"
: >"$T/empty.bin"

step "a file of several chunks"
expect_code 0 dp --json evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.20 --file big.bin
json_check "eq(d['files'], [{'name': 'big.bin', 'sha256': '$(sha big.bin)', 'size': 5000000}])"
id=$(json_get "d['id']")
A=$(sqlq "SELECT id FROM artifacts WHERE sha256 = '$(sha big.bin)'")
expect_sql "SELECT group_concat(n || ':' || length(data), ' ') FROM
    (SELECT n, data FROM artifact_chunks WHERE artifact_id = $A ORDER BY n)" \
    "0:$MIB 1:$MIB 2:$MIB 3:$MIB 4:805696"
expect_sql "SELECT size FROM artifacts WHERE id = $A" 5000000

step "exported back byte for byte, to a file and to standard output"
expect_code 0 dp evidence export "$id" -o "$T/out.bin"
CHECKS=$((CHECKS + 1))
cmp big.bin out.bin >/dev/null 2>&1 || fail "exported file differs from big.bin"
"$DEPEER" evidence export "$id" >"$T/stdout.bin" 2>"$T/err"
CHECKS=$((CHECKS + 1))
cmp big.bin stdout.bin >/dev/null 2>&1 || fail "exported stdout differs from big.bin"
expect_code 0 dp verify
expect_out "intact"

step "chunk boundaries: exactly 1 MiB, 1 MiB + 1, empty"
expect_code 0 dp --json evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.21 --file one.bin --file onemore.bin --file empty.bin
b=$(json_get "d['id']")
expect_sql "SELECT a.size || ' ' || count(c.id) || ' ' || coalesce(max(c.n), '-')
    FROM artifacts a LEFT JOIN artifact_chunks c ON c.artifact_id = a.id
    WHERE a.sha256 IN ('$(sha one.bin)', '$(sha onemore.bin)', '$(sha empty.bin)')
    GROUP BY a.id ORDER BY a.size" "0 0 -
$MIB 1 0
$((MIB + 1)) 2 1"
for f in 1 2 3; do
	expect_code 0 dp evidence export "$b" --file "$f" -o "$T/b$f.out"
done
CHECKS=$((CHECKS + 1))
cmp one.bin b1.out >/dev/null 2>&1 && cmp onemore.bin b2.out >/dev/null 2>&1 &&
    cmp empty.bin b3.out >/dev/null 2>&1 || fail "a boundary file exported differently"
expect_code 0 dp verify

# Tampering, each on a fresh copy of this case (tamper, detected: lib.sh).
tamper_base

step "a chunk overwritten, one byte changed, cut short"
tamper "UPDATE artifact_chunks SET data = zeroblob(length(data)) WHERE artifact_id = $A AND n = 2"
detected "stored file $A" "no longer matches"
tamper "UPDATE artifact_chunks SET data = CAST(substr(data, 1, 999) ||
    CASE WHEN substr(data, 1000, 1) = X'00' THEN X'01' ELSE X'00' END ||
    substr(data, 1001) AS BLOB) WHERE artifact_id = $A AND n = 1"
sqlq --db "$W" "SELECT count(*) FROM artifact_chunks WHERE artifact_id = $A AND n = 1 AND length(data) = $MIB" >"$T/n1"
CHECKS=$((CHECKS + 1))
[ "$(cat "$T/n1")" = 1 ] || fail "the one-byte change altered the chunk's length"
detected "stored file $A" "no longer matches"
tamper "UPDATE artifact_chunks SET data = substr(data, 1, length(data) - 1) WHERE artifact_id = $A AND n = 4"
detected "stored file $A" "no longer matches"

step "a chunk deleted"
tamper "DELETE FROM artifact_chunks WHERE artifact_id = $A AND n = 2"
detected "stored file $A" "chunk 2 of its content is missing"
tamper "DELETE FROM artifact_chunks WHERE artifact_id = $A AND n = 4"
detected "stored file $A" "no longer matches"
tamper "DELETE FROM artifact_chunks WHERE artifact_id = $A"
detected "stored file $A" "no longer matches"

step "two chunks swapped"
tamper "UPDATE artifact_chunks SET n = 100 WHERE artifact_id = $A AND n = 1;
    UPDATE artifact_chunks SET n = 1 WHERE artifact_id = $A AND n = 2;
    UPDATE artifact_chunks SET n = 2 WHERE artifact_id = $A AND n = 100"
detected "stored file $A" "no longer matches"

step "a chunk added"
tamper "INSERT INTO artifact_chunks (artifact_id, n, data) VALUES ($A, 5, X'00')"
detected "stored file $A" "no longer matches"
tamper "INSERT INTO artifact_chunks (artifact_id, n, data) VALUES ($A, 7, X'00')"
detected "stored file $A" "chunk 5 of its content is missing"

step "the bytes kept but the chunks renumbered or an empty one added"
tamper "UPDATE artifact_chunks SET n = n + 10 WHERE artifact_id = $A AND n >= 3"
detected "stored file $A" "chunk 3 of its content is missing"
tamper "PRAGMA ignore_check_constraints = ON;
    INSERT INTO artifact_chunks (artifact_id, n, data) VALUES ($A, 5, X'')"
# The table's CHECK (length(data) >= 1) is broken: SQLite's integrity
# check, which verify runs first, names it.
detected "CHECK constraint failed in artifact_chunks"

step "chunks of no stored file"
tamper "INSERT INTO artifact_chunks (artifact_id, n, data) VALUES (999, 0, X'00')"
detected "stored file 999" "chunks of its content remain"

step "a stored file that no evidence record refers to"
# Its one chunk, X'00', matches its SHA-256 and size.
tamper "INSERT INTO artifacts (id, sha256, size, stored_at) VALUES (50,
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 1, 0);
    INSERT INTO artifact_chunks (artifact_id, n, data) VALUES (50, 0, X'00')"
detected "stored file 50 is attached to no evidence record"

step "one byte over the limit is refused, nothing stored"
db_snap
truncate -s 1000000001 "$T/huge.bin" 2>/dev/null ||
    dd if=/dev/null of="$T/huge.bin" bs=1 seek=1000000001 2>/dev/null
expect_code 65 dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --file big.bin --file huge.bin
expect_err "'huge.bin' is 1000000001 bytes; the limit for an attached file is 1000000000"
expect_db_unchanged
rm -f "$T/huge.bin"

step "an add killed while it stores a file leaves nothing"
# 48 MB, several times the page cache depeer keeps while it stores a file,
# so the WAL grows before the commit: SIGINT is sent once it has grown
# past 4 MB, well before the end.
head -c 48000000 /dev/urandom >"$T/kill.bin"
db_snap
python3 - "$DEPEER" "$DB" "$T/kill.bin" >"$T/kill.out" 2>"$T/kill.err" <<'EOF'
import os, signal, subprocess, sys, time
dp, db, f = sys.argv[1:]
p = subprocess.Popen([dp, '--db', db, 'evidence', 'add', '--provider', 'McColo',
    '--kind', 'c2', '--indicator', '208.66.194.23', '--file', f],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
end = time.time() + 60
while p.poll() is None and time.time() < end:
    try:
        if os.path.getsize(db + '-wal') > 4000000:
            break
    except OSError:
        pass
    time.sleep(0.002)
p.send_signal(signal.SIGINT)
print(p.wait())
EOF
CHECKS=$((CHECKS + 1))
[ "$(cat "$T/kill.out")" = -2 ] ||
    fail "the add was not stopped by SIGINT while it stored (status $(cat "$T/kill.out"))"
expect_db_unchanged
expect_sql "SELECT count(*) FROM artifact_chunks WHERE artifact_id NOT IN (SELECT id FROM artifacts)" 0
expect_code 0 dp verify
rm -f "$T/kill.bin"

step "a case from before the chunks (one blob per file) is moved into them"
# Rebuilt from this case as depeer kept it before: artifacts with a
# content column holding each file whole (read back with the shell's
# readfile()), no artifact_chunks, none of the later migrations' tables
# (complaints, 0012; replies, 0013) and the schema version 10, the one before the chunks'
# migration (0011).
dp --db "$T/fresh.db" --json init >"$T/fresh.json" 2>/dev/null
newest=$(json_get "d['schema_version']" "$T/fresh.json")
for f in big.bin one.bin onemore.bin empty.bin; do
	printf "UPDATE old SET content = readfile('%s') WHERE sha256 = '%s';\n" \
	    "$T/$f" "$(sha "$T/$f")"
done >"$T/fill.sql"
sqlq "SELECT id || ' ' || sha256 || ' ' || size || ' ' || stored_at FROM artifacts ORDER BY id" >"$T/arts.before"
sqlite3 -batch -bail "$DB" <<EOF || fail "cannot make the case from before the chunks"
CREATE TABLE old (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size >= 0),
	content		BLOB NOT NULL,
	stored_at	INTEGER NOT NULL
);
INSERT INTO old SELECT id, sha256, size, X'', stored_at FROM artifacts;
$(cat "$T/fill.sql")
DROP TABLE artifact_chunks;
DROP TABLE artifacts;
ALTER TABLE old RENAME TO artifacts;
DROP TABLE media_contacts;
DROP TABLE bgp_packed;
DROP TABLE bgp_upstreams;
DROP TABLE bgp_origins;
DROP TABLE bgp_imports;
DROP TABLE prefix_table_chunks;
DROP TABLE prefix_tables;
DROP TABLE provider_events;
DROP TABLE series_points;
DROP TABLE series;
DROP TABLE complaint_links;
DROP TABLE complaint_events;
DROP TABLE mails;
DROP TABLE complaint_sources;
DROP TABLE complaint_messages;
DROP TABLE complaints;
PRAGMA user_version = 10;
EOF
expect_sql "SELECT count(*) FROM artifacts WHERE length(content) = size" 4
expect_code 0 dp verify
expect_out "intact"
expect_sql "PRAGMA user_version" "$newest"
expect_sql "SELECT count(*) FROM pragma_table_info('artifacts') WHERE name = 'content'" 0
sqlq "SELECT id || ' ' || sha256 || ' ' || size || ' ' || stored_at FROM artifacts ORDER BY id" >"$T/arts.after"
CHECKS=$((CHECKS + 1))
cmp -s "$T/arts.before" "$T/arts.after" || fail "the migration changed artifacts' ids, hashes, sizes or times"
expect_sql "SELECT group_concat(n || ':' || length(data), ' ') FROM
    (SELECT n, data FROM artifact_chunks WHERE artifact_id = $A ORDER BY n)" \
    "0:$MIB 1:$MIB 2:$MIB 3:$MIB 4:805696"
expect_sql "SELECT count(*) FROM artifact_chunks" 8
expect_code 0 dp evidence export "$id" -o "$T/migrated.bin"
CHECKS=$((CHECKS + 1))
cmp big.bin migrated.bin >/dev/null 2>&1 || fail "the migrated file exports differently"
expect_code 0 dp evidence export "$b" --file 2 -o "$T/migrated2.bin"
CHECKS=$((CHECKS + 1))
cmp onemore.bin migrated2.bin >/dev/null 2>&1 || fail "the migrated onemore.bin exports differently"

finish
