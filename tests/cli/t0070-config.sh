#!/bin/sh
# depeer config: list, get, set/unset round trips, where each value comes
# from, refusals that leave the file alone, a broken file (exit 78 with
# FILE:LINE), and the database path's order: --db, DEPEER_DB, the file's
# db, the XDG default.
. "$(dirname "$0")/lib.sh"

CFG=$XDG_CONFIG_HOME/depeer/config

# depeer without DEPEER_DB (lib.sh sets it for every other test).
nodb() {
	env -u DEPEER_DB "$DEPEER" "$@"
}

# expect_file_is FILE COPY: FILE has the content of COPY.
expect_file_is() {
	CHECKS=$((CHECKS + 1))
	if ! cmp -s "$1" "$2"; then
		fail "'$1' changed (after: ${LASTCMD:-?})"
		diff "$2" "$1" | head -n 10 | sed 's/^/    | /' >&2
	fi
}

step "path"
expect_code 0 dp config path
expect_out "$CFG"
expect_err_empty
expect_code 0 dp config path --json
json_check "eq(d['path'], '$CFG'); eq(d['exists'], False)"
DEPEER_CONFIG=$T/alt.conf expect_code 0 dp config path
expect_out "$T/alt.conf"
expect_code 64 dp config path extra

step "list: the defaults"
expect_code 0 nodb config list
expect_out_re '^KEY +VALUE +ORIGIN$'
expect_out_re '^whois_server +whois\.iana\.org +default$'
expect_out_re '^cymru_server +whois\.cymru\.com +default$'
expect_out_re '^cymru_peer_server +v4-peer\.whois\.cymru\.com +default$'
expect_out_re '^irr_server +whois\.radb\.net +default$'
expect_out_re '^ripestat_url +https://stat\.ripe\.net/data/ +default$'
expect_out_re '^rdap_bootstrap_url +https://data\.iana\.org/rdap/ +default$'
expect_out_re '^sourceapp +depeer +default$'
expect_out_re '^ttl +86400 +default$'
expect_out_re '^connect_timeout_ms +10000 +default$'
expect_out_re '^read_timeout_ms +20000 +default$'
expect_out_re '^total_timeout_ms +60000 +default$'
expect_out_re '^retries +3 +default$'
expect_out_re '^backoff_ms +1000 +default$'
expect_out_re '^db +- +default$'
expect_out_re '^connect_to +- +default$'
expect_out_re '^ca_bundle +- +default$'
expect_out_re '^dns_server +- +default$'
expect_err_empty
expect_code 0 nodb config list --json
json_check "
eq([e['key'] for e in d], ['db', 'whois_server', 'cymru_server',
    'cymru_peer_server', 'irr_server', 'ripestat_url',
    'rdap_bootstrap_url', 'sourceapp', 'ttl', 'connect_timeout_ms',
    'read_timeout_ms', 'total_timeout_ms', 'retries', 'backoff_ms',
    'connect_to', 'ca_bundle', 'dns_server', 'from', 'organisation',
    'case_tag', 'max_message_size', 'xarf_max', 'pgp_key', 'pgp_key_url',
    'smtp_url', 'smtp_tls', 'sendmail_command', 'smtp_pace', 'smtp_timeout'])
eq(list(d[0].keys()), ['key', 'value', 'origin'])
eq(d[0]['value'], None)
eq(d[1]['value'], 'whois.iana.org')
eq(set(e['origin'] for e in d), {'default'})"
expect_code 0 dp --json config list
json_check "eq(len(d), 29); eq(d[0], {'key': 'db', 'value': '$DB',
    'origin': 'env'})"
expect_code 64 dp config list extra

step "get"
expect_code 0 dp config get whois_server
expect_out "whois.iana.org"
expect_err_empty
expect_code 0 dp config get ttl --json
json_check "eq(d, {'key': 'ttl', 'value': '86400', 'origin': 'default'})"
expect_code 64 dp config get whois
expect_err "unknown key 'whois'"
expect_out_empty
expect_code 64 dp config get
expect_err "usage: depeer config get"
expect_code 64 dp config get ttl retries

step "nothing so far created a file or a database"
CHECKS=$((CHECKS + 1))
if [ -e "$CFG" ] || [ -e "$DB" ] || [ -e "$XDG_DATA_HOME" ]; then
	fail "created: $(ls -d "$CFG" "$DB" "$XDG_DATA_HOME" 2>/dev/null)"
fi

step "set and get"
expect_code 0 dp config set whois_server whois.example.net:4343
expect_out_empty
expect_err_empty
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$CFG")" = 600 ] || fail "config mode $(file_mode "$CFG")"
CHECKS=$((CHECKS + 1))
[ "$(file_mode "$XDG_CONFIG_HOME/depeer")" = 700 ] ||
    fail "folder mode $(file_mode "$XDG_CONFIG_HOME/depeer")"
expect_code 0 dp config get whois_server
expect_out "whois.example.net:4343"
expect_code 0 dp config list
expect_out_re '^whois_server +whois\.example\.net:4343 +file$'
expect_out_re '^irr_server +whois\.radb\.net +default$'
expect_code 0 dp config set ttl 3600 --json
json_check "eq(d, {'path': '$CFG', 'key': 'ttl', 'value': '3600',
    'changed': True})"
expect_code 0 dp config set ttl 3600 --json
json_check "eq(d['changed'], False)"
expect_code 0 dp config set ripestat_url https://stat.example.net/data/
expect_code 0 dp config set connect_to whois.iana.org:43:127.0.0.1:4343
expect_code 0 dp config set irr_server '[2001:db8::1]:43'
expect_code 0 dp config get irr_server
expect_out "[2001:db8::1]:43"
CHECKS=$((CHECKS + 1))
grep -qx 'whois_server = whois.example.net:4343' "$CFG" ||
    fail "the file lacks the whois_server line: $(cat "$CFG")"

step "the environment wins and says so"
DEPEER_WHOIS_SERVER=whois.env.example expect_code 0 dp config get --json \
    whois_server
json_check "eq(d, {'key': 'whois_server', 'value': 'whois.env.example',
    'origin': 'env'})"
DEPEER_TTL=5 expect_code 0 dp config list
expect_out_re '^ttl +5 +env$'
expect_out_re '^whois_server +whois\.example\.net:4343 +file$'
# An empty variable is no variable.
DEPEER_TTL= expect_code 0 dp config get ttl
expect_out "3600"
DEPEER_RETRIES=0 expect_code 0 dp config get retries
expect_out "0"
DEPEER_TTL=7 expect_code 0 dp config set ttl 60
expect_err "warning: DEPEER_TTL is set and overrides the file's ttl"
expect_code 0 dp config get ttl
expect_out "60"

step "unset"
expect_code 0 dp config unset whois_server
expect_out_empty
expect_code 0 dp config get whois_server
expect_out "whois.iana.org"
CHECKS=$((CHECKS + 1))
grep -q whois_server "$CFG" && fail "whois_server still in the file"
expect_code 0 dp config unset whois_server --json
json_check "eq(d['changed'], False); eq(d['value'], None)"
expect_code 64 dp config unset whois
expect_code 64 dp config unset

step "bad keys and values leave the file alone"
cp "$CFG" "$T/cfg.before"
expect_code 65 dp config set ttl soon
expect_err "depeer: ttl: 'soon' is not a whole number"
expect_out_empty
expect_code 65 dp config set retries 11
expect_err "from 0 to 10"
expect_code 65 dp config set connect_timeout_ms 0
expect_code 65 dp config set whois_server whois
expect_err "whois_server:"
expect_code 65 dp config set whois_server whois.example.net:99999
expect_code 65 dp config set ripestat_url http://stat.ripe.net/data/
expect_err "https://"
expect_code 65 dp config set rdap_bootstrap_url https://data.iana.org/rdap
expect_err "must end with '/'"
expect_code 65 dp config set sourceapp 'no spaces'
expect_code 65 dp config set db relative.db
expect_err "absolute path"
expect_code 65 dp config set connect_to nonsense
expect_err "connect_to: bad entry"
expect_code 65 dp config set sourceapp ''
expect_err "empty value"
expect_code 64 dp config set frobnicate 1
expect_err "unknown key 'frobnicate'"
expect_code 64 dp config set ttl
expect_err "usage: depeer config set"
expect_code 64 dp config set ttl 1 2
expect_file_is "$CFG" "$T/cfg.before"

step "comments and other lines are kept"
printf '# my registry mirror\nirr_server = irr.example.net\n\n# end\n' >"$CFG"
expect_code 0 dp config set ttl 120
expect_code 0 dp config set irr_server rr.example.net
printf '# my registry mirror\nirr_server = rr.example.net\n\n# end\nttl = 120\n' \
    >"$T/cfg.want"
expect_file_is "$CFG" "$T/cfg.want"

step "a broken file: exit 78 with FILE:LINE"
printf 'ttl = 1\nwhois = whois.example.net\n' >"$CFG"
cp "$CFG" "$T/cfg.before"
expect_code 78 dp config list
expect_err "depeer: $CFG:2: unknown key 'whois'"
expect_out_empty
expect_code 78 dp config get ttl
expect_err "$CFG:2:"
expect_code 78 dp config set ttl 2
expect_err "$CFG:2: unknown key 'whois'; edit the file by hand first"
expect_code 78 dp config unset whois_server
expect_file_is "$CFG" "$T/cfg.before"
printf 'ttl = 1\nttl = 2\n' >"$CFG"
expect_code 78 dp config list
expect_err "$CFG:2: 'ttl' is set again (first on line 1)"
printf 'ttl = 1\nretries = many\n' >"$CFG"
expect_code 78 dp config get ttl
expect_err "$CFG:2: retries: 'many' is not a whole number"
printf 'ttl 1\n' >"$CFG"
expect_code 78 dp config list
expect_err "$CFG:1: expected 'key = value'"
printf 'ttl = 1\n# caf\351\n' >"$CFG"
expect_code 78 dp config list
expect_err "$CFG:2: not valid UTF-8"
# What needs no configuration still works.
expect_code 0 dp --version
expect_code 0 dp help
expect_code 0 dp config path
expect_code 0 dp config --help
expect_code 0 dp config set --help
expect_code 0 dp init
expect_out "$DB"
rm -f "$CFG"

step "a bad variable: exit 78 naming it"
DEPEER_RETRIES=x expect_code 78 dp config list
expect_err "DEPEER_RETRIES: 'x' is not a whole number"
DEPEER_WHOIS_SERVER=whois expect_code 78 dp config get ttl
expect_err "DEPEER_WHOIS_SERVER:"
DEPEER_CONFIG=$T/other.conf expect_code 0 dp config set ttl 9
CHECKS=$((CHECKS + 1))
[ -f "$T/other.conf" ] || fail "DEPEER_CONFIG's file was not written"
DEPEER_CONFIG=$T/other.conf expect_code 0 dp config get ttl
expect_out "9"
expect_code 0 dp config get ttl
expect_out "86400"

step "database path: --db > DEPEER_DB > config db > XDG default"
expect_code 0 dp config set db "$T/from-config.db"
expect_code 0 nodb init
expect_out "created $T/from-config.db"
expect_code 0 nodb --db "$T/from-flag.db" init
expect_out "created $T/from-flag.db"
expect_code 0 nodb provider add "Config Co" --asn 64500
expect_sql --db "$T/from-config.db" "SELECT name FROM providers" "Config Co"
expect_code 0 nodb init --db "$T/from-flag.db"
expect_out "using existing $T/from-flag.db"
expect_code 0 dp init
expect_out "$DB"
expect_no_out "from-config"
expect_code 0 nodb config get db
expect_out "$T/from-config.db"
expect_code 0 dp config unset db
expect_code 0 nodb init
expect_out "created $XDG_DATA_HOME/depeer/depeer.db"
# An empty db in the file is no db.
printf 'db =\n' >"$CFG"
expect_code 0 nodb init
expect_out "using existing $XDG_DATA_HOME/depeer/depeer.db"
# A broken file stops only what reads it.
printf 'db = relative.db\n' >"$CFG"
expect_code 78 nodb init
expect_err "$CFG:1: db: 'relative.db' is not an absolute path"
expect_code 0 nodb --db "$T/from-flag.db" provider list
expect_code 0 dp provider list
rm -f "$CFG"

step "help"
expect_code 0 dp help config
for s in list get set unset path; do
	expect_out_re "^ +$s +[a-z]"
done
for s in list get set unset path; do
	expect_code 0 dp config "$s" --help
	expect_out "usage: depeer config $s"
	expect_err_empty
done
expect_code 64 dp config
expect_err "'config' needs a command"
expect_code 64 dp config frobnicate
expect_code 64 dp config list --frobnicate

finish
