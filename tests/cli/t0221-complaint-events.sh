#!/bin/sh
# Every change of a complaint's state is kept as an event beside its
# audit entry: a case from schema 12, whose changes only the audit log
# holds, gets them back as events when it migrates, and verify holds each
# event to its entry.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_NOW
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add McColo --asn AS26780 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-10T21:23:00Z >/dev/null 2>&1
expect_code 0 dp complaint draft --provider McColo \
    --to abuse@transit.example --template "$TPL/plain.mustache"
expect_code 0 dp complaint status 1 queued
expect_code 0 dp complaint status 1 sent --note 'sent from mutt, 12:05 UTC'
DEPEER_NOW=2008-11-12T09:00:00Z expect_code 0 dp complaint status 1 \
    answered --note 'phoned: they are looking into it'

step "the changes are events"
expect_sql "SELECT group_concat(by || ':' || from_state || '>' || to_state,
    ' ') FROM (SELECT * FROM complaint_events ORDER BY id)" \
    "hand:draft>queued hand:queued>sent hand:sent>answered"
expect_sql "SELECT count(*) FROM complaint_events e JOIN audit_log a ON
    a.seq = e.audit_seq AND a.action = 'complaint.status'" 3
expect_code 0 dp verify
expect_out "intact"

step "a case from schema 12 migrates its changes into events"
sqlite3 -batch -bail "$DB" <<'SQL' || fail "cannot make the schema-12 case"
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
PRAGMA user_version = 12;
SQL
expect_code 0 dp verify
expect_out "intact"
expect_sql "SELECT group_concat(at || ':' || from_state || '>' || to_state ||
    ':' || coalesce(note, '-'), '|') FROM (SELECT * FROM complaint_events
    ORDER BY id)" \
    "1226404800:draft>queued:-|1226404800:queued>sent:sent from mutt, 12:05 UTC|1226480400:sent>answered:phoned: they are looking into it"
expect_code 0 dp --json complaint show 1
json_check "d['state'] == 'answered'"

step "verify holds each event to its entry"
tamper() {
	cp "$DB" "$T/saved.db"
	sqlq "$1"
	expect_code 1 dp verify
	expect_err "$2"
	cp "$T/saved.db" "$DB"
}
tamper "UPDATE complaint_events SET note = 'they agreed to cut McColo off'
    WHERE to_state = 'answered'" "differs from the entry"
tamper "UPDATE complaint_events SET at = at + 86400 WHERE to_state = 'sent'" \
    "differs from the entry"
tamper "DELETE FROM complaint_events WHERE to_state = 'sent'" "is missing"
tamper "UPDATE complaint_events SET by = 'send' WHERE to_state = 'sent'" \
    "differs from the entry"
expect_code 0 dp verify

step "a clock set back: the change keeps the complaint's last time"
expect_code 0 dp complaint draft --provider McColo \
    --to abuse@other.example --template "$TPL/plain.mustache"
DEPEER_NOW=2008-11-11T12:06:00Z expect_code 0 dp complaint status 2 sent \
    --note 'sent from mutt'
DEPEER_NOW=2008-11-11T12:00:00Z expect_code 0 dp complaint status 2 answered
expect_sql "SELECT group_concat(at, ' ') FROM (SELECT at FROM complaint_events
    WHERE complaint_id = 2 ORDER BY id)" "1226405160 1226405160"
expect_code 0 dp verify
expect_out "intact"

finish
