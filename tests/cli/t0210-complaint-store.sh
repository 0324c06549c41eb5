#!/bin/sh
# The complaint store from the command line: a case from before the
# complaints (schema 11) migrates and verifies; list, show, export and rm
# on bad operands; the drafted complaints themselves are in t0211.
. "$(dirname "$0")/lib.sh"

step "a case from schema 11, before complaints, migrates"
expect_code 0 dp provider add McColo --asn 26780
expect_code 0 dp evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.22 --observed 2008-11-10T12:00:00Z
sqlite3 -batch -bail "$DB" <<'EOF' || fail "cannot make the schema-11 case"
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
PRAGMA user_version = 11;
EOF
expect_sql "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'complaint%'" 0
expect_code 0 dp verify
expect_out "intact"
dp --db "$T/fresh.db" --json init >"$T/fresh.json" 2>/dev/null
expect_sql "PRAGMA user_version" "$(json_get "d['schema_version']" "$T/fresh.json")"
expect_sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM
    sqlite_schema WHERE type = 'table' AND name LIKE 'complaint%' ORDER BY name)" \
    "complaint_events complaint_links complaint_messages complaint_sources complaints"
expect_sql "SELECT count(*) FROM evidence" 1
expect_code 0 dp complaint list
expect_err "no complaints"
expect_out_empty
expect_code 0 dp complaint list --json
json_check "eq(d, [])"

step "bad operands"
db_snap
expect_code 64 dp complaint show
expect_code 64 dp complaint show 1x
expect_err "invalid complaint id '1x'"
expect_code 64 dp complaint show 0
expect_code 66 dp complaint show 7
expect_err "no complaint 7"
expect_code 66 dp complaint show '#7' --raw
expect_code 64 dp complaint list --state nonsense
expect_err "unknown complaint state 'nonsense'"
expect_code 66 dp complaint list --provider Atrivo
expect_code 64 dp complaint export 7
expect_err "give one of --eml PATH and --mbox PATH"
expect_code 64 dp complaint export 7 --eml a --mbox b
expect_code 66 dp complaint export 7 --eml "$T/x.eml"
[ ! -e "$T/x.eml" ] || fail "export of no complaint left a file"
expect_code 66 dp complaint rm 7
expect_code 64 dp complaint rm
expect_db_unchanged

finish
