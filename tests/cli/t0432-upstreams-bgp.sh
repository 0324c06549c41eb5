#!/bin/sh
# depeer upstreams with the case's BGP imports: offline, the left
# neighbours of the latest import that saw the origin are its upstreams
# (a peer-peer link is not transit); with the loopback registries, the
# BGP evidence sits beside RIPEstat's and the run verifies; --history
# shows the observations of four dated imports and an updates file: a
# gained upstream, lost ones, a gap with no announcement.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
gen() { python3 "$HERE/mrtgen.py" "$@"; }

# Every snapshot: the clique 7018 3356 174 with customers, so that the
# relationships can be inferred.
backbone() {
	cat <<'EOF'
3356 192.0.2.2 10.1.0.0/24 3356 7018 100
174 192.0.2.3 10.1.0.0/24 174 7018 100
7018 192.0.2.1 10.2.0.0/24 7018 3356 200
174 192.0.2.3 10.2.0.0/24 174 3356 200
7018 192.0.2.1 10.3.0.0/24 7018 174 300
3356 192.0.2.2 10.3.0.0/24 3356 174 300
3356 192.0.2.2 10.4.0.0/24 3356 7018 3549 9000
7018 192.0.2.1 10.5.0.0/24 7018 3356 6939 9100
7018 192.0.2.1 10.6.0.0/24 7018 174 1299 9200
EOF
}
# 2008-09-01: McColo behind Global Crossing and Hurricane Electric, and
# peering with 8075.
{ backbone; cat <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 6939 26780
174 192.0.2.3 208.66.192.0/22 174 3356 6939 26780
174 192.0.2.3 208.72.168.0/21 174 3356 6939 26780
8075 192.0.2.4 208.66.192.0/22 8075 26780
EOF
} | gen rib "$T/sep.mrt" 1220227200
# 2008-10-01: and behind 1299 too; the peering gone.
{ backbone; cat <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 6939 26780
7018 192.0.2.1 208.72.168.0/21 7018 174 1299 26780
3356 192.0.2.2 208.72.168.0/21 3356 174 1299 26780
EOF
} | gen rib "$T/oct.mrt" 1222819200
# 2008-11-12: cut off, not announced at all.
backbone | gen rib "$T/nov12.mrt" 1226448000
# 2008-11-20: back, behind 1299 only.
{ backbone; cat <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 174 1299 26780
EOF
} | gen rib "$T/nov20.mrt" 1227139200
# Updates of 2008-11-11: the cut-off, every route withdrawn.
gen updates "$T/cut.mrt" <<'EOF'
1226424000 A 7018 192.0.2.1 208.66.192.0/22 7018 3549 26780
1226437380 W 7018 192.0.2.1 208.66.192.0/22
1226437390 W 3356 192.0.2.2 208.66.192.0/22
EOF
# Updates that do not mention McColo.
gen updates "$T/other.mrt" <<'EOF'
1226500000 A 7018 192.0.2.1 10.9.0.0/24 7018 3356 200
EOF

step "offline: the latest import's left neighbours, a peer is not transit"
expect_code 0 dp bgp import "$T/sep.mrt"
DEPEER_CONNECT_TO=::127.0.0.1:9 DEPEER_RETRIES=0
export DEPEER_CONNECT_TO DEPEER_RETRIES
expect_code 0 dp upstreams AS26780 --json
json_check "o = d['origins'][0]
eq([u['asn'] for u in o['upstreams']], [3549, 6939])
eq(o['inconclusive'], True)
u = o['upstreams'][0]
eq(u['confidence'], 0.54)
eq([(e['method'], e['source']) for e in u['evidence']], [('bgp', None)])
eq(u['evidence'][0]['detail'], 'left neighbour in 2 paths from 2 vantage '
   'points (bgp import #1, 2008-09-01T00:00:00Z); inferred provider of the origin')"
expect_code 0 dp upstreams AS26780
expect_out "bgp: left neighbour in 2 paths from 2 vantage points (bgp import #1, 2008-09-01T00:00:00Z)"
expect_no_out "AS8075"
# An AS no import saw and no registry answered for.
expect_code 69 dp upstreams AS64500
expect_err "no registry answered"
unset DEPEER_CONNECT_TO DEPEER_RETRIES
expect_code 0 dp verify

step "with the registries: BGP evidence beside RIPEstat's, the run verifies"
fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
expect_code 0 dp upstreams AS26780 --refresh --json
json_check "o = d['origins'][0]
u = {x['asn']: x for x in o['upstreams']}
eq({'bgp', 'ripestat'} <= set(e['method'] for e in u[3549]['evidence']), True)
eq(8075 in u, False)"
expect_code 0 dp verify
expect_out "intact"
fakenet_stop

step "--history: gains, losses and gaps over the imports"
expect_code 0 dp bgp import "$T/oct.mrt" "$T/nov12.mrt" "$T/cut.mrt" \
    "$T/other.mrt" "$T/nov20.mrt"
expect_code 0 dp upstreams AS26780 --history --json
json_check "b = d['origins'][0]['bgp']
eq(b['distinct_upstreams'], 4); eq(b['changes'], 2); eq(b['gaps'], 2)
eq([(o['observed_at'], o['kind'], o['announced'],
     [u['upstream'] for u in o['upstreams']], o['gained'], o['lost'])
    for o in b['observations']],
   [('2008-09-01T00:00:00Z', 'rib', True, [6939, 3549, 8075], [], []),
    ('2008-10-01T00:00:00Z', 'rib', True, [1299, 3549, 6939], [1299], [8075]),
    ('2008-11-11T21:03:10Z', 'updates', False, [3549], [], []),
    ('2008-11-12T00:00:00Z', 'rib', False, [], [], []),
    ('2008-11-20T00:00:00Z', 'rib', True, [1299], [], [3549, 6939])])
o = b['observations'][0]
eq((o['prefixes'], o['paths'], o['vantage_points']), (2, 6, 4))
eq(o['upstreams'][0], {'upstream': 6939, 'paths': 3, 'vantage_points': 2})"
expect_code 0 dp upstreams AS26780 --history
expect_out "BGP observations: 4 distinct upstreams, 2 changes, 2 gaps"
expect_out_re "2008-10-01T00:00:00Z +#2 +rib +yes +AS1299 \(2\) AS3549 \(1\) AS6939 \(1\) +\+AS1299 -AS8075"
expect_out_re "2008-11-12T00:00:00Z +#3 +rib +no +- +not announced"
expect_out_re "2008-11-20T00:00:00Z +#6 +rib +yes +AS1299 \(1\) +-AS3549 -AS6939"
# The upstreams command reads the latest import that saw the origin
# (the registries' answers come from the case's store).
DEPEER_CONNECT_TO=::127.0.0.1:9 DEPEER_RETRIES=0 expect_code 0 dp upstreams AS26780 --json
json_check "u = {x['asn']: [e['detail'] for e in x['evidence'] if e['method'] == 'bgp']
    for x in d['origins'][0]['upstreams']}
eq(u[1299], ['left neighbour in 1 path from 1 vantage point (bgp import #6, '
   '2008-11-20T00:00:00Z); inferred provider of the origin'])
eq(u[3549], [])"
expect_code 0 dp verify
expect_out "intact"

finish
