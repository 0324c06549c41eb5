#!/bin/sh
# bgp dump: what it is given.  Standard input; plain, gzip and bzip2
# alike; --count as text and JSON (with the SHA-256 of the bytes read);
# a cut-off and a corrupt gzip file read as far as they go, exit 65;
# a file that is not MRT; a missing file beside a good one (the good one
# still printed, the first bad status kept); --warn-limit; bad command
# lines.  Needs ../shared/routing (or DEPEER_ROUTING).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

R=${DEPEER_ROUTING:-$TOP/../shared/routing}
if [ ! -d "$R/bgpdump" ]; then
	fail "needs the routing data of ../shared/routing (see its" \
	    "MANIFEST.md; or set DEPEER_ROUTING)"
	finish
fi
U=$R/bgpdump/updates.20160811.1600.gz

step "the same lines from gzip, plain and standard input"
expect_code 0 dp bgp dump "$U"
cp "$T/out" gz.out
CHECKS=$((CHECKS + 1))
[ "$(wc -l <gz.out)" -eq 41234 ] || fail "$(wc -l <gz.out) lines"
gzip -dc "$U" >plain.mrt
expect_code 0 dp bgp dump plain.mrt
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" gz.out || fail "plain and gzip differ"
run sh -c '"$DEPEER" bgp dump - <"$1"' sh "$U"
CHECKS=$((CHECKS + 1))
[ "$RC" -eq 0 ] && cmp -s "$T/out" gz.out || fail "standard input differs"
bzip2 -c plain.mrt >u.bz2
expect_code 0 dp bgp dump u.bz2
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" gz.out || fail "bzip2 and gzip differ"

step "--count, as text and as JSON"
expect_code 0 dp bgp dump --count "$U" plain.mrt
# The counts of bgpdump's expected output (cut -d"|" -f3 | uniq -c).
expect_out "updates.20160811.1600.gz: 17406 records, 41234 elements (0 B, 39256 A, 1956 W, 22 STATE), 0 skipped, 0 warnings"
expect_out "plain.mrt: 17406 records, 41234 elements"
expect_code 0 dp --json bgp dump --count "$U"
sum=$(sha256sum "$U" | cut -d' ' -f1)
json_check "
eq(len(d), 1)
f = d[0]
eq(f['format'], 'gzip')
eq(f['elements'], 41234)
eq(f['announce'] + f['withdraw'] + f['state'], 41234)
eq(f['records'], 17406)
eq(f['truncated'], False)
eq(f['warnings'], 0)
eq(f['sha256'], '$sum')"

step "a gzip file cut short: read up to the cut, exit 65"
head -c 200000 "$U" >cut.gz
expect_code 65 dp bgp dump cut.gz
expect_err "the gzip stream ends early: the file is truncated"
expect_err_re "cut.gz: offset [0-9]+: record of type 16 subtype 4 declares"
n=$(wc -l <"$T/out")
CHECKS=$((CHECKS + 1))
[ "$n" -gt 1000 ] && [ "$n" -lt 41234 ] || fail "$n lines from the cut file"
head -n "$n" gz.out >want
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" want || fail "the lines before the cut differ"
expect_code 65 dp --json bgp dump --count cut.gz
json_check "eq(d[0]['truncated'], True)"

step "a corrupt gzip file: an error with the offset, exit 65"
"$PYTHON" - "$U" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(150000, 150040):
    b[i] ^= 0x55
open("bad.gz", "wb").write(b)
PY
expect_code 65 dp bgp dump bad.gz
expect_err_re "depeer: 'bad.gz': corrupt gzip data at compressed byte [0-9]+"
CHECKS=$((CHECKS + 1))
[ -s "$T/out" ] || fail "nothing printed before the damage"

step "xz is named, not read as MRT"
"$PYTHON" -c 'import lzma, sys; open("u.xz", "wb").write(lzma.compress(open(sys.argv[1], "rb").read()))' plain.mrt
expect_code 65 dp bgp dump u.xz
expect_err "depeer: 'u.xz' is compressed with xz, which is not read (gzip, bzip2 and zstd are); decompress it first (xz -d)"
expect_out_empty

step "not MRT at all"
printf 'BGP4MP|1470931200|A|2001:7f8:54::188|59689|2804:14d::/40|\n' >text
expect_code 65 dp bgp dump text
expect_err "depeer: 'text': not an MRT file (its first record has type"
expect_out_empty
: >empty
expect_code 0 dp bgp dump empty
expect_out_empty
expect_err_empty

step "a missing file beside good ones: those printed, 66"
expect_code 66 dp bgp dump nonesuch "$U"
expect_err "cannot open 'nonesuch'"
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" gz.out || fail "the good file's lines are not all there"
expect_code 66 dp bgp dump .
expect_err "'.' is a directory, not a regular file"
expect_code 65 dp bgp dump text nonesuch
expect_code 0 dp bgp dump empty "$U"

step "--warn-limit: N warnings, then a count"
# A PEER_INDEX_TABLE with one peer (31 bytes), then a RIB record whose
# 40 entries name peer 9: 40 warnings, each at its entry's offset (the
# first at 31 + 12 + 10 = 53, 8 bytes apart).
"$PYTHON" - <<'PY'
import struct
def rec(t, st, body):
    return struct.pack(">IHHI", 1400000000, t, st, len(body)) + body
peers = (bytes([198, 51, 100, 1]) + struct.pack(">H", 0) +
         struct.pack(">H", 1) + bytes([0]) + bytes(4) +
         bytes([192, 0, 2, 1]) + struct.pack(">H", 64500))
entries = b"".join(struct.pack(">HIH", 9, 0, 0) for _ in range(40))
rib = struct.pack(">IB", 0, 24) + bytes([192, 0, 2]) + \
    struct.pack(">H", 40) + entries
open("badpeers.mrt", "wb").write(rec(13, 1, peers) + rec(13, 2, rib))
PY
expect_code 65 dp bgp dump --warn-limit 3 badpeers.mrt
expect_err "badpeers.mrt: offset 53: RIB entry names peer 9 but the peer table has 1; entry skipped"
expect_err "badpeers.mrt: offset 61: RIB entry names peer 9"
expect_err "badpeers.mrt: 37 more warnings not shown (--warn-limit)"
CHECKS=$((CHECKS + 1))
[ "$(grep -c 'names peer 9' "$T/err")" -eq 3 ] || fail "not 3 warnings"
expect_code 65 dp bgp dump badpeers.mrt
CHECKS=$((CHECKS + 1))
[ "$(grep -c 'names peer 9' "$T/err")" -eq 40 ] || fail "not 40 warnings"
expect_code 65 dp bgp dump --warn-limit 0 badpeers.mrt
expect_err "40 more warnings not shown"

step "bad command lines"
expect_code 64 dp bgp dump
expect_err "'bgp dump' needs a FILE"
expect_code 64 dp --json bgp dump "$U"
expect_err "--json goes with --count"
expect_code 64 dp bgp dump --warn-limit x "$U"
expect_err "'--warn-limit': 'x' is not a whole number"
expect_code 64 dp bgp dump --warn-limit -1 "$U"
expect_code 64 dp bgp dump - -
expect_err "standard input (-) named more than once"
expect_code 64 dp bgp dump --nonesuch "$U"
expect_code 64 dp bgp nonesuch

finish
