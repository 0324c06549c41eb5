#!/bin/sh
# An old case database keeps working after the 0005-range-keys migration:
# a schema-4 file written by depeer itself (tests/fixtures/db/) is
# migrated on first use, verifies, keeps its providers and prefixes, and
# a bulk lookup still answers from the answers it stored, by range.
. "$(dirname "$0")/lib.sh"

fixtures=$(cd "$(dirname "$0")/../fixtures" && pwd)

step "a schema-4 database"
sqlite3 -batch -bail "$DB" <"$fixtures/db/case-schema4.sql" ||
    fail "cannot load the schema-4 fixture"
expect_sql "PRAGMA user_version" 4
expect_sql "SELECT count(*) FROM provider_networks WHERE length(net_first) = 16" 3

step "verify migrates it and the audit log still checks"
expect_code 0 dp verify
# The newest schema: one version per migration file.
expect_sql "PRAGMA user_version" \
    "$(ls "$fixtures"/../../db/migrations/*.sql | wc -l | tr -d ' ')"
expect_sql "SELECT prefix || ' ' || hex(net_first) || ' ' || hex(net_last)
    FROM provider_networks WHERE prefix IS NOT NULL ORDER BY id" \
"208.66.192.0/22 04D042C000000000000000000000000000 04D042C3FF000000000000000000000000
2001:db8:c0::/48 0620010DB800C000000000000000000000 0620010DB800C0FFFFFFFFFFFFFFFFFFFF
85.255.112.0/20 0455FF7000000000000000000000000000 0455FF7FFF000000000000000000000000"
expect_sql "SELECT count(*) FROM source_ranges" 4

step "providers and their prefixes read back"
expect_code 0 dp provider show McColo
expect_out "208.66.192.0/22"
expect_out "2001:db8:c0::/48"
expect_code 0 dp provider net add Atrivo --prefix 91.207.4.0/22
expect_sql "SELECT hex(net_first) FROM provider_networks
    WHERE prefix = '91.207.4.0/22'" 045BCF0400000000000000000000000000
expect_code 0 dp verify

step "a bulk lookup answers from the stored answers"
fakenet_start || finish
printf '208.66.192.1\n' >"$T/list"
# An hour after the fixture's answers were fetched (2026-12-06 03:26:24
# UTC): with the real clock they grow stale a day after the fixture was
# written, and the lookup asks the registries.
DEPEER_NOW=2026-12-06T04:30:00Z
export DEPEER_NOW
expect_code 0 dp lookup --bulk "$T/list" --json
unset DEPEER_NOW
json_check "
eq(d[0]['origin_asns'], [26780])
assert all(s['cached'] for s in d[0]['sources']), d[0]['sources']"
[ "$(cat "$T/net/log" 2>/dev/null | wc -l)" -eq 0 ] ||
    fail "the lookup asked the registries"
expect_code 0 dp verify

finish
