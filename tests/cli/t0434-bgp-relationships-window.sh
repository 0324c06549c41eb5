#!/bin/sh
# depeer bgp relationships --from/--to: the inference from the imports
# whose date is in the window only (by default every import); a bare date
# given to --to takes in its whole day; the window in the text and JSON
# outputs, --compare included; bad dates, a reversed window, and a window
# without an import.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
gen() { python3 "$HERE/mrtgen.py" "$@"; }

# 2008-09-01T06:00:00Z: McColo (26780) behind 3549
gen rib "$T/sep.mrt" 1220248800 <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 3549 26780
EOF
# 2008-10-01T00:00:00Z: behind 1299
gen rib "$T/oct.mrt" 1222819200 <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 1299 26780
3356 192.0.2.2 208.66.192.0/22 3356 1299 26780
EOF
expect_code 0 dp bgp import "$T/sep.mrt" "$T/oct.mrt"

step "by default every import"
expect_code 0 dp bgp relationships
expect_out "# inferred by depeer from 2 BGP imports"
expect_out "3549|26780|-1"
expect_out "1299|26780|-1"
expect_code 0 dp bgp relationships --json
json_check "eq(d['from'], None); eq(d['to'], None); eq(d['imports'], 2)"

step "--from: the later import only"
expect_code 0 dp bgp relationships --from 2008-10-01
expect_out "# inferred by depeer from 1 BGP import dated from 2008-10-01T00:00:00Z on"
expect_out "1299|26780|-1"
expect_no_out "3549|"
expect_code 0 dp bgp relationships --from 2008-09-15T12:00:00+02:00 --json
json_check "eq(d['from'], '2008-09-15T10:00:00Z'); eq(d['to'], None)
eq(d['imports'], 1)
eq([l for l in d['links'] if l['b'] == 26780], [{'a': 1299, 'b': 26780, 'rel': -1}])"

step "--to: a bare date takes in its day, a time is where it stops"
expect_code 0 dp bgp relationships --to 2008-09-01
expect_out "# inferred by depeer from 1 BGP import dated up to 2008-09-01T23:59:59Z"
expect_out "3549|26780|-1"
expect_no_out "1299|"
expect_code 66 dp bgp relationships --to 2008-09-01T05:59:59Z
expect_err "no BGP path imported with a date in the window asked (0 imports in it)"
expect_code 0 dp bgp relationships --from 2008-09-01 --to 2008-10-01 --json
json_check "eq(d['imports'], 2); eq(d['from'], '2008-09-01T00:00:00Z')
eq(d['to'], '2008-10-01T23:59:59Z')"
expect_code 0 dp bgp relationships --from 2008-09-01T06:00:00Z --to 2008-09-01T06:00:00Z
expect_out "# inferred by depeer from 1 BGP import dated from 2008-09-01T06:00:00Z to 2008-09-01T06:00:00Z"

step "--compare over a window"
printf '3549|26780|-1\n1299|26780|-1\n' >"$T/ref.txt"
expect_code 0 dp bgp relationships --from 2008-10-01 --compare "$T/ref.txt" --json
json_check "eq(d['imports'], 1); eq(d['links_both'], 1)
eq(d['from'], '2008-10-01T00:00:00Z')"
expect_code 0 dp bgp relationships --to 2008-09-30 --compare "$T/ref.txt"
expect_out "from 1 BGP import dated up to 2008-09-30T23:59:59Z"
expect_out "links inferred: "

step "bad windows"
expect_code 65 dp bgp relationships --from yesterday
expect_err "--from: invalid time 'yesterday'"
expect_code 65 dp bgp relationships --to 2008-13-01
expect_err "--to: invalid time"
expect_code 64 dp bgp relationships --from 2008-10-02 --to 2008-10-01
expect_err "--from 2008-10-02 is after --to 2008-10-01"
expect_code 66 dp bgp relationships --from 2009-01-01
expect_err "(0 imports in it)"

finish
