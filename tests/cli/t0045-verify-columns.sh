#!/bin/sh
# The columns no record hash covers, each altered with the sqlite3 shell
# on a fresh copy of one case: times copied from an entry (a provider's
# updated_at, a network's added_at, a stored file's stored_at), values
# derived from another column (a network's family and range, an answer's
# size), and the bookkeeping between rows (file positions, foreign file
# rows and stored files, source ranges, upstream links naming no entry,
# retirements and networks planted for a provider not yet added).
# verify must exit 1 and name the row; the untouched case verifies.
. "$(dirname "$0")/lib.sh"

N1=2008-11-10T09:00:00Z N2=2008-11-10T10:00:00Z N3=2008-11-10T11:00:00Z
N4=2008-11-10T12:00:00Z N5=2008-11-10T13:00:00Z N6=2008-11-10T14:00:00Z
at() { DEPEER_NOW=$1; shift; export DEPEER_NOW; dp "$@" >/dev/null 2>&1 ||
    fail "setup failed: $*"; unset DEPEER_NOW; }
at $N1 provider add McColo --asn 26780 --prefix 208.66.192.0/22
at $N1 provider add Atrivo --prefix 2001:db8::/32
at $N2 provider net add McColo --asn 26781 --prefix 208.66.196.0/24
at $N3 provider edit Atrivo --country RU
at $N3 provider add Dup --prefix 198.51.100.0/24
at $N4 provider merge Dup --into McColo
at $N5 provider net rm McColo --asn 26781
at $N6 provider net add McColo --asn 26781
at $N5 evidence add --provider McColo --kind c2 --indicator srizbi.example.com
printf 'text file\n' >"$T/note.txt"
printf 'capture\000\001\n' >"$T/cap.bin"
at $N6 evidence add --provider Atrivo --kind phishing \
    --indicator http://bank.example/login --file note.txt --file cap.bin
# providers 1 McColo (edited never), 2 Atrivo (edited at N3), 3 Dup
# (merged); networks of McColo: AS26780 and 208.66.192.0/22 (N1),
# 208.66.196.0/24 (N2), 198.51.100.0/24 (N4, from Dup), AS26781 (N6);
# evidence 1 (no file), 2 (files 1 and 2, stored at N6)

step "the untouched case verifies"
expect_code 0 dp verify
tamper_base
id_of() { sqlq --db "$T/base.db" "SELECT id FROM provider_networks WHERE $1"; }
NET22=$(id_of "prefix = '208.66.192.0/22'")
NET24=$(id_of "prefix = '208.66.196.0/24'")
NETDUP=$(id_of "prefix = '198.51.100.0/24'")
NETAS=$(id_of "asn = 26781")
NET6=$(id_of "prefix = '2001:db8::/32'")

step "a provider's updated_at changed"
tamper "UPDATE providers SET updated_at = updated_at + 1 WHERE id = 2"
detected "provider 2: updated_at"
tamper "UPDATE providers SET updated_at = updated_at - 60 WHERE id = 1"
detected "provider 1: updated_at"
# The edit's time on a provider never edited, the creation's on one that was.
tamper "UPDATE providers SET updated_at = (SELECT updated_at FROM providers
    WHERE id = 2) WHERE id = 1"
detected "provider 1: updated_at"
tamper "UPDATE providers SET updated_at = created_at WHERE id = 2"
detected "provider 2: updated_at"

step "a network's added_at changed"
tamper "UPDATE provider_networks SET added_at = added_at + 1 WHERE id = $NET22"
detected "network $NET22 of provider 1 (208.66.192.0/22): added_at"
# Backdated to when the provider was created.
tamper "UPDATE provider_networks SET added_at = (SELECT created_at FROM
    providers WHERE id = 1) WHERE id = $NET24"
detected "network $NET24 of provider 1 (208.66.196.0/24): added_at"
# A network moved by the merge: added when the merge moved it.
tamper "UPDATE provider_networks SET added_at = (SELECT created_at FROM
    providers WHERE id = 3) WHERE id = $NETDUP"
detected "network $NETDUP of provider 1 (198.51.100.0/24): added_at"
# Removed and added again: added the second time.
tamper "UPDATE provider_networks SET added_at = added_at - 14400
    WHERE id = $NETAS"
detected "network $NETAS of provider 1 (AS26781): added_at"

step "a network's family or address range changed"
tamper "UPDATE provider_networks SET net_last = net_first WHERE id = $NET22"
detected "network $NET22 of provider 1 (208.66.192.0/22): its family or address range"
tamper "UPDATE provider_networks SET net_first = (SELECT net_first FROM
    provider_networks WHERE id = $NET24) WHERE id = $NET22"
detected "network $NET22 of provider 1"
tamper "UPDATE provider_networks SET family = 6 WHERE id = $NET22"
detected "network $NET22 of provider 1"
tamper "UPDATE provider_networks SET net_first = NULL, net_last = NULL
    WHERE id = $NET6"
detected "network $NET6 of provider 2"
tamper "UPDATE provider_networks SET net_first = (SELECT net_first FROM
    provider_networks WHERE id = $NET22) WHERE id = $NETAS"
detected "network $NETAS of provider 1 (AS26781): its family or address range"

step "a prefix not as depeer writes it, or one no state holds"
# Read back, it parses to the same prefix; "net rm" would not find it.
tamper "UPDATE provider_networks SET prefix = '2001:DB8::/32' WHERE id = $NET6"
detected "network $NET6 of provider 2: its prefix is not one depeer wrote"
# Read as a C string, it ends at the NUL.
tamper "UPDATE provider_networks SET prefix = CAST(prefix || x'00' || 'junk'
    AS TEXT) WHERE id = $NET22"
# The store refuses to read text with a NUL (db_row) before verify's check.
detected "provider network $NET22: prefix holds text with an embedded NUL"
# Skipped by the reader, so the provider's state still matches.
tamper "INSERT INTO provider_networks (provider_id, prefix, family, added_at)
    VALUES (2, 'not-a-prefix', 4, 0)"
# The store refuses to read a prefix that does not parse.
detected "prefix is not a network"
tamper "INSERT INTO provider_networks (provider_id, asn, added_at)
    VALUES (99, 666, 0)"
detected "of provider 99 (AS666) is in no state an entry recorded"

step "rows planted for the next provider, before or after it is added"
# Read back into the state its provider.add entry records.
tamper "INSERT INTO provider_retirements (provider_id, retired_at, reason)
    VALUES (4, 1226400000, 'planted')"
detected "a retirement names provider 4, which does not exist"
expect_code 0 dp --db "$W" provider add Planted
expect_code 0 dp --db "$W" provider show Planted
expect_out "retired:   2008-11-11T10:40:00Z: planted"
detected "provider 4: audit entry 11 (provider.add) records a retirement that it did not make"
tamper "INSERT INTO provider_networks (provider_id, asn, added_at)
    VALUES (4, 666, 1226400000)"
detected "of provider 4 (AS666) is in no state an entry recorded"
expect_code 0 dp --db "$W" provider add Planted
detected "network" "of provider 4 (AS666): added_at"

step "a stored file's stored_at changed, or a file no record attaches"
tamper "UPDATE artifacts SET stored_at = stored_at - 1 WHERE id = 1"
detected "stored file 1: stored_at"
tamper "UPDATE artifacts SET stored_at = 0 WHERE id = 2"
detected "stored file 2: stored_at"
tamper "INSERT INTO artifacts (id, sha256, size, stored_at) VALUES (3,
    '$(printf 'forged' | sha256sum | cut -c 1-64)', 6,
    (SELECT stored_at FROM artifacts WHERE id = 1));
    INSERT INTO artifact_chunks (artifact_id, n, data) VALUES (3, 0,
    CAST('forged' AS BLOB))"
detected "stored file 3 is attached to no evidence record"

step "an indicator type the reader would take for another"
# Read back as "domain", which the row hash holds: only the raw text shows it.
tamper "PRAGMA ignore_check_constraints = ON;
    UPDATE evidence SET indicator_type = 'DOMAIN' WHERE id = 1"
# SQLite's integrity check (verify_schema.c) finds the CHECK broken first.
detected "CHECK constraint failed in evidence"

step "attached files renumbered, or file rows of no record"
# The order is unchanged, so is the row hash.
tamper "UPDATE evidence_files SET pos = 5 WHERE evidence_id = 2 AND pos = 2"
detected "evidence 2: its attached files are not at positions"
tamper "UPDATE evidence_files SET pos = pos + 10 WHERE evidence_id = 2"
detected "evidence 2: its attached files"
tamper "INSERT INTO evidence_files (evidence_id, pos, artifact_id, name)
    VALUES (9, 1, 1, 'x.txt')"
detected "attached file rows name evidence 9"

# Registry answers and upstream links, from the loopback registries.
fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
expect_code 0 dp upstreams McColo --json
expect_code 0 dp lookup 208.66.194.37 --source whois --json
expect_code 0 dp verify
expect_sql "SELECT count(*) > 0 FROM source_ranges" 1
expect_sql "SELECT count(*) FROM upstreams WHERE audit_seq IS NULL" 0
tamper_base
SRC=$(sqlq --db "$T/base.db" "SELECT min(source_id) FROM source_ranges")
OTHER=$(sqlq --db "$T/base.db" "SELECT min(id) FROM sources
    WHERE server <> (SELECT server FROM sources WHERE id = $SRC)")
RUN=$(sqlq --db "$T/base.db" "SELECT at FROM audit_log
    WHERE action = 'upstreams' ORDER BY seq LIMIT 1")
FIRST=$(sqlq --db "$T/base.db" "SELECT min(at) FROM audit_log
    WHERE action = 'upstreams'")

step "a registry answer's size changed"
tamper "UPDATE sources SET size = size + 1 WHERE id = 1"
detected "source 1: its size"

step "a source range moved to another answer, or malformed"
tamper "UPDATE source_ranges SET source_id = $OTHER WHERE source_id = $SRC"
detected "an address range of source $OTHER"
tamper "UPDATE source_ranges SET source_id = 999 WHERE source_id = $SRC"
detected "an address range of source 999"
tamper "UPDATE source_ranges SET hi = CAST(x'06' || substr(hi, 2) AS BLOB)
    WHERE source_id = $SRC"
detected "an address range of source $SRC"

step "an upstream link added naming no entry"
# Dated at the run's time: that run's entry does not list it.
tamper "INSERT INTO upstreams (asn, upstream_asn, name, confidence,
    first_seen, last_seen) VALUES (26780, 666, 'FORGED', 0.9, $RUN, $RUN)"
detected "upstream link AS26780 -> AS666 names no audit entry"
# Dated after depeer began recording links, at no run's time.
tamper "INSERT INTO upstreams (asn, upstream_asn, name, confidence,
    first_seen, last_seen) VALUES (26780, 666, 'FORGED', 0.9, $RUN + 7,
    $RUN + 7)"
detected "upstream link AS26780 -> AS666 names no audit entry, yet was last seen"

step "a link from before depeer recorded links (no entry) still verifies"
# Not covered: nothing recorded it (depeer-verify(1) says so).
tamper "INSERT INTO upstreams (asn, upstream_asn, name, confidence,
    first_seen, last_seen) VALUES (26780, 3356, 'LEVEL3', 0.5, $FIRST - 86400,
    $FIRST - 86400)"
expect_code 0 dp --db "$W" verify

finish
