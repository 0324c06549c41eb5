#!/bin/sh
# depeer bgp relationships: transit told from peering on a hand-built
# RIB whose relationships are known (a clique of three, transit
# providers below it, stubs, a McColo-like origin with two upstreams and
# a peer), CAIDA's serial-1 format out, --compare per class; bad
# operands and files; then the RouteViews excerpt of 2014-05-23 against
# CAIDA's 2015-02-01 file, whose figures depeer-bgp(1) states.  Needs
# ../shared/routing (or DEPEER_ROUTING) for the last step.
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
gen() { python3 "$HERE/mrtgen.py" "$@"; }

step "nothing imported, bad operands"
expect_code 0 dp init
expect_code 66 dp bgp relationships
expect_err "no BGP path imported"
expect_code 64 dp bgp relationships extra
expect_code 64 dp bgp relationships --compare

# Vantage points 7018, 3356, 174 (the clique), 8075 (a peer of 26780).
gen rib "$T/rib.mrt" 1220227200 <<'EOF'
3356 192.0.2.2 10.1.0.0/24 3356 7018 100
174 192.0.2.3 10.1.0.0/24 174 7018 100
7018 192.0.2.1 10.2.0.0/24 7018 3356 200
174 192.0.2.3 10.2.0.0/24 174 3356 200
7018 192.0.2.1 10.3.0.0/24 7018 174 300
3356 192.0.2.2 10.3.0.0/24 3356 174 300
3356 192.0.2.2 10.4.0.0/24 3356 7018 3549 9000
174 192.0.2.3 10.4.0.0/24 174 7018 3549 9000
7018 192.0.2.1 10.5.0.0/24 7018 3356 6939 9100
174 192.0.2.3 10.5.0.0/24 174 3356 6939 9100
7018 192.0.2.1 10.6.0.0/24 7018 174 1299 9200
3356 192.0.2.2 10.6.0.0/24 3356 174 1299 9200
7018 192.0.2.1 208.66.192.0/22 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 6939 26780
174 192.0.2.3 208.66.192.0/22 174 3356 6939 26780
8075 192.0.2.4 208.66.192.0/22 8075 26780
EOF
expect_code 0 dp bgp import "$T/rib.mrt"

step "the links as built, in CAIDA's format"
expect_code 0 dp bgp relationships
expect_out "# clique: 174 3356 7018"
grep -v '^#' "$T/out" | sort >"$T/got"
sort >"$T/want" <<'EOF'
174|3356|0
174|7018|0
3356|7018|0
7018|100|-1
3356|200|-1
174|300|-1
7018|3549|-1
3549|9000|-1
3356|6939|-1
6939|9100|-1
174|1299|-1
1299|9200|-1
3549|26780|-1
6939|26780|-1
8075|26780|0
EOF
CHECKS=$((CHECKS + 1))
cmp -s "$T/got" "$T/want" ||
    fail "relationships differ: $(diff "$T/want" "$T/got" | tr '\n' ' ')"
expect_code 0 dp bgp relationships --json
json_check "eq(d['clique'], [174, 3356, 7018])
eq(len(d['links']), 15)
eq([l for l in d['links'] if l['b'] == 26780],
   [{'a': 3549, 'b': 26780, 'rel': -1}, {'a': 6939, 'b': 26780, 'rel': -1},
    {'a': 8075, 'b': 26780, 'rel': 0}])"

step "--compare: agreement per class"
cat >"$T/ref.txt" <<'EOF'
# a reference with agreements and disagreements
174|3356|0
7018|3356|0
7018|3549|-1
6939|3356|-1
3549|26780|-1
6939|26780|-1
8075|26780|-1
1299|9200|0
64000|64001|-1
EOF
expect_code 0 dp bgp relationships --compare "$T/ref.txt" --json
json_check "eq(d['links_inferred'], 15); eq(d['links_reference'], 9)
eq(d['links_both'], 8)
c = d['classes']
eq(c['peer_peer'], {'both': 3, 'agree': 2, 'agree_pct': 66.7,
    'ours_p2p': 2, 'ours_p2c': 1, 'ours_c2p': 0})
eq(c['provider_customer'], {'both': 5, 'agree': 3, 'agree_pct': 60.0,
    'ours_p2p': 1, 'ours_p2c': 3, 'ours_c2p': 1})
eq(c['stub_customer'], {'both': 4, 'agree': 2, 'agree_pct': 50.0,
    'ours_p2p': 1, 'ours_p2c': 2, 'ours_c2p': 1})"
expect_code 0 dp bgp relationships --compare "$T/ref.txt"
expect_out "links inferred: 15; in the reference: 9; in both: 8"
expect_out_re "customer is a stub +4 +2 +50.0 +1 +2 +1"
expect_code 66 dp bgp relationships --compare "$T/none.txt"
expect_err "none.txt"
printf '1|2|-1\n3|x|0\n' >"$T/bad.txt"
expect_code 65 dp bgp relationships --compare "$T/bad.txt"
expect_err "line 2"

step "the RouteViews excerpt against CAIDA: the figures of depeer-bgp(1)"
R=${DEPEER_ROUTING:-$TOP/../shared/routing}
if [ ! -r "$R/rib.20140523.0600_firstMB.bz2" ] ||
    [ ! -r "$R/caida/20150201.as-rel.txt" ]; then
	fail "needs the routing data of ../shared/routing (see its" \
	    "MANIFEST.md; or set DEPEER_ROUTING)"
	finish
fi
expect_code 0 dp --db "$T/real.db" bgp import "$R/rib.20140523.0600_firstMB.bz2"
expect_code 0 dp --db "$T/real.db" bgp relationships --compare \
    "$R/caida/20150201.as-rel.txt"
sed -n '/^links inferred: /,$p' "$T/out" >"$T/figures"
# The page's table, troff escapes undone.
sed -n '/^\.Ss Agreement with CAIDA/,/^\.Ed/p' "$TOP/man/depeer-bgp.1" |
    sed -n '/^links inferred: /,/^\.Ed/p' | sed '$d' |
    sed 's/\\-/-/g' >"$T/page"
CHECKS=$((CHECKS + 1))
cmp -s "$T/figures" "$T/page" ||
    fail "depeer-bgp(1) states other figures: $(diff "$T/page" "$T/figures" | tr '\n' ' ')"
expect_code 0 dp --db "$T/real.db" bgp relationships --compare \
    "$R/caida/20150201.as-rel.txt" --json
# What the page says of them.
json_check "c = d['classes']
eq(c['stub_customer']['agree_pct'] >= 95, True)
eq(c['provider_customer']['agree_pct'] >= 80, True)
eq(d['links_both'] > 7000, True)"

finish
