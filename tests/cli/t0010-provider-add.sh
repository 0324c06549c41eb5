#!/bin/sh
# provider add: AS numbers in their forms, IPv4 and IPv6 prefixes, country,
# URL, note; refusals (duplicate names, host bits, bad ASN/country/URL/name)
# leave the database as it was.
. "$(dirname "$0")/lib.sh"


step "add with every fact"
expect_code 0 dp provider add McColo --asn AS26780 --asn 3549 \
    --prefix 208.66.192.0/22 --prefix 208.72.168.0/21 \
    --prefix 2001:DB8:0:0::/32 --country us --url https://mccolo.com \
    --note "San Jose, California"
expect_out_re "added provider [0-9]+ 'McColo'"
expect_sql "SELECT name, country, url, note FROM providers" \
    "McColo|US|https://mccolo.com/|San Jose, California"
expect_sql "SELECT group_concat(asn) FROM (SELECT asn FROM provider_networks
    WHERE asn IS NOT NULL ORDER BY asn)" "3549,26780"
expect_sql "SELECT group_concat(prefix || ' ' || family, ';') FROM (SELECT
    prefix, family FROM provider_networks WHERE prefix IS NOT NULL ORDER BY
    prefix)" "2001:db8::/32 6;208.66.192.0/22 4;208.72.168.0/21 4"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'provider.add'" 1

step "AS number forms"
expect_code 0 dp --json provider add Atrivo --asn 26780 --asn as27595 --asn AS1.10
json_check "eq(d['asns'], [26780, 27595, 65546])"
expect_code 0 dp --json provider add Intercage --asn 4294967295
json_check "eq(d['asns'], [4294967295])"

step "a provider with no facts"
expect_code 0 dp --json provider add "Bare Host"
json_check "eq(d['asns'], []); eq(d['prefixes'], []); eq(d['country'], None)
eq(d['url'], None); eq(d['note'], None)"
expect_sql "SELECT country IS NULL AND url IS NULL AND note IS NULL FROM
    providers WHERE name = 'Bare Host'" 1

db_snap

step "duplicate name, in any case"
expect_code 65 dp provider add McColo
expect_err "McColo"
expect_err "exists"
expect_code 65 dp provider add MCCOLO --asn 1
expect_db_unchanged

step "prefix with host bits set"
expect_code 65 dp provider add Hostbits --prefix 208.66.195.7/22
expect_err "208.66.195.7/22"
expect_err "208.66.192.0/22"
expect_code 65 dp provider add Hostbits --prefix 2001:db8::1/32
expect_err "2001:db8::/32"
expect_db_unchanged

step "invalid prefixes"
for p in 208.66.192.0/33 208.66.192.0 208.66.192/22 2001:db8::/129 ''; do
	expect_code 65 dp provider add BadPrefix --prefix "$p"
	expect_no_err "added"
done
expect_db_unchanged

step "invalid AS numbers"
for a in AS0 4294967296 ASX 12x 26780.5.1; do
	expect_code 65 dp provider add BadAsn --asn "$a"
	expect_err_re "AS|number"
done
expect_db_unchanged

step "invalid countries"
for c in ZZ USA U 1A x; do
	expect_code 65 dp provider add BadCountry --country "$c"
	expect_err "$c"
done
expect_db_unchanged

step "invalid URLs"
for u in notaurl ftp://mccolo.com 'http://' 'javascript:alert(1)' \
    'http://exa mple.com/'; do
	expect_code 65 dp provider add BadUrl --url "$u"
	expect_err_re "[Uu][Rr][Ll]"
done
expect_db_unchanged

step "invalid names"
expect_code 65 dp provider add ""
expect_code 65 dp provider add 12345
expect_err "digits"
expect_code 65 dp provider add " Padded"
expect_code 65 dp provider add "$(printf 'Bad\001Name')"
expect_code 65 dp provider add "$(printf 'Bad\377Name')"
expect_code 65 dp provider add "$(head -c 201 /dev/zero | tr '\0' n)"
expect_code 65 dp provider add "Note" --note "$(printf 'bad \377 utf-8')"
expect_code 65 dp provider add "Note" --note "$(printf 'bell \007 here')"
expect_err "control"
expect_db_unchanged

step "a note of several lines"
expect_code 0 dp --json provider add "Multi Line" --note "$(printf 'line one\n\tline two')"
json_check "eq(d['note'], 'line one\\n\\tline two')"

step "a name with spaces and UTF-8"
expect_code 0 dp provider add "Российский Хостинг"
expect_code 0 dp --json provider show "Российский Хостинг"
json_check "eq(d['name'], 'Российский Хостинг')"
expect_code 65 dp provider add "Российский Хостинг"

finish
