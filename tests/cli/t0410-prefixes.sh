#!/bin/sh
# depeer prefixes: tables imported from each text format (told by their
# first bytes, compressed or not, IPv4 and IPv6, every origin of a
# multi-origin prefix kept), dated from --date or the file name, listed,
# looked up, exported and removed; every bad input refused with its
# status and nothing left behind (no row, no entry, no lookup file).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2014-06-01T00:00:00Z
export DEPEER_NOW
TABLES=$DB.tables

step "an ipasn table, gzip-compressed, dated by its name"
cat >"$T/ipasn_20081101.dat" <<'EOF'
; IP-ASN32-DAT file
; Prefixes      : 6
208.66.192.0/22	26780
208.72.168.0/21	26780
208.72.173.0/24	26780
10.0.0.0/8	64500
10.1.0.0/16	{64502, 64501}
2001:db8::/32	64510
EOF
gzip -k "$T/ipasn_20081101.dat"
expect_code 0 dp prefixes import "$T/ipasn_20081101.dat.gz"
expect_out "imported table 'ipasn_20081101' taken 2008-11-01T00:00:00Z (date from file name; ipasn, gzip): 5 IPv4 and 1 IPv6 prefixes, 1 with several origins, from 8 lines; audit entry 1"
expect_err "created new database"
[ "$(file_mode "$TABLES")" = 700 ] ||
    fail "the tables folder is mode $(file_mode "$TABLES"), not 700"
[ -f "$TABLES/ipasn_20081101.ptab" ] || fail "no lookup file"
[ -z "$(ls -A "$TABLES" | grep -v '^ipasn_20081101.ptab$')" ] ||
    fail "left-over files in the tables folder: $(ls -A "$TABLES")"
expect_sql "SELECT action || ' ' || subject FROM audit_log" \
    "prefixes.import prefix_table:1"

step "lookup: the longest prefix and every origin"
expect_code 0 dp prefixes lookup ipasn_20081101 208.66.194.37 208.72.173.9 \
    208.72.172.1 10.1.2.3 10.200.0.1 11.0.0.1 2001:db8::1 2001:db9::1
expect_out "208.66.194.37	208.66.192.0/22	26780"
expect_out "208.72.173.9	208.72.173.0/24	26780"
expect_out "208.72.172.1	208.72.168.0/21	26780"
expect_out "10.1.2.3	10.1.0.0/16	64501,64502"
expect_out "10.200.0.1	10.0.0.0/8	64500"
expect_out "11.0.0.1	-	-"
expect_out "2001:db8::1	2001:db8::/32	64510"
expect_out "2001:db9::1	-	-"
printf '10.1.2.3\n\n208.66.194.37\r\n' >"$T/addrs"
run dp prefixes lookup ipasn_20081101 - --json <"$T/addrs"
[ "$RC" = 0 ] || fail "lookup - exit $RC: $(cat "$T/err")"
json_check 'eq(d, [{"address": "10.1.2.3", "prefix": "10.1.0.0/16",
"origins": [64501, 64502]}, {"address": "208.66.194.37",
"prefix": "208.66.192.0/22", "origins": [26780]}])'
printf '10.1.2.3\nnot-an-address\n' >"$T/addrs"
expect_code 65 dp prefixes lookup ipasn_20081101 - <"$T/addrs"
expect_err "line 2: 'not-an-address' is not an IP address"
expect_code 65 dp prefixes lookup ipasn_20081101 10.1.2.300
expect_code 66 dp prefixes lookup nosuch 10.1.2.3
expect_err "no prefix table named 'nosuch'"
expect_code 64 dp prefixes lookup ipasn_20081101

step "pfx2as with multi-origin and AS-set origins, a date given, stdin"
printf '1.0.0.0\t24\t13335\n1.0.4.0\t22\t56203_38803\n1.0.8.0\t21\t7,9\n2001:db8::\t48\t64496\n' >"$T/t.pfx2as"
run dp prefixes import - --name caida --date 2014-05-13 --json <"$T/t.pfx2as"
[ "$RC" = 0 ] || fail "pfx2as import exit $RC: $(cat "$T/err")"
json_check 'eq(d["name"], "caida"); eq(d["format"], "pfx2as");
eq(d["taken_at"], "2014-05-13T00:00:00Z"); eq(d["date_from"], "--date");
eq(d["prefixes4"], 3); eq(d["prefixes6"], 1); eq(d["multi_origin"], 2);
eq(d["compression"], "none"); eq(d["file_name"], "-"); eq(d["lines"], 4);
eq(d["malformed"], 0); eq(d["audit_seq"], 2)'
expect_code 0 dp prefixes lookup caida 1.0.5.1 1.0.9.1
expect_out "1.0.5.1	1.0.4.0/22	38803,56203"
expect_out "1.0.9.1	1.0.8.0/21	7,9"

step "iptoasn ranges split into prefixes, ASN 0 not routed, zstd"
cat >"$T/ip2asn-v4.tsv" <<'EOF'
1.0.0.0	1.0.0.255	13335	US	CLOUDFLARENET
1.0.1.0	1.0.3.255	4134	CN	CHINANET-BACKBONE
1.0.4.0	1.0.7.255	0	None	Not routed
1.0.8.0	1.0.8.9	64500	ZZ	ODD
2001:db8::	2001:db8::ffff	64501	ZZ	V6
EOF
if command -v zstd >/dev/null 2>&1; then
	zstd -q "$T/ip2asn-v4.tsv" -o "$T/ip2asn-v4.tsv.zst"
	IPT=$T/ip2asn-v4.tsv.zst
	IPTC=zstd
else
	IPT=$T/ip2asn-v4.tsv
	IPTC=none
fi
expect_code 64 dp prefixes import "$IPT"
expect_err "no date in the file name; give --date"
expect_code 0 dp prefixes import "$IPT" --date 2024-05-01T12:00:00Z --json
json_check "eq(d['name'], 'ip2asn-v4'); eq(d['format'], 'iptoasn');
eq(d['compression'], '$IPTC'); eq(d['unrouted'], 1);
eq(d['prefixes4'], 1 + 2 + 2); eq(d['prefixes6'], 1);
eq(d['taken_at'], '2024-05-01T12:00:00Z')"
expect_code 0 dp prefixes lookup ip2asn-v4 1.0.2.1 1.0.5.1 1.0.8.9 1.0.8.10
expect_out "1.0.2.1	1.0.2.0/23	4134"
expect_out "1.0.5.1	-	-"
expect_out "1.0.8.9	1.0.8.8/31	64500"
expect_out "1.0.8.10	-	-"

step "bzip2, a format named, malformed lines counted by number"
cat >"$T/bad_20090101.txt" <<'EOF'
1.2.3.0/24	1
1.2.4.0/24
1.2.5.0/33	1
1.2.6.0/24	0
1.2.7.0/24	AS7
1.2.8.0/24	8
EOF
bzip2 -k "$T/bad_20090101.txt"
expect_code 0 dp prefixes import "$T/bad_20090101.txt.bz2" --format ipasn --json
expect_err "'$T/bad_20090101.txt.bz2': 4 malformed line(s) skipped (line 2, 3, 4, 5): no tab between prefix and ASN"
json_check 'eq(d["malformed"], 4); eq(d["malformed_lines"], [2, 3, 4, 5]);
eq(d["skipped"], 4); eq(d["prefixes4"], 2); eq(d["compression"], "bzip2");
eq(d["name"], "bad_20090101")'

step "list, oldest snapshot first"
expect_code 0 dp prefixes list
expect_out_re "^ipasn_20081101 +2008-11-01T00:00:00Z +ipasn +5 +1 +1 +$T/ipasn_20081101.dat.gz$"
expect_out_re "^caida +2014-05-13T00:00:00Z +pfx2as +3 +1 +2 +-$"
head -n 2 "$T/out" | tail -n 1 | grep -q '^ipasn_20081101 ' ||
    fail "the oldest table is not listed first: $(cat "$T/out")"
expect_code 0 dp prefixes list --json
json_check "eq([t['name'] for t in d], ['ipasn_20081101', 'bad_20090101',
'caida', 'ip2asn-v4']);
eq(d[0]['path'], '$TABLES/ipasn_20081101.ptab');
eq(len(d[0]['content_sha256']), 64); eq(d[0]['file_size'],
$(wc -c <"$T/ipasn_20081101.dat.gz"))"
sha=$(sha256sum "$T/ipasn_20081101.dat.gz" | cut -d' ' -f1)
json_check "eq(d[0]['file_sha256'], '$sha')"

step "refused imports leave no row, no entry and no file"
db_snap
ls -A "$TABLES" >"$T/tables.before"
expect_refused 65 "a prefix table named 'caida' exists" \
    prefixes import "$T/t.pfx2as" --name caida --date 2014-01-01
printf 'hello world\n' >"$T/junk_20100101.txt"
expect_refused 65 "cannot tell the table's format from its first line; give --format" \
    prefixes import "$T/junk_20100101.txt"
printf '; nothing\n' >"$T/empty_20100101.dat"
expect_refused 65 "no prefix in it" prefixes import "$T/empty_20100101.dat" \
    --format ipasn
printf '1.2.3.0/24\tx\n' >"$T/allbad_20100101.dat"
expect_refused 65 "no prefix in it (1 lines, 1 malformed)" \
    prefixes import "$T/allbad_20100101.dat"
expect_refused 66 "" prefixes import "$T/missing_20100101.dat"
expect_refused 64 "--format: 'csv' is not one of" \
    prefixes import "$T/t.pfx2as" --format csv --date 2014-01-01
expect_refused 64 "--date" prefixes import "$T/t.pfx2as" --date yesterday
expect_refused 64 "needs --name" prefixes import - --date 2014-01-01
expect_refused 64 "bad --name" prefixes import "$T/t.pfx2as" --name ../x
head -c 200 "$T/ipasn_20081101.dat.gz" >"$T/cut_20100101.dat.gz"
printf 'garbage' >>"$T/cut_20100101.dat.gz"
expect_refused 65 "corrupt gzip data" prefixes import "$T/cut_20100101.dat.gz"
ls -A "$TABLES" >"$T/tables.after"
cmp -s "$T/tables.before" "$T/tables.after" ||
    fail "the tables folder changed: $(cat "$T/tables.after")"

step "a cut-off download keeps what was read, with a warning"
head -c 150 "$T/ipasn_20081101.dat.gz" >"$T/short_20100101.dat.gz"
expect_code 0 dp prefixes import "$T/short_20100101.dat.gz" --json
expect_err "ends early (a cut-off download?)"
json_check 'eq(d["truncated"], True); assert d["prefixes4"] >= 1'

step "export: the lookup file, refused over a file without --force"
expect_code 0 dp prefixes export caida -o "$T/caida.ptab"
expect_out "wrote the lookup file of table 'caida' to $T/caida.ptab"
cmp -s "$T/caida.ptab" "$TABLES/caida.ptab" ||
    fail "the exported file is not the table's lookup file"
expect_code 73 dp prefixes export caida -o "$T/caida.ptab"
# said once, plainly (it was once said twice, the first time as a prefix)
expect_err_re "^depeer: '.*/caida.ptab' exists; give --force to replace it\$"
expect_no_err "(give --force"
expect_code 0 dp prefixes export ipasn_20081101 -o "$T/caida.ptab" --force
cmp -s "$T/caida.ptab" "$TABLES/ipasn_20081101.ptab" ||
    fail "--force did not replace the file"
expect_code 64 dp prefixes export caida
expect_code 66 dp prefixes export nosuch -o "$T/x.ptab"

step "rm: the row kept and marked, chunks and lookup file gone"
expect_code 0 dp prefixes rm caida
expect_out "removed table 'caida' (3 IPv4 and 1 IPv6 prefixes)"
[ ! -e "$TABLES/caida.ptab" ] || fail "rm left the lookup file"
expect_sql "SELECT removed_seq IS NOT NULL FROM prefix_tables WHERE name = 'caida'" 1
expect_sql "SELECT count(*) FROM prefix_table_chunks WHERE table_id = 2" 0
expect_sql "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1" prefixes.rm
expect_code 66 dp prefixes rm caida
expect_code 66 dp prefixes lookup caida 1.0.0.1
expect_code 0 dp prefixes import "$T/t.pfx2as" --name caida --date 2014-05-14
expect_code 0 dp prefixes lookup caida 1.0.0.1
expect_out "1.0.0.1	1.0.0.0/24	13335"
expect_code 0 dp verify
expect_out "intact"

step "the NAME operand: one, well-formed, known; a name in use is refused as elsewhere"
for sub in rm show export; do
	expect_code 64 dp prefixes $sub
	expect_err "'prefixes $sub' needs one table NAME"
	expect_code 64 dp prefixes $sub caida ipasn_20081101
	expect_err "'prefixes $sub' needs one table NAME"
	expect_code 64 dp prefixes $sub ../caida
	expect_err "bad table name '../caida': 1 to 64 letters"
done
expect_code 64 dp prefixes lookup ../caida 1.0.0.1
expect_err "bad table name '../caida'"
expect_code 64 dp prefixes import "$T/t.pfx2as" --name 'a b'
expect_err "bad --name 'a b': 1 to 64 letters"
db_snap
expect_code 66 dp prefixes rm nope
expect_err "nope"
expect_code 66 dp prefixes show nope
expect_code 66 dp prefixes export nope -o "$T/nope.ptab"
[ ! -e "$T/nope.ptab" ] || fail "export of an unknown table wrote a file"
expect_code 66 dp prefixes lookup nope 1.0.0.1
# a name in use is bad input (65), as a provider or series name in use is
expect_code 65 dp prefixes import "$T/t.pfx2as" --name caida --date 2014-05-15
expect_err "a prefix table named 'caida' exists"
expect_db_unchanged
dp provider add McColo >/dev/null
expect_code 65 dp provider add McColo
expect_err "exists"

finish
