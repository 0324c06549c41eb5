#!/bin/sh
# The identity keys complaints are written with (depeer-config(1)): from,
# organisation, case_tag, max_message_size, xarf_max, pgp_key and
# pgp_key_url.  Good values round-trip; each bad one is refused with the
# reason (exit 65) and leaves the file alone; a bad one in the
# environment stops the command with exit 78 naming the variable.
. "$(dirname "$0")/lib.sh"

CFG=$XDG_CONFIG_HOME/depeer/config
CR=$(printf '\r')
NL='
'

# expect_file_same COPY: the configuration file is as COPY holds it.
expect_file_same() {
	CHECKS=$((CHECKS + 1))
	cmp -s "$CFG" "$1" || fail "the file changed (after: ${LASTCMD:-?})"
}

step "defaults"
expect_code 0 dp config get case_tag
expect_out "depeer"
expect_code 0 dp config get max_message_size
expect_out "10000000"
expect_code 0 dp config get xarf_max
expect_out "100"
expect_code 0 dp config get --json from
json_check "eq(d, {'key': 'from', 'value': None, 'origin': 'default'})"

step "from: good mailboxes"
expect_code 0 dp config set from 'Ana Lima <ana@cert.example>'
expect_code 0 dp config get from
expect_out "Ana Lima <ana@cert.example>"
expect_code 0 dp config set from 'abuse-reports@cert.example'
expect_code 0 dp config set from '"Lima, Ana" <ana@cert.example>'
expect_code 0 dp config set from 'Jörg Müller <jm@cert.example>'
expect_code 0 dp config get from
expect_out "Jörg Müller <jm@cert.example>"
cp "$CFG" "$T/saved"

step "from: refused, the file left alone"
expect_code 65 dp config set from \
    "Ana <ana@cert.example>${CR}${NL}Bcc: x@evil.example"
expect_err "contains a control character"
expect_file_same "$T/saved"
expect_code 65 dp config set from \
    "Ana${NL}Bcc: x@evil.example <ana@cert.example>"
expect_err "contains a control character"
expect_code 65 dp config set from "$(printf 'Ana\033[31m <ana@cert.example>')"
expect_err "control character"
expect_code 65 dp config set from 'Ana <ana.cert.example>'
expect_err "invalid address 'ana.cert.example': no '@'"
expect_code 65 dp config set from 'Ana <ana@b@cert.example>'
expect_err "more than one '@'"
expect_code 65 dp config set from 'Ana <ana@localhost>'
expect_err "single label"
expect_code 65 dp config set from 'Ana <ana lima@cert.example>'
expect_err "space"
expect_code 65 dp config set from 'Ana <ana.@cert.example>'
expect_err "'.' at the start or end"
expect_code 65 dp config set from 'Ana <ana@cert.example.>'
expect_err "ends with a '.'"
expect_code 65 dp config set from 'Jörg <jörg@cert.example>'
expect_err "SMTPUTF8"
expect_code 65 dp config set from 'Ana <ana@cert.example'
expect_err "'<' without a '>'"
expect_code 65 dp config set from \
    "Ana <$(printf '%065d' 0)@cert.example>"
expect_err "longer than 64 bytes"
expect_code 65 dp config set from \
    "$(printf '%0201d' 0) <ana@cert.example>"
expect_err "longer than 200 bytes"
expect_file_same "$T/saved"

step "organisation"
expect_code 0 dp config set organisation 'CERT Example — Incident Response'
expect_code 0 dp config get organisation
expect_out "CERT Example — Incident Response"
cp "$CFG" "$T/saved"
expect_code 65 dp config set organisation "CERT${NL}Bcc: x@evil.example"
expect_err "control character"
expect_code 65 dp config set organisation "$(printf '%0201d' 0)"
expect_err "longer than 200 bytes"
expect_file_same "$T/saved"

step "case_tag"
expect_code 0 dp config set case_tag mccolo-2008
expect_code 65 dp config set case_tag 'two words'
expect_err "1 to 32 letters"
expect_code 65 dp config set case_tag '[x]'
expect_code 65 dp config set case_tag "$(printf '%033d' 0)"
expect_code 65 dp config set case_tag ''
expect_err "empty value"

step "max_message_size and xarf_max: ranges"
expect_code 0 dp config set max_message_size 100000
expect_code 0 dp config set max_message_size 50000000
expect_code 65 dp config set max_message_size 99999
expect_code 65 dp config set max_message_size 50000001
expect_code 65 dp config set max_message_size 10MB
expect_code 0 dp config set xarf_max 1
expect_code 0 dp config set xarf_max 10000
expect_code 65 dp config set xarf_max 0
expect_code 65 dp config set xarf_max 10001

step "pgp_key and pgp_key_url"
expect_code 0 dp config set pgp_key 0x1234ABCD
expect_code 0 dp config set pgp_key 0123456789abcdef0123456789ABCDEF01234567
expect_code 0 dp config set pgp_key ana@cert.example
expect_code 65 dp config set pgp_key 1234abc
expect_err "8 to 40 hex digits"
expect_code 65 dp config set pgp_key 0123456789abcdef0123456789ABCDEF012345678
expect_code 65 dp config set pgp_key xyz12345
expect_code 65 dp config set pgp_key 'ana@localhost'
expect_err "invalid address"
expect_code 0 dp config set pgp_key_url https://cert.example/pgp/ana.asc
expect_code 65 dp config set pgp_key_url http://cert.example/ana.asc
expect_err "not an https:// URL"
expect_code 65 dp config set pgp_key_url 'https://cert.example/a b.asc'
expect_code 0 dp config list --json
json_check "
v = {e['key']: e['value'] for e in d}
eq(v['from'], 'Jörg Müller <jm@cert.example>')
eq(v['case_tag'], 'mccolo-2008')
eq(v['max_message_size'], '50000000')
eq(v['xarf_max'], '10000')
eq(v['pgp_key'], 'ana@cert.example')
eq(v['pgp_key_url'], 'https://cert.example/pgp/ana.asc')"

step "the environment: checked as strictly, exit 78 naming it"
DEPEER_FROM='Env <env@cert.example>' expect_code 0 dp config get --json from
json_check "eq(d, {'key': 'from', 'value': 'Env <env@cert.example>',
    'origin': 'env'})"
DEPEER_FROM="Env <env@cert.example>${CR}${NL}Bcc: x@evil.example" \
    expect_code 78 dp config get from
expect_err "DEPEER_FROM: invalid address"
expect_err "line break"
DEPEER_ORGANISATION="A${NL}B" expect_code 78 dp config get organisation
expect_err "DEPEER_ORGANISATION"
DEPEER_MAX_MESSAGE_SIZE=1 expect_code 78 dp config get max_message_size
expect_err "DEPEER_MAX_MESSAGE_SIZE"
DEPEER_PGP_KEY=nothex expect_code 78 dp config get pgp_key
expect_err "DEPEER_PGP_KEY"

step "unset: back to the default"
expect_code 0 dp config unset from
expect_code 0 dp config get --json from
json_check "eq(d['value'], None)"
expect_code 0 dp config unset case_tag
expect_code 0 dp config get case_tag
expect_out "depeer"

finish
