#!/bin/sh
# depeer upstreams records its links under the audit log: the registry
# answers and the links they show are stored in one transaction, with an
# "upstreams" entry per origin whose payload holds each link's hash, so
# that changing a link with sqlite3 is found by verify.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 >/dev/null

step "one upstreams entry over the links, at the time they were seen"
expect_code 0 dp upstreams McColo --json
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'upstreams'" 1
expect_sql "SELECT subject FROM audit_log WHERE action = 'upstreams'" \
    "upstreams:AS26780"
expect_sql "SELECT json_extract(payload, '\$.origin'),
    json_array_length(payload, '\$.links') FROM audit_log
    WHERE action = 'upstreams'" "26780|2"
expect_sql "SELECT count(*) FROM upstreams u JOIN audit_log a
    ON a.action = 'upstreams' AND a.at = u.last_seen" 2
# The entry comes after the answers it cites, in the same run.
expect_sql "SELECT max(seq) = (SELECT seq FROM audit_log
    WHERE action = 'upstreams') FROM audit_log" 1
expect_code 0 dp verify

step "a later run, within the same second, writes a new entry; both hold"
expect_code 0 dp upstreams AS26780 --ttl 0 --json
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'upstreams'" 2
expect_code 0 dp verify

step "a link changed with sqlite3 is found by verify"
cp "$DB" "$T/intact.db"
sqlq "UPDATE upstreams SET confidence = 0.99 WHERE upstream_asn = 6939"
expect_code 1 dp verify
expect_err "AS26780 -> AS6939"

step "a link moved to an entry that does not exist is found"
cp "$T/intact.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
expect_code 0 dp verify
sqlq "UPDATE upstreams SET audit_seq = 99999 WHERE upstream_asn = 6939"
expect_code 1 dp verify
expect_err "AS26780 -> AS6939 names audit entry 99999"

finish
