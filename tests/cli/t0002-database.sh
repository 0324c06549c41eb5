#!/bin/sh
# The case database: init is idempotent, file and folder modes, the default
# path (XDG_DATA_HOME, then HOME), precedence of --db over $DEPEER_DB over
# the default, and where --db and --json may stand on the command line.
. "$(dirname "$0")/lib.sh"

step "init creates the database"
umask 022
expect_code 0 dp init
expect_out "created $DB"
CHECKS=$((CHECKS + 1))
[ -f "$DB" ] || fail "no database at $DB"
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$DB")" = 600 ] || fail "database mode $(file_mode "$DB"), expected 600"
expect_sql "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND
    name IN ('providers', 'provider_networks', 'evidence', 'artifacts',
    'evidence_files', 'audit_log')" 6
version=$(sqlq "PRAGMA user_version")
CHECKS=$((CHECKS + 1))
[ "$version" -ge 1 ] 2>/dev/null || fail "user_version '$version', expected >= 1"
expect_sql "SELECT count(*) FROM audit_log" 0

step "init again changes nothing"
db_snap
expect_code 0 dp init
expect_out "using existing $DB"
expect_db_unchanged
expect_code 0 dp --json init
json_check "eq(d, {'path': '$DB', 'created': False, 'schema_version': $version})"
expect_code 0 dp init --json
json_check "eq(d['created'], False); eq(d['schema_version'], $version)"
expect_db_unchanged
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$DB")" = 600 ] || fail "database mode $(file_mode "$DB") after a second init"

step "init --json on a new database"
expect_code 0 dp --db "$T/second.db" --json init
json_check "eq(d, {'path': '$T/second.db', 'created': True, 'schema_version': $version})"

step "mode 0600 even with umask 000"
(umask 000 && "$DEPEER" --db "$T/open.db" init >/dev/null 2>&1)
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$T/open.db")" = 600 ] || fail "database mode $(file_mode "$T/open.db") under umask 000, expected 600"

step "default path under XDG_DATA_HOME"
expect_code 0 env -u DEPEER_DB XDG_DATA_HOME="$T/xdg" "$DEPEER" init
expect_out "$T/xdg/depeer/depeer.db"
CHECKS=$((CHECKS + 1))
[ -f "$T/xdg/depeer/depeer.db" ] || fail "no database at $T/xdg/depeer/depeer.db"
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$T/xdg/depeer/depeer.db")" = 600 ] ||
    fail "database mode $(file_mode "$T/xdg/depeer/depeer.db"), expected 600"
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$T/xdg/depeer")" = 700 ] ||
    fail "folder mode $(file_mode "$T/xdg/depeer"), expected 700"
# and it is used by the next command
expect_code 0 env -u DEPEER_DB XDG_DATA_HOME="$T/xdg" "$DEPEER" provider add XdgOnly
expect_sql --db "$T/xdg/depeer/depeer.db" "SELECT name FROM providers" XdgOnly

step "default path under HOME without XDG_DATA_HOME"
expect_code 0 env -u DEPEER_DB -u XDG_DATA_HOME HOME="$T/home2" "$DEPEER" init
CHECKS=$((CHECKS + 1))
[ -f "$T/home2/.local/share/depeer/depeer.db" ] ||
    fail "no database at $T/home2/.local/share/depeer/depeer.db"
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$T/home2/.local/share/depeer")" = 700 ] ||
    fail "folder mode $(file_mode "$T/home2/.local/share/depeer"), expected 700"
# A relative XDG_DATA_HOME is ignored (XDG Base Directory specification).
expect_code 0 env -u DEPEER_DB XDG_DATA_HOME=relative HOME="$T/home3" "$DEPEER" init
CHECKS=$((CHECKS + 1))
if [ ! -f "$T/home3/.local/share/depeer/depeer.db" ] || [ -e "$T/relative" ]; then
	fail "a relative XDG_DATA_HOME was used"
fi

step "precedence: --db over DEPEER_DB over XDG_DATA_HOME"
expect_code 0 env DEPEER_DB="$T/env.db" XDG_DATA_HOME="$T/xdgp" "$DEPEER" provider add EnvOnly
CHECKS=$((CHECKS + 1))
if [ ! -f "$T/env.db" ] || [ -e "$T/xdgp" ]; then
	fail "DEPEER_DB did not win over XDG_DATA_HOME"
fi
expect_code 0 env DEPEER_DB="$T/env.db" XDG_DATA_HOME="$T/xdgp" "$DEPEER" --db "$T/opt.db" provider add OptOnly
CHECKS=$((CHECKS + 1))
if [ ! -f "$T/opt.db" ] || [ -e "$T/xdgp" ]; then
	fail "--db did not win"
fi
expect_sql --db "$T/env.db" "SELECT group_concat(name) FROM providers" EnvOnly
expect_sql --db "$T/opt.db" "SELECT group_concat(name) FROM providers" OptOnly
expect_code 0 env DEPEER_DB="$T/env.db" "$DEPEER" provider list
expect_out EnvOnly
expect_no_out OptOnly

step "--db before the command and after it"
expect_code 0 dp --db "$T/opt.db" provider list
expect_out OptOnly
expect_no_out EnvOnly
expect_code 0 dp provider list --db "$T/opt.db"
expect_out OptOnly
expect_code 0 dp provider show OptOnly --db "$T/opt.db"
expect_out OptOnly
expect_code 0 dp log --db "$T/opt.db"
expect_out provider.add
expect_code 0 dp verify --db "$T/opt.db"

step "--json before and after the command"
dp init >/dev/null
dp provider add McColo --asn 26780 >/dev/null
for form in "--json provider list" "provider list --json" "provider --json list"; do
	# shellcheck disable=SC2086
	expect_code 0 dp $form
	json_check "eq(len(d), 1); eq(d[0]['name'], 'McColo'); eq(d[0]['asns'], [26780])"
done
for form in "--json provider show McColo" "provider show McColo --json"; do
	# shellcheck disable=SC2086
	expect_code 0 dp $form
	json_check "eq(d['name'], 'McColo')"
done
for form in "--json log" "log --json"; do
	# shellcheck disable=SC2086
	expect_code 0 dp $form
	json_check "eq(len(d), 1); eq(d[0]['action'], 'provider.add')"
done
for form in "--json verify" "verify --json"; do
	# shellcheck disable=SC2086
	expect_code 0 dp $form
	json_check "eq(d['ok'], True)"
done
for form in "--json evidence list" "evidence list --json" "evidence --json list"; do
	# shellcheck disable=SC2086
	expect_code 0 dp $form
	json_check "eq(d, [])"
done
expect_code 0 dp --json --db "$T/opt.db" provider list
json_check "eq([p['name'] for p in d], ['OptOnly'])"
expect_code 0 dp --db "$T/opt.db" provider list --json
json_check "eq([p['name'] for p in d], ['OptOnly'])"

finish
