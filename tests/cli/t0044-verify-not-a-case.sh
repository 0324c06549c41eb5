#!/bin/sh
# Files that hold no case, or whose schema version does not match its
# tables: verify and the other commands say so with the documented status
# (66: no case there; 65: damaged) and write nothing, never an internal
# error, never a case made in passing.
. "$(dirname "$0")/lib.sh"

# no_trace FILE: nothing written beside FILE
no_trace() {
	CHECKS=$((CHECKS + 1))
	for _x in -wal -shm -journal; do
		[ ! -e "$1$_x" ] || fail "'$1$_x' was left behind"
	done
}

step "a zero-byte file holds no case"
: >"$T/empty.db"
for cmd in verify log "provider list" "evidence list" "source show 1"; do
	# shellcheck disable=SC2086
	expect_code 66 dp --db "$T/empty.db" $cmd
	expect_err "no case at"
	expect_err "empty.db"
	expect_out_empty
	CHECKS=$((CHECKS + 1))
	[ ! -s "$T/empty.db" ] || fail "'$cmd' wrote to the empty file"
	no_trace "$T/empty.db"
done
expect_code 66 dp --db "$T/empty.db" verify --json
expect_out_empty

step "a missing file holds no case"
expect_code 66 dp --db "$T/none.db" verify
expect_err "none.db"
expect_code 66 dp --db "$T/none.db" log
CHECKS=$((CHECKS + 1))
[ ! -e "$T/none.db" ] || fail "verify created the missing file"
no_trace "$T/none.db"

step "a command that starts a case still may, in an empty file"
expect_code 0 dp --db "$T/empty.db" init
expect_code 0 dp --db "$T/empty.db" verify

dp init >/dev/null
dp provider add McColo --asn 26780 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 >/dev/null
expect_code 0 dp verify
tamper_base

# damaged CMD...: exit 65, the file named damaged, stdout empty
damaged() {
	expect_code 65 dp --db "$W" "$@"
	expect_err "damaged"
	expect_err "w.db"
	expect_out_empty
}

step "a negative schema version is damage"
tamper "PRAGMA user_version = -1"
damaged verify
expect_err "-1"
damaged log
damaged provider list
damaged evidence add --provider McColo --kind c2 --indicator 1.2.3.4
expect_sql --db "$W" "SELECT count(*) FROM evidence" 1
expect_sql --db "$W" "PRAGMA user_version" -1
tamper "PRAGMA user_version = -2147483648"
damaged verify

step "a schema version lower than the tables is damage"
tamper "PRAGMA user_version = 3"
damaged verify
expect_err "schema version 3"
damaged log
damaged provider list
expect_sql --db "$W" "PRAGMA user_version" 3
tamper "PRAGMA user_version = 0"
damaged verify
damaged evidence list
# A version whose tables are those of the case's (the newest one's, less
# one migration that rebuilds tables) is no damage: it is migrated again.

step "tables a schema version does not make"
tamper "CREATE TABLE extra (x INTEGER)"
detected "table extra is not one depeer makes"

finish
