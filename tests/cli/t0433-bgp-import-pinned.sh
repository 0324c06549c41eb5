#!/bin/sh
# depeer bgp import on real files pinned: the observation rows of the
# RouteViews RIB excerpt and of bgpdump's test files (TABLE_DUMP,
# TABLE_DUMP_V2, BGP4MP updates) hash to the content_sha256 values they
# had when first imported, and verify finds the stored rows the same, so
# that a faster import cannot count differently unseen.  Needs
# ../shared/routing (or DEPEER_ROUTING).
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"

R=${DEPEER_ROUTING:-$TOP/../shared/routing}
if [ ! -r "$R/rib.20140523.0600_firstMB.bz2" ] ||
    [ ! -r "$R/bgpdump/updates.20160811.1600.gz" ]; then
	fail "needs the routing data of ../shared/routing (see its" \
	    "MANIFEST.md; or set DEPEER_ROUTING)"
	finish
fi

step "one command, five files: each import's rows as pinned"
expect_code 0 dp init
expect_code 0 dp bgp import --json "$R/rib.20140523.0600_firstMB.bz2" \
    "$R/bgpdump/updates.20160811.1600.gz" \
    "$R/bgpdump/bview.20020722.2337.gz" \
    "$R/bgpdump/updates.20070211.0141.gz" \
    "$R/bgpdump/updates.20020722.2238.gz"
json_check "v = d['imports']
want = [
 ('rib', 270005, 266678, 35, 0, 3222, 87, 18, 0,
  '6dce62ab5afa2985835493a25c488579af8243b569cef075b7163872a8945421'),
 ('updates', 41234, 39205, 35, 1956, 49, 0, 2, 0,
  '1f8f797924c45c59d8a5db6a15d6843aa11897244ad25a37c10f060f16699c7f'),
 ('rib', 115521, 115342, 36, 0, 18, 160, 1, 0,
  'd077cc9b6faa0533caa9db6820098c8e0eaf07fb9b10e9fb62cba3f969503315'),
 ('updates', 53657, 51163, 31, 2270, 35, 38, 0, 0,
  '8ed060c0cc7ba00e82f4302a96378c2c1c22618551efc6232ac78e9ec4410b2a'),
 ('updates', 3337, 825, 3, 2419, 0, 0, 0, 0,
  '2f7c40b2ec801daa54dfd34a0858995e338b4cc1514691584bfbd639f88594d9')]
eq(len(v), len(want))
for i, w in zip(v, want):
    x = i['dropped']
    eq((i['kind'], i['elems'], i['paths'], i['vantage_points'],
        i['withdrawals'], x['loop'], x['as_set'], x['reserved'],
        x['empty'], i['content_sha256']), w)"
expect_sql "SELECT count(*) FROM bgp_origins WHERE import_id = 1" 2170
expect_sql "SELECT records FROM bgp_packed WHERE import_id = 1 AND part = 'triplets'" 46903
expect_code 0 dp verify
expect_out "intact"

finish
