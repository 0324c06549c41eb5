#!/bin/sh
# depeer prefixes and verify: the lookup file is refused and rebuilt from
# the stored content when it is truncated, has a byte flipped, is another
# table's or is missing (with a warning each time, the answers unchanged);
# verify holds each table's row, content chunks and counts to its
# prefixes.import and prefixes.rm entries and finds every kind of
# tampering.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2014-06-01T00:00:00Z
export DEPEER_NOW
TABLES=$DB.tables

cat >"$T/a_20081101.dat" <<'EOF'
208.66.192.0/22	26780
208.72.168.0/21	26780
10.0.0.0/8	64500
10.1.0.0/16	64502_64501
2001:db8::/32	64510
EOF
cat >"$T/b_20090101.dat" <<'EOF'
10.0.0.0/8	64999
EOF
expect_code 0 dp prefixes import "$T/a_20081101.dat"
expect_code 0 dp prefixes import "$T/b_20090101.dat"
ADDRS="208.66.194.37 10.1.2.3 10.9.9.9 2001:db8::1 11.0.0.1"
expect_code 0 dp prefixes lookup a_20081101 $ADDRS
cp "$T/out" "$T/good.out"
grep -q "208.66.192.0/22	26780" "$T/good.out" || fail "bad first answer"

# rebuilt WHY: the lookup of a_20081101 warns WHY, rebuilds, and answers
# as before; the file then opens without a warning
rebuilt() {
	expect_code 0 dp prefixes lookup a_20081101 $ADDRS
	expect_err "$1"
	expect_err "rebuilding it from the stored content"
	cmp -s "$T/out" "$T/good.out" ||
	    fail "answers changed after '$1': $(cat "$T/out")"
	expect_code 0 dp prefixes lookup a_20081101 $ADDRS
	expect_err_empty
}

step "a truncated lookup file is refused and rebuilt"
F=$TABLES/a_20081101.ptab
size=$(wc -c <"$F")
head -c $((size - 100)) "$F" >"$T/cut" && cp "$T/cut" "$F"
rebuilt "its size is not the size its header claims"

step "a byte flipped in the middle"
python3 - "$F" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 0x10
open(p, 'wb').write(bytes(b))
EOF
rebuilt "checksum mismatch"

step "wrong magic"
printf 'XX' | dd of="$F" bs=1 seek=0 conv=notrunc 2>/dev/null
rebuilt "wrong magic"

step "a file of the previous format version is rebuilt, named as older"
# the header's version field (after the 8-byte magic, host byte order);
# ptab_open checks it before the checksum
setver() {
	python3 - "$F" "$1" <<'EOF'
import sys, struct
p, v = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
cur = struct.unpack_from('=I', b, 8)[0]
struct.pack_into('=I', b, 8, cur + v)
open(p, 'wb').write(bytes(b))
EOF
}
setver -1
expect_code 0 dp prefixes lookup a_20081101 $ADDRS
expect_err "is a lookup file of an older format (version"
! grep -qi "damaged\|not a usable" "$T/err" ||
    fail "a file of an older format called damaged: $(cat "$T/err")"
setver -1
rebuilt "is a lookup file of an older format (version"
setver 1
rebuilt "is a lookup file of a newer format (version"

step "another table's file in its place"
cp "$TABLES/b_20090101.ptab" "$F"
rebuilt "is not the lookup file of table 'a_20081101'"

step "a missing file is built"
rm -f "$F"
expect_code 0 dp prefixes lookup a_20081101 $ADDRS
expect_err "is missing; building it from the stored content"
cmp -s "$T/out" "$T/good.out" || fail "answers changed after a rebuild"
[ -f "$F" ] || fail "the lookup file was not written back"

step "a tables folder that cannot be made: a private copy"
db_copy "$DB" "$T/w4.db"
printf 'not a folder\n' >"$T/w4.db.tables"
expect_code 0 dp --db "$T/w4.db" prefixes lookup a_20081101 $ADDRS
expect_err "using a private copy"
cmp -s "$T/out" "$T/good.out" || fail "answers changed (private copy)"
[ "$(cat "$T/w4.db.tables")" = "not a folder" ] ||
    fail "the file in the folder's place was changed"

step "verify: intact, then every kind of tampering found"
expect_code 0 dp verify
expect_out_re "^intact: 2 audit entries, .*, 2 prefix tables$"
expect_code 0 dp verify --json
json_check "eq(d['prefix_tables'], 2); eq(d['bgp_imports'], 0)"
tamper_base
tamper "UPDATE prefix_tables SET taken_at = taken_at + 86400 WHERE id = 1"
detected "prefix table 1 ('a_20081101') differs from what audit entry 1 recorded"
tamper "UPDATE prefix_tables SET prefixes4 = 3, content_sha256 = 'x' WHERE id = 1"
detected "differs from what audit entry 1 recorded"
tamper "UPDATE prefix_tables SET name = 'c' WHERE id = 2"
detected "prefix table 2"
tamper "DELETE FROM prefix_table_chunks WHERE table_id = 1"
detected "its stored content (0 chunks, 0 bytes) is not what audit entry 1 recorded"
tamper "UPDATE prefix_table_chunks SET data = substr(data, 1, length(data) - 1) WHERE table_id = 1"
detected "its stored content is damaged"
tamper "UPDATE prefix_table_chunks SET data = x'28b52ffd0058090000313030000a' WHERE table_id = 1"
detected "prefix table 1"
tamper "INSERT INTO prefix_table_chunks VALUES (2, 1, x'00')"
detected "prefix table 2"
tamper "DELETE FROM prefix_table_chunks WHERE table_id = 2; DELETE FROM prefix_tables WHERE id = 2"
detected "prefix table 2 ('b_20090101'), imported by audit entry 2, is missing"
tamper "INSERT INTO prefix_tables (name, taken_at, format, file_name,
file_sha256, file_size, prefixes4, prefixes6, multi_origin, skipped,
content_sha256, created_at, audit_seq) SELECT 'x', taken_at, format,
file_name, file_sha256, file_size, prefixes4, prefixes6, multi_origin,
skipped, content_sha256, created_at, audit_seq FROM prefix_tables WHERE id = 2"
detected "prefix table 3 ('x') has no prefixes.import entry"
tamper "UPDATE prefix_tables SET removed_at = 1, removed_seq = 2 WHERE id = 2"
detected "prefix table 2 ('b_20090101') is marked removed, but its entries say it is live"

step "content rewritten to other prefixes, row and hash kept: the chunks betray it"
python3 - "$T/w2.sql" <<'EOF'
import sys
# one zstd frame with raw (uncompressed) content, as any zstd writes for
# tiny inputs: magic, a frame header with a single-segment size, a raw
# last block
body = b"10.0.0.0/8\t64666\n"
hdr = bytes([0x28, 0xb5, 0x2f, 0xfd, 0x20, len(body)])
blk = (len(body) << 3 | 1).to_bytes(3, 'little')
open(sys.argv[1], 'w').write("UPDATE prefix_table_chunks SET data = x'%s' "
    "WHERE table_id = 2;" % (hdr + blk + body).hex())
EOF
tamper "$(cat "$T/w2.sql")"
detected "prefix table 2 ('b_20090101'): its stored content"

step "a damaged stored content is refused when the file must be rebuilt"
db_copy "$T/base.db" "$T/w3.db"
sqlq --db "$T/w3.db" "UPDATE prefix_table_chunks SET data = x'00' WHERE table_id = 1"
rm -f "$T/w3.db.tables/a_20081101.ptab"
expect_code 65 dp --db "$T/w3.db" prefixes lookup a_20081101 10.1.2.3
expect_err "prefix table 'a_20081101'"

step "rm is recorded; verify follows it"
expect_code 0 dp prefixes rm b_20090101
expect_code 0 dp verify
expect_out_re "^intact: 3 audit entries, .*, 1 prefix table$"
tamper_base
tamper "INSERT INTO prefix_table_chunks VALUES (2, 0, x'00')"
detected "removed by audit entry 3, still has 1 content chunks"
tamper "UPDATE prefix_tables SET removed_at = removed_at + 5 WHERE id = 2"
detected "is marked removed, but its entries say it is removed (and when)"
tamper "UPDATE prefix_tables SET removed_at = NULL, removed_seq = NULL WHERE id = 2"
detected "is live, but its entries say it is removed"

finish
