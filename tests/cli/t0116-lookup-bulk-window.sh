#!/bin/sh
# lookup --bulk of more indicators than are looked up at a time (5000,
# BULK_WINDOW): every one is resolved and printed once, in the order of
# the file, and Team Cymru is still asked in bulk queries of 5000.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
N=12001
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
	printf "10.%d.%d.%d\n", int(i / 65536), int(i / 256) % 256, i % 256 }' \
    >"$T/list"
# One line in the middle is an AS number, which Team Cymru's address
# service is not asked about: that one is not resolved (exit 69).
sed -i '7000s/.*/AS26780/' "$T/list"
log=$T/net/log

step "12,001 indicators, Team Cymru only"
expect_code 69 dp lookup --bulk "$T/list" --source cymru --json
expect_err "list:7000: AS26780: no registry answered"
expect_err "1 of 12001 not resolved"
CHECKS=$((CHECKS + 1))
python3 - "$T/out" "$T/list" <<'PY' || fail "the rows are not the file's, in order"
import json, sys
rows = json.load(open(sys.argv[1]))
want = [l.strip() for l in open(sys.argv[2])]
got = [r["query"] for r in rows]
if got != want:
    bad = next(i for i, (a, b) in enumerate(zip(got, want)) if a != b) \
        if len(got) == len(want) else min(len(got), len(want))
    sys.exit("%d rows, want %d; first difference at %d" %
             (len(got), len(want), bad))
PY
n=$(grep -c "^whois.cymru.com${TAB:-	}begin" "$log")
[ "$n" = 3 ] || fail "$n Team Cymru bulk queries, want 3 (5000, 5000, 2000)"
CHECKS=$((CHECKS + 1))

step "from the store: nothing asked again"
before=$(wc -l <"$log")
expect_code 69 dp lookup --bulk "$T/list" --source cymru
[ "$(wc -l <"$log")" = "$before" ] || fail "the second run asked again"
[ "$(grep -c '^10\.' "$T/out")" = $((N - 1)) ] ||
    fail "the second run printed $(grep -c '^10\.' "$T/out") addresses"
CHECKS=$((CHECKS + 2))
expect_code 0 dp verify

finish
