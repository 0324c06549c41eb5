#!/bin/sh
# depeer rdap update-bootstrap: IANA's bootstrap files fetched, checked,
# kept as sources, and used by later lookups instead of the bundled ones.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
dp init >/dev/null

step "before: the bundled files send 208/8 to ARIN"
expect_code 0 dp lookup 208.66.194.37 --source rdap --json
json_check "eq([s['server'] for s in d['sources']], ['rdap.arin.net'])"

step "update"
expect_code 0 dp rdap update-bootstrap --json
json_check "eq(d['ipv4_published'], '2026-11-01T00:00:00Z')
eq(len(d['sources']), 3)"
expect_sql "SELECT count(*) FROM sources WHERE server = 'data.iana.org'" 3
expect_code 0 dp verify

step "after: lookups use the stored files"
expect_code 0 dp lookup 208.66.194.37 --source rdap --refresh --json
json_check "eq([s['server'] for s in d['sources']], ['rdap.db.ripe.net'])"

step "bad use"
expect_code 64 dp rdap
expect_code 64 dp rdap update-bootstrap extra
expect_code 0 dp rdap --help

finish
