#!/bin/sh
# The database path from a user's point of view: an empty --db is refused
# rather than meaning the default, an empty DEPEER_DB counts as unset, a
# command that creates the database says so on stderr, and "config set db"
# checks the folder at once.
. "$(dirname "$0")/lib.sh"

nodb() {
	env -u DEPEER_DB "$DEPEER" "$@"
}

step "--db with an empty path"
expect_code 64 dp --db "" provider add McColo
expect_err "depeer: --db needs a path"
expect_code 64 dp --db= provider add McColo
expect_code 64 dp provider add McColo --db ""
expect_err "depeer: --db needs a path"
expect_code 64 dp provider list --db=
expect_code 64 nodb --db "" init
CHECKS=$((CHECKS + 1))
[ ! -e "$DB" ] && [ ! -e "$XDG_DATA_HOME/depeer/depeer.db" ] || \
    fail "a database was created for an empty --db"

step "an empty DEPEER_DB is unset: the default path"
DEPEER_DB= expect_code 0 "$DEPEER" init
expect_out "$XDG_DATA_HOME/depeer/depeer.db"

step "a command that creates the database says so"
expect_code 0 dp --db "$T/typo.db" provider add McColo
expect_out "added provider 1 'McColo'"
expect_err "depeer: created new database '$T/typo.db'"
expect_code 0 dp --db "$T/typo.db" provider add Atrivo
expect_err_empty
expect_code 0 dp --db "$T/new2.db" --json provider add McColo
expect_err "created new database"
json_check "eq(d['name'], 'McColo')"
step "init says it on stdout, as before, and not twice"
expect_code 0 dp --db "$T/init.db" init
expect_out "created $T/init.db"
expect_err_empty
step "a missing database is still refused by the other commands"
expect_code 66 dp --db "$T/none.db" provider list
expect_no_err "created"

step "config set db: the folder must exist"
CFG=$XDG_CONFIG_HOME/depeer/config
expect_code 65 dp config set db "$T/no-such-folder/case.db"
expect_err "folder '$T/no-such-folder' of '$T/no-such-folder/case.db' does not exist"
CHECKS=$((CHECKS + 1))
[ ! -e "$CFG" ] || fail "the file was written for a bad db"
: >"$T/plain"
expect_code 65 dp config set db "$T/plain/case.db"
expect_err "'$T/plain' is not a folder"
expect_code 65 dp config set db "$T"
expect_err "is a folder"
expect_code 0 dp config set db "$T/case2.db"
expect_code 0 nodb config get db
expect_out "$T/case2.db"
expect_code 0 dp config set db ""

finish
