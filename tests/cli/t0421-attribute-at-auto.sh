#!/bin/sh
# depeer attribute with the case's tables: --at auto (the default) takes
# for each line the latest table taken at or before it, and the oldest
# for a line older than every table; --table NAME one table for all.
# Two tables in which 10.0.1.0/24 changed origin, and lines before the
# first, at it, between, at the second and after.
. "$(dirname "$0")/lib.sh"

dp init >/dev/null
printf '10.0.0.0\t16\t64500\n10.0.1.0\t24\t64501\n' > old.txt
printf '10.0.0.0\t16\t64500\n10.0.1.0\t24\t64511\n' > new.txt
expect_code 0 dp prefixes import old.txt --name old \
    --date 2008-11-01T00:00:00Z --format pfx2as
expect_code 0 dp prefixes import new.txt --name new \
    --date 2008-11-15T00:00:00Z --format pfx2as
cat > a.log <<'EOF'
2008-10-31T23:00:00Z 10.0.1.1
2008-11-01T00:00:00Z 10.0.1.1
2008-11-14T23:59:59Z 10.0.1.1
2008-11-15T00:00:00Z 10.0.1.1
2008-12-01T00:00:00Z 10.0.1.1
EOF

step "--at auto: each line with the table of its time"
expect_code 0 dp attribute --at auto --interval 1d a.log
cat > want <<'EOF'
interval_start,key,count
2008-10-31T00:00:00Z,AS64501,1
2008-11-01T00:00:00Z,AS64501,1
2008-11-14T00:00:00Z,AS64501,1
2008-11-15T00:00:00Z,AS64511,1
2008-12-01T00:00:00Z,AS64511,1
EOF
cmp -s "$T/out" want || fail "--at auto: $(diff want "$T/out")"
expect_err "depeer: warning: 1 line older than the oldest table 'old' (2008-11-01T00:00:00Z) was attributed with it"

step "the default is --at auto; --json counts the lines of each table"
expect_code 0 dp attribute --interval 1d a.log --json
json_check "
eq([(t['name'], t['taken_at'], t['lines']) for t in d['tables']],
   [('old', '2008-11-01T00:00:00Z', 3), ('new', '2008-11-15T00:00:00Z', 2)])
eq(d['early'], 1)"

step "--table NAME: one table for every line"
expect_code 0 dp attribute --table new --interval 1d a.log
expect_no_out "AS64501"
[ "$(grep -c AS64511 "$T/out")" = 5 ] || fail "not all lines by 'new'"
expect_code 66 dp attribute --table nosuch a.log
expect_err "no prefix table named 'nosuch'"

step "a case without tables"
expect_code 0 dp --db "$T/empty.db" init
expect_code 66 dp --db "$T/empty.db" attribute a.log
expect_err "the case has no prefix table"

finish
