#!/bin/sh
# The registry endpoints, the TTL and the network settings come from the
# configuration: the file, overridden by DEPEER_<KEY>, with the real
# services as defaults.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
log=$T/net/log
CFG=$XDG_CONFIG_HOME/depeer/config
mark() { _mark=$(wc -l <"$log"); }
since() { tail -n +"$((_mark + 1))" "$log"; }

step "defaults: WHOIS chains start at IANA"
mark
expect_code 0 dp lookup 208.66.194.37 --source whois --json
json_check "eq(d['sources'][0]['server'], 'whois.iana.org:43')"

step "whois_server from the file"
expect_code 0 dp config set whois_server whois.arin.net
mark
expect_code 0 dp lookup 208.66.193.1 --source whois --json
json_check "eq([s['server'] for s in d['sources']], ['whois.arin.net:43'])
eq(d['abuse_emails'], ['abuse@mccolo.example'])"
since | grep -q '^whois.iana.org' && fail "IANA was asked"

step "DEPEER_WHOIS_SERVER beats the file"
mark
DEPEER_WHOIS_SERVER=whois.iana.org expect_code 0 dp lookup 208.66.193.2 \
    --source whois --json
json_check "eq(d['sources'][0]['server'], 'whois.iana.org:43')"
expect_code 0 dp config unset whois_server

step "cymru_server with a port"
# fakenet's Team Cymru answers under a second name and port, mapped here.
port=$(awk '$1 == "whois.cymru.com" { print $2 }' "$T/net/ports")
DEPEER_CONNECT_TO="$DEPEER_CONNECT_TO,cymru.test.example:4343:127.0.0.1:$port"
expect_code 0 dp config set cymru_server cymru.test.example:4343
expect_code 0 dp lookup --bulk - --source cymru --json <<'EOF'
208.66.194.37
EOF
json_check "eq(d[0]['origin_asns'], [26780])
eq(d[0]['sources'][0]['server'], 'cymru.test.example:4343')"
expect_code 0 dp lookup 208.66.194.37 --source cymru --refresh --json
json_check "eq(d['sources'][0]['server'], 'cymru.test.example:4343')"
expect_code 0 dp config unset cymru_server

step "ttl from the file: 0 asks every time"
expect_code 0 dp config set ttl 0
mark
expect_code 0 dp lookup 208.66.194.37 --source whois
[ "$(since | grep -c '^whois.arin.net')" -eq 1 ] ||
    fail "ttl 0 did not ask ARIN again"
mark
expect_code 0 dp lookup 208.66.194.37 --source whois --ttl 3600
[ "$(since | wc -l)" -eq 0 ] || fail "--ttl did not beat the file"
expect_code 0 dp config unset ttl

step "connect_to and ca_bundle from the file instead of the environment"
expect_code 0 dp config set connect_to "$DEPEER_CONNECT_TO"
expect_code 0 dp config set ca_bundle "$DEPEER_CA_BUNDLE"
mark
env -u DEPEER_CONNECT_TO -u DEPEER_CA_BUNDLE "$DEPEER" lookup \
    208.66.194.37 --source rdap --refresh --json >"$T/out" 2>"$T/err"
rc=$?
CHECKS=$((CHECKS + 1))
[ "$rc" -eq 0 ] || fail "lookup over the file's connect_to failed: $(cat "$T/err")"
json_check "eq(d['abuse_emails'], ['abuse@mccolo.example'])"

step "a bad value in the environment stops before anything is asked"
mark
DEPEER_READ_TIMEOUT_MS=soon expect_code 78 dp lookup 208.66.194.37
expect_err "DEPEER_READ_TIMEOUT_MS"
DEPEER_IRR_SERVER=not_a_host expect_code 78 dp lookup --bulk - <<'EOF'
208.66.194.37
EOF
[ "$(since | wc -l)" -eq 0 ] || fail "a bad setting still asked"

finish
