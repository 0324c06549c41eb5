#!/bin/sh
# Forgiving, careful input: defanged indicators read refanged (the
# original kept in the note), "AS 26780" taken as an AS number, and the
# warnings (stderr and --json "warnings", exit status unchanged) for an
# observation in the future, an indicator in a special-purpose block or
# outside its provider's networks, special-purpose AS numbers and
# prefixes, and networks another provider holds.
. "$(dirname "$0")/lib.sh"

export DEPEER_NOW=2008-11-12T00:00:00Z
dp init >/dev/null
dp provider add McColo --asn 26780 --prefix 208.66.192.0/22 >/dev/null
dp provider add "Bare Host" >/dev/null

step "evidence add: a defanged address, the original in the note"
expect_code 0 dp evidence add --provider McColo --kind c2 \
    --indicator '208.66.194[.]37' --note "seen twice"
expect_out "recorded evidence 1 (c2 208.66.194.37)"
expect_err "depeer: read '208.66.194[.]37' as '208.66.194.37' (defanged)"
expect_sql "SELECT indicator || '|' || indicator_type FROM evidence WHERE id = 1" \
    "208.66.194.37|ipv4"
expect_sql "SELECT note FROM evidence WHERE id = 1" "seen twice
defanged as: 208.66.194[.]37"
expect_code 0 dp verify

step "evidence add: every defang form"
for pair in '208[.]66[.]194[.]38|208.66.194.38' '208(.)66(.)194(.)39|208.66.194.39' \
    '208.66.194[dot]40|208.66.194.40' \
    'hxxp://evil[.]example/gate.php|http://evil.example/gate.php' \
    'hXXps[://]evil[.]example/|https://evil.example/' \
    'hxxp://dl.example/x.exe|http://dl.example/x.exe' \
    '2001:db8[:]:1|2001:db8::1' '208.66.192[.]0/24|208.66.192.0/24'; do
	in=${pair%|*} want=${pair#*|}
	expect_code 0 dp --json evidence add --provider McColo --kind c2 --indicator "$in"
	json_check "eq(d['indicator'], '$want'); eq(d['note'], 'defanged as: $in')"
done

step "evidence add: valid as typed, never altered"
expect_code 0 dp --json evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.41
json_check "eq(d['note'], None); eq(d['warnings'], [])"
expect_no_err "defanged"
expect_err_empty

step "evidence add: still invalid once refanged: the message quotes what was typed"
db_snap
expect_code 65 dp evidence add --provider McColo --kind c2 --indicator '999[.]1.1.1'
expect_err "999[.]1.1.1"
expect_no_err "(defanged)"
expect_db_unchanged

step "evidence add: observed in the future, beyond ten minutes"
expect_code 0 dp evidence add --provider McColo --kind c2 --indicator 208.66.194.42 \
    --observed-at 2008-11-12T00:10:00Z
expect_err_empty
expect_code 0 dp --json evidence add --provider McColo --kind c2 --indicator 208.66.194.43 \
    --observed-at 2008-11-12T00:10:01Z
expect_err "depeer: warning: observed at 2008-11-12T00:10:01Z, in the future (it is now 2008-11-12T00:00:00Z)"
json_check "eq(d['warnings'], ['observed at 2008-11-12T00:10:01Z, in the future (it is now 2008-11-12T00:00:00Z)'])"
expect_sql "SELECT count(*) FROM evidence WHERE indicator = '208.66.194.43'" 1

step "evidence add: outside every network of its provider"
expect_code 0 dp evidence add --provider McColo --kind c2 --indicator 8.8.8.8
expect_err "depeer: warning: indicator 8.8.8.8 is outside every network of provider 'McColo'"
expect_code 0 dp evidence add --provider McColo --kind c2 --indicator 208.66.0.0/16
expect_err "outside every network"
expect_code 0 dp evidence add --provider McColo --kind c2 --indicator evil.example
expect_err_empty
expect_code 0 dp evidence add --provider "Bare Host" --kind c2 --indicator 8.8.8.8
expect_err_empty

step "evidence add: special-purpose addresses"
for ip in 10.1.2.3 192.168.0.1 100.64.0.1 127.0.0.1 169.254.1.1 192.0.2.1 \
    198.51.100.1 203.0.113.1 224.0.0.1 240.0.0.1 0.1.2.3 2001:db8::2 fd00::1 \
    fe80::1 ff02::1 ::1; do
	expect_code 0 dp evidence add --provider McColo --kind c2 --indicator "$ip"
	expect_err_re "depeer: warning: indicator $ip is in a .* block \(RFC [0-9]+\)"
	expect_no_err "outside"
done

step "evidence import: defanged rows and one warning per kind"
cat >"$T/rows.csv" <<'CSV'
kind,indicator,observed_at,note
c2,208.66.194[.]50,2008-11-11T21:23:00Z,first
c2,8.8.4.4,,
c2,192.0.2.9,2009-01-01T00:00:00Z,
c2,208.66.194.51,2010-01-01T00:00:00Z,
c2,hxxp://evil[.]example/x,,
CSV
expect_code 0 dp evidence import --provider McColo rows.csv
expect_out "imported 5 rows"
expect_err "depeer: warning: 2 rows with a defanged indicator, stored refanged with the original in the note (first: line 2)"
expect_err "depeer: warning: 2 rows observed in the future (first: line 4)"
expect_err "depeer: warning: 1 row with an indicator in a special-purpose block (private, documentation, ...; first: line 4)"
expect_err "depeer: warning: 1 row with an indicator outside every network of its provider (first: line 3)"
expect_sql "SELECT note FROM evidence WHERE indicator = '208.66.194.50'" "first
defanged as: 208.66.194[.]50"
expect_sql "SELECT note FROM evidence WHERE indicator = 'http://evil.example/x'" \
    "defanged as: hxxp://evil[.]example/x"
# rows.csv is stored already: --allow-duplicates (t0033).
expect_code 0 dp --json evidence import --provider McColo --dry-run \
    --allow-duplicates rows.csv
json_check "eq(len(d['warnings']), 4); eq(d['rows'], 5)"
printf '{"kind":"c2","indicator":"208.66.194.52"}\n' >"$T/clean.jsonl"
expect_code 0 dp --json evidence import --provider McColo clean.jsonl
json_check "eq(d['warnings'], [])"
expect_err_empty
expect_code 0 dp verify

step "provider add: AS 26780, a defanged prefix, special-purpose networks"
expect_code 0 dp --json provider add Atrivo --asn 'AS 27595' --asn 'as 2.10' \
    --prefix '69.50.160[.]0/19'
json_check "eq(d['asns'], [27595, 131082]); eq(d['prefixes'], ['69.50.160.0/19'])
eq(d['warnings'], [])"
expect_err "depeer: read '69.50.160[.]0/19' as '69.50.160.0/19' (defanged)"
expect_code 65 dp provider add Bad --asn 'AS 0'
expect_code 65 dp provider add Bad --asn 'AS 26780x'
for asn in 0.64512 64512 65534 4200000000 4294967294 64496 64511 65536 65551 \
    23456 65535 4294967295; do
	case $asn in 0.*) continue ;; esac
	expect_code 0 dp provider add "Special $asn" --asn "$asn"
	expect_err_re "depeer: warning: AS$asn is a .* AS number \(RFC [0-9]+\)"
done
expect_code 0 dp provider add "Plain AS" --asn 64495 --asn 65552 --asn 4199999999
expect_err_empty
expect_code 0 dp --json provider add Lab --prefix 10.0.0.0/8 --prefix 2001:db8::/32 \
    --prefix 198.18.0.0/15
json_check "eq(d['warnings'], [
    '10.0.0.0/8 is in a private-use block (RFC 1918), not a hosting provider\\'s',
    '198.18.0.0/15 is in a benchmarking block (RFC 2544), not a hosting provider\\'s',
    '2001:db8::/32 is in a documentation block (RFC 3849), not a hosting provider\\'s'])"

step "a network another provider holds"
expect_code 0 dp provider net add McColo --prefix 208.66.196.0/24
expect_err_empty
expect_code 0 dp provider net add McColo --prefix '208.66.197[.]0/24'
expect_err "(defanged)"
expect_no_err "warning"
expect_code 0 dp --json provider net add Atrivo --prefix 208.66.192.0/22 --asn 26780
json_check "eq(d['warnings'], ['AS26780 is already held by provider 1 \\'McColo\\'',
    '208.66.192.0/22 is already held by provider 1 \\'McColo\\''])"
expect_code 0 dp provider add "Esthost" --asn 3549 --prefix 208.66.194.0/24
expect_err "depeer: warning: 208.66.194.0/24 is inside 208.66.192.0/22, held by provider 1 'McColo'"
expect_err "depeer: warning: 208.66.194.0/24 is inside 208.66.192.0/22, held by provider 3 'Atrivo'"
expect_code 0 dp provider net add "Bare Host" --prefix 208.66.0.0/16
expect_err "208.66.0.0/16 holds 208.66.192.0/22, held by provider 1 'McColo'"
expect_code 0 dp provider net rm Atrivo --prefix 208.66.192.0/22
expect_err_empty
expect_code 0 dp verify

step "lookup: a defanged operand"
fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
expect_code 0 dp lookup '208.66.194[.]37' --source cymru --json
expect_err "depeer: read '208.66.194[.]37' as '208.66.194.37' (defanged)"
json_check "eq(d['query'], '208.66.194.37'); eq(d['origin_asns'], [26780])"
expect_code 0 dp lookup 'AS 26780' --source whois --json
json_check "eq(d['canonical'], 'AS26780'); eq(d['type'], 'asn')"
printf '208.66.194[.]37\n208[.]66[.]194[.]38  # a comment\n' >"$T/iocs.txt"
expect_code 0 dp lookup --bulk iocs.txt --source cymru --json
json_check "eq([x['canonical'] for x in d], ['208.66.194.37', '208.66.194.38'])"

finish
