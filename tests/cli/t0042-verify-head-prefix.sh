#!/bin/sh
# verify --expect-head takes an abbreviated head, as log prints it: 12 to
# 64 hex digits in either case; shorter, longer or non-hex is a usage
# error (64), and a prefix that no entry has fails the check (1).
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 >/dev/null 2>&1
dp provider add Atrivo >/dev/null
dp provider edit Atrivo --country RU >/dev/null
first=$(sqlq "SELECT hash FROM audit_log WHERE seq = 1")
head=$(sqlq "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
short=$(echo "$first" | cut -c 1-12)

step "a 12-digit prefix of an earlier entry"
expect_code 0 dp verify --expect-head "$short"
expect_out_re "^intact: 3 audit entries"
expect_err_empty
expect_code 0 dp verify --json --expect-head "$short"
json_check "eq(d['ok'], True); eq(d['head'], '$head')"

step "either case, any length from 12 to 64"
expect_code 0 dp verify --expect-head "$(echo "$short" | tr a-f A-F)"
expect_code 0 dp verify --expect-head "$(echo "$head" | cut -c 1-40 | tr a-f A-F)"
expect_code 0 dp verify --expect-head "$head"

step "a prefix no entry has"
other=$(python3 -c "import sys; p=sys.argv[1]; print(('0' if p[0] != '0' else '1') + p[1:])" "$short")
expect_code 1 dp verify --expect-head "$other"
expect_err "the expected head $other is not in the audit chain"

step "too short, too long, not hex: usage errors"
expect_code 64 dp verify --expect-head "$(echo "$first" | cut -c 1-11)"
expect_err "at least its first 12"
expect_code 64 dp verify --expect-head "${head}0"
expect_code 64 dp verify --expect-head "$(echo "$short" | cut -c 1-11)g"
expect_code 64 dp verify --expect-head ""
expect_out_empty

finish
