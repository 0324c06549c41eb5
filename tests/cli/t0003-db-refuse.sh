#!/bin/sh
# Databases depeer must refuse without harm: a schema newer than the
# binary (78), files that are not SQLite databases, SQLite databases that
# are not depeer's, and paths that are not regular files.
. "$(dirname "$0")/lib.sh"

step "schema newer than this depeer"
dp init >/dev/null
dp provider add McColo >/dev/null
sqlq "PRAGMA user_version = 999"
db_snap
for cmd in init "provider list" "provider add Atrivo" "evidence list" \
    "evidence add --provider McColo --kind c2 --indicator 1.2.3.4" log verify; do
	# shellcheck disable=SC2086
	expect_code 78 dp $cmd
	expect_err "999"
	expect_err_re "newer|upgrade"
	expect_out_empty
done
expect_db_unchanged
expect_sql "PRAGMA user_version" 999

step "a file of random bytes"
# 8 KiB that cannot start with "SQLite format 3".
{ printf 'RANDOM'; head -c 8192 /dev/urandom; } >"$T/random.db"
cp "$T/random.db" "$T/random.orig"
for cmd in init "provider list" "evidence list" verify; do
	# shellcheck disable=SC2086
	expect_code 65 dp --db "$T/random.db" $cmd
	expect_err "random.db"
	expect_err_re "not a (SQLite |depeer )?database"
	expect_out_empty
done
CHECKS=$((CHECKS + 1))
cmp -s "$T/random.db" "$T/random.orig" || fail "depeer changed the random file"

step "a short text file"
printf 'hello, world\n' >"$T/text.db"
expect_code 65 dp --db "$T/text.db" provider list
expect_err_re "not a (SQLite |depeer )?database"
CHECKS=$((CHECKS + 1))
[ "$(cat "$T/text.db")" = "hello, world" ] || fail "depeer changed the text file"

step "an empty file becomes a database"
: >"$T/empty.db"
expect_code 0 dp --db "$T/empty.db" init
expect_sql --db "$T/empty.db" "SELECT count(*) FROM audit_log" 0

step "reading commands do not create a missing database"
for cmd in "provider list" "provider show 1" "evidence list" "evidence show 1" \
    log verify "verify --json"; do
	# shellcheck disable=SC2086
	expect_code 66 dp --db "$T/missing.db" $cmd
	expect_err "missing.db"
	expect_out_empty
done
CHECKS=$((CHECKS + 1))
[ ! -e "$T/missing.db" ] || fail "a reading command created $T/missing.db"

step "a directory"
mkdir "$T/dir.db"
expect_code_in "66 73 74" dp --db "$T/dir.db" init
expect_err "dir.db"

step "a database in a folder that does not exist"
expect_code 73 dp --db "$T/no/such/dir/case.db" init
expect_err "$T/no/such/dir/case.db"
CHECKS=$((CHECKS + 1))
[ ! -e "$T/no" ] || fail "depeer created folders for an explicit --db path"

step "another program's SQLite database, with a clashing table"
sqlite3 "$T/clash.db" "CREATE TABLE providers (x); INSERT INTO providers VALUES (1);"
sqlite3 "$T/clash.db" .dump >"$T/clash.before"
expect_code 65 dp --db "$T/clash.db" provider list
expect_err "clash.db"
sqlite3 "$T/clash.db" .dump >"$T/clash.after"
CHECKS=$((CHECKS + 1))
cmp -s "$T/clash.before" "$T/clash.after" || fail "depeer changed another program's database"

step "another program's SQLite database is not written to"
sqlite3 "$T/other.db" "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');"
sqlite3 "$T/other.db" .dump >"$T/other.before"
expect_code 65 dp --db "$T/other.db" provider list
expect_err "other.db"
sqlite3 "$T/other.db" .dump >"$T/other.after"
CHECKS=$((CHECKS + 1))
cmp -s "$T/other.before" "$T/other.after" ||
    fail "depeer added its schema to another program's database"

finish
