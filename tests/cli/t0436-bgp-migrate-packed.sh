#!/bin/sh
# Migration 0019-bgp-packed on a case depeer wrote at schema 18
# (tests/fixtures/db/case-schema18-bgp.sql): the links and triplets of
# each import, rows until then, are packed one row per import and part;
# what they say is unchanged (read back by an independent decoder,
# tests/cli/bgppack.py), the packing is the very bytes an import of the
# same file writes, verify still holds each import to its entry, and the
# relationships inferred are those schema 18 inferred.  Rows of no import
# are carried over for verify to find; rows depeer never writes stop the
# migration and leave the case as it was.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
gen() { python3 "$HERE/mrtgen.py" "$@"; }
packed() { python3 "$HERE/bgppack.py" "$@"; }
fixtures=$(cd "$HERE/../fixtures" && pwd)
DEPEER_NOW=2026-12-07T06:00:00Z
export DEPEER_NOW

step "a schema-18 case with BGP imports"
sqlite3 -batch -bail "$DB" <"$fixtures/db/case-schema18-bgp.sql" ||
    fail "cannot load the schema-18 fixture"
expect_sql "PRAGMA user_version" 18
sqlq "SELECT import_id, a, b, paths, vantage FROM bgp_links
    ORDER BY import_id, a, b" | tr '|' ' ' >"$T/links.old"
sqlq "SELECT import_id, a, b, c, paths FROM bgp_triplets
    ORDER BY import_id, a, b, c" | tr '|' ' ' >"$T/triplets.old"
[ "$(wc -l <"$T/links.old")" -eq 17 ] && [ "$(wc -l <"$T/triplets.old")" -eq 10 ] ||
    fail "the fixture is not the one described"
db_copy "$DB" "$T/orphan.db"
db_copy "$DB" "$T/bad.db"

step "verify migrates it and every import still checks"
expect_code 0 dp verify
expect_out_re "^intact: 3 audit entries, .*, 3 BGP imports$"
expect_sql "PRAGMA user_version" "$(ls "$HERE"/../../db/migrations/*.sql | wc -l | tr -d ' ')"
expect_sql "SELECT count(*) FROM sqlite_schema WHERE name IN ('bgp_links', 'bgp_triplets')" 0
expect_sql "SELECT group_concat(import_id || part || records, ' ') FROM
    (SELECT * FROM bgp_packed ORDER BY import_id, part)" \
    "1links10 1triplets6 2links6 2triplets4 3links1 3triplets0"
# import 3 has no triplet: its row is the empty packing
expect_sql "SELECT hex(data) FROM bgp_packed WHERE import_id = 3 AND part = 'triplets'" 01
packed "$DB" links >"$T/links.new" || fail "the packed links do not unpack"
packed "$DB" triplets >"$T/triplets.new" || fail "the packed triplets do not unpack"
cmp -s "$T/links.old" "$T/links.new" || fail "the links changed: $(diff "$T/links.old" "$T/links.new")"
cmp -s "$T/triplets.old" "$T/triplets.new" || fail "the triplets changed"

step "the relationships are those schema 18 inferred"
expect_code 0 dp bgp relationships
cat >"$T/rel.want" <<'EOF'
# inferred by depeer from 3 BGP imports
# clique: 1299 7018 26780
# provider|customer|-1, peer|peer|0
1299|174|-1
3549|174|-1
1299|3356|-1
1299|7018|0
1299|9000|-1
1299|26780|0
6939|3356|-1
4000000|3356|-1
3549|7018|-1
3549|26780|-1
6939|26780|-1
7018|26780|0
396982|9000|-1
396982|4000000|0
EOF
cmp -s "$T/rel.want" "$T/out" || fail "other relationships: $(diff "$T/rel.want" "$T/out")"

step "the migration packs the bytes an import of the same file writes"
gen rib "$T/sep.mrt" 1220227200 <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 3549 26780
7018 192.0.2.1 208.72.168.0/21 7018 3549 26780 26780
3356 192.0.2.2 208.66.192.0/22 3356 6939 26780
174 192.0.2.3 208.72.168.0/21 174 3549 26780
174 192.0.2.3 10.1.0.0/24 174 1299 9000
3356 192.0.2.2 10.2.0.0/24 3356 4000000 396982 9000
EOF
expect_code 0 dp --db "$T/fresh.db" init
expect_code 0 dp --db "$T/fresh.db" bgp import "$T/sep.mrt"
for part in links triplets; do
	q="SELECT hex(data) FROM bgp_packed WHERE import_id = 1 AND part = '$part'"
	[ "$(sqlq --db "$T/fresh.db" "$q")" = "$(sqlq "$q")" ] ||
	    fail "the $part of sep.mrt are packed otherwise by the migration"
done
expect_sql --db "$T/fresh.db" "SELECT content_sha256 FROM bgp_imports" \
    "$(sqlq "SELECT content_sha256 FROM bgp_imports WHERE id = 1")"

step "a migrated case takes new imports and removals"
gen rib "$T/jan.mrt" 1230768000 <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 1299 26780
EOF
expect_code 0 dp bgp import "$T/jan.mrt"
expect_out "bgp import 4: "
expect_code 0 dp bgp rm 2
expect_sql "SELECT count(*) FROM bgp_packed WHERE import_id = 2" 0
expect_code 0 dp verify
expect_out_re "^intact: 5 audit entries, .*, 3 BGP imports$"

step "rows of no import are carried over, for verify to find"
sqlq --db "$T/orphan.db" "INSERT INTO bgp_links VALUES (9, 1, 2, 3, 4);
    INSERT INTO bgp_triplets VALUES (9, 1, 2, 3, 4)"
expect_code 1 dp --db "$T/orphan.db" verify
expect_err "verify failed: 2 BGP observation rows belong to no import"
expect_sql --db "$T/orphan.db" "SELECT group_concat(part || records) FROM bgp_packed WHERE import_id = 9" \
    "links1,triplets1"

step "rows depeer never writes stop the migration; the case stays at 18"
sqlq --db "$T/bad.db" "UPDATE bgp_triplets SET a = -1 WHERE import_id = 1 AND a = 7018 AND c = 26780"
db_copy "$T/bad.db" "$T/bad0.db"
expect_code 65 dp --db "$T/bad.db" verify
expect_err "migration 0019-bgp-packed.sql: database error: cannot pack the BGP triplets: an AS number is outside 32 bits, which depeer never writes"
expect_sql --db "$T/bad.db" "PRAGMA user_version" 18
[ "$(sqlq --db "$T/bad.db" .dump)" = "$(sqlq --db "$T/bad0.db" .dump)" ] ||
    fail "the failed migration changed the case"

finish
