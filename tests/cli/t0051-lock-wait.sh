#!/bin/sh
# Another process holds the case database's write lock: depeer waits for
# it (up to the busy timeout) and, after a second, says once why it
# waits instead of seeming to hang; a short wait says nothing.
. "$(dirname "$0")/lib.sh"

dp init >/dev/null

# hold SECONDS: the sqlite3 shell takes the write lock and keeps it for
# SECONDS; returns once it holds it.
hold() {
	rm -f "$T/locked"
	sqlite3 "$DB" "BEGIN IMMEDIATE" ".shell touch '$T/locked'" \
	    ".shell sleep $1" "COMMIT" >/dev/null 2>&1 &
	holder=$!
	_i=0
	while [ ! -f "$T/locked" ] && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	[ -f "$T/locked" ] || fail "the sqlite3 shell did not take the lock"
}

step "a long wait is explained, once"
hold 3
expect_code 0 dp provider add Waiter
wait "$holder"
expect_out "added provider 1 'Waiter'"
expect_err "depeer: waiting for another depeer process (database locked)..."
[ "$(grep -c 'database locked' "$T/err")" -eq 1 ] ||
    fail "the wait was told more than once"
CHECKS=$((CHECKS + 1))
expect_sql "SELECT name FROM providers" Waiter

step "a short wait says nothing"
hold 0.3
expect_code 0 dp provider add Quick
wait "$holder"
expect_err_empty
expect_sql "SELECT count(*) FROM providers" 2

step "another command that writes: the same"
hold 3
expect_code 0 dp evidence add --provider Waiter --kind c2 \
    --indicator 192.0.2.10
wait "$holder"
expect_err "depeer: waiting for another depeer process (database locked)..."
expect_code 0 dp verify

finish
