#!/bin/sh
# Network failures are the same whatever the protocol: a connection
# reset, refused or timed out gives the same exit status over WHOIS as
# over HTTPS (RDAP, RIPEstat); a server that fails several requests of a
# lookup is warned about once.  An RDAP abuse entity's link is followed
# only over https, to the answer's host or an RDAP server of the IANA
# bootstrap, on the default port or the answer's: another host or port,
# file:, gopher: are not asked, and each is warned about with the link
# escaped.  Everything runs against the loopback registries (fakenet).
. "$(dirname "$0")/lib.sh"

tab=$(printf '\t')
rdap_ip() {	# rdap_ip LAST-OCTET SELF-LINK: an ARIN network whose abuse
	# entity has no address, only a self link
	python3 -S -c 'import json, sys
n, link = sys.argv[1], sys.argv[2]
print(json.dumps({"rdapConformance": ["rdap_level_0"],
  "objectClassName": "ip network", "handle": "NET-192-0-2-" + n,
  "startAddress": "192.0.2." + n, "endAddress": "192.0.2." + n,
  "ipVersion": "v4", "name": "TEST-" + n,
  "links": [{"rel": "self", "href":
             "https://rdap.arin.net/registry/ip/192.0.2." + n}],
  "entities": [{"objectClassName": "entity", "handle": "ABUSE-" + n,
    "roles": ["abuse"],
    "links": [{"rel": "self", "href": link}]}]}))' "$1" "$2" \
	    >"$T/rdap-$1.json"
	printf 'https://rdap.arin.net\t/registry/ip/192\\.0\\.2\\.%s\trdap-%s.json\n' \
	    "$1" "$1" >>"$T/routes.txt"
}
entity() {	# entity HOST PATH-REGEX NAME EMAIL: an abuse entity's answer
	python3 -S -c 'import json, sys
print(json.dumps({"rdapConformance": ["rdap_level_0"],
  "objectClassName": "entity", "handle": sys.argv[1],
  "vcardArray": ["vcard", [["version", {}, "text", "4.0"],
    ["fn", {}, "text", "Abuse"], ["email", {}, "text", sys.argv[2]]]]}))' \
	    "$3" "$4" >"$T/entity-$3.json"
	printf 'https://%s\t%s\tentity-%s.json\n' "$1" "$2" "$3" \
	    >>"$T/routes.txt"
}

{
	echo "whois.arin.net${tab}n \\+ 192\\.0\\.2\\.50${tab}-${tab}reset"
	echo "https://rdap.arin.net${tab}/registry/ip/192\\.0\\.2\\.51${tab}-${tab}reset"
	echo "https://stat.ripe.net${tab}/data/.*resource=192\\.0\\.2\\.51.*${tab}-${tab}reset"
	echo "whois.arin.net${tab}n \\+ 192\\.0\\.2\\.52${tab}-${tab}hang"
	echo "https://rdap.arin.net${tab}/registry/ip/192\\.0\\.2\\.53${tab}-${tab}hang"
} >"$T/routes.txt"
rdap_ip 60 "https://evil.example/entity/ABUSE-60"
rdap_ip 61 "https://rdap.arin.net:8443/registry/entity/ABUSE-61"
rdap_ip 62 "file:///etc/passwd"
rdap_ip 63 "gopher://rdap.arin.net/1/entity/ABUSE-63"
rdap_ip 64 "https://rdap.arin.net/registry/entity/ABUSE-64"
rdap_ip 65 "$(printf 'https://rdap.arin.net/\033[2J\033]0;owned\007')"
rdap_ip 66 "https://rdap.db.ripe.net/entity/ABUSE-66"
entity rdap.arin.net '/registry/entity/ABUSE-64' ABUSE-64 abuse64@arin.example
entity rdap.db.ripe.net '/entity/ABUSE-66' ABUSE-66 abuse66@ripe.example
fakenet_start "$T/routes.txt" || finish
# Should a link be followed that must not be, it still reaches only the
# loopback: a closed port.
DEPEER_CONNECT_TO="evil.example:443:127.0.0.1:9,rdap.arin.net:8443:127.0.0.1:9,$DEPEER_CONNECT_TO"
DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=10 DEPEER_READ_TIMEOUT_MS=700
export DEPEER_CONNECT_TO DEPEER_RETRIES DEPEER_BACKOFF_MS \
    DEPEER_READ_TIMEOUT_MS
log=$T/net/log

step "a reset is 69 over WHOIS, and over HTTPS"
expect_code 69 dp lookup --source whois 192.0.2.50
expect_out "reset by peer (after retries)"
expect_code 69 dp lookup --source rdap 192.0.2.51
expect_out "reset by peer (after retries)"
expect_code 69 dp lookup --source ripestat 192.0.2.51
expect_code 69 dp --json lookup --source rdap 192.0.2.51

step "a time-out is 75 over WHOIS, and over HTTPS"
expect_code 75 dp lookup --source whois 192.0.2.52
expect_code 75 dp lookup --source rdap 192.0.2.53

step "a refused connection is 69 over WHOIS, and over HTTPS"
_ct=$DEPEER_CONNECT_TO
DEPEER_CONNECT_TO="whois.iana.org:43:127.0.0.1:9,rdap.arin.net:443:127.0.0.1:9,$_ct"
expect_code 69 dp lookup --source whois 192.0.2.55
expect_out "cannot connect"
expect_code 69 dp lookup --source rdap 192.0.2.55
expect_out "connect"
DEPEER_CONNECT_TO=$_ct

step "a server that fails two requests of a lookup: one warning"
expect_code 69 dp lookup --source ripestat 192.0.2.51
n=$(grep -c 'stat.ripe.net' "$T/out")
[ "$n" = 1 ] || fail "stat.ripe.net warned about $n times, want 1"
[ "$(grep -c 'resource=192.0.2.51' "$log")" -ge 4 ] ||
    fail "RIPEstat was not asked twice (with a retry) for 192.0.2.51"
CHECKS=$((CHECKS + 2))

# not_followed N WHY: the lookup of 192.0.2.N does not follow its abuse
# link, and says why, once.
not_followed() {
	_before=$(wc -l <"$log")
	expect_code 0 dp lookup --source rdap "192.0.2.$1"
	expect_out "not following link '"
	expect_out "in the answer of rdap.arin.net: $2"
	_n=$(grep -c 'not following link' "$T/out")
	[ "$_n" = 1 ] || fail "192.0.2.$1: $_n warnings about the link, want 1"
	_after=$(tail -n +"$((_before + 1))" "$log" | grep -c .)
	[ "$_after" = 1 ] ||
	    fail "192.0.2.$1: $_after requests, want only the network's"
	CHECKS=$((CHECKS + 2))
}
step "another host: not followed"
not_followed 60 "another host"
expect_out "'https://evil.example/entity/ABUSE-60'"
step "another port: not followed"
not_followed 61 "another port"
step "file: not followed"
not_followed 62 "not an https URL"
expect_out "'file:///etc/passwd'"
step "gopher: not followed"
not_followed 63 "not an https URL"
step "control bytes in a link: escaped"
not_followed 65 "not a URL"
if grep -q "$(printf '\033')" "$T/out" "$T/err"; then
	fail "an escape byte of the link reached the output"
fi
CHECKS=$((CHECKS + 1))

step "the same host: followed"
expect_code 0 dp lookup --source rdap 192.0.2.64
expect_out "abuse64@arin.example"
expect_no_out "not following"
grep -q "/registry/entity/ABUSE-64" "$log" || fail "ABUSE-64 not asked"
step "an RDAP server of the bootstrap: followed"
expect_code 0 dp lookup --source rdap 192.0.2.66
expect_out "abuse66@ripe.example"
expect_no_out "not following"

step "no request ever went to a refused link"
if grep -E 'evil|8443|passwd|gopher|ABUSE-6[0-3]' "$log"; then
	fail "a refused link was asked"
fi
CHECKS=$((CHECKS + 1))

finish
