#!/bin/sh
# provider edit (--name, --country, --url, --note, '' clears) and provider
# net add/rm; refused changes leave the database as it was; every change is
# an entry in "depeer log" whose payload holds the provider's new state.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 --country US >/dev/null
dp provider add Atrivo >/dev/null
id=$(sqlq "SELECT id FROM providers WHERE name = 'McColo'")

step "edit every field"
expect_code 0 dp provider edit mccolo --name "McColo Corp" --country de \
    --url http://mccolo.example/ --note "first note"
expect_out "McColo Corp"
expect_sql "SELECT name, country, url, note FROM providers WHERE id = $id" \
    "McColo Corp|DE|http://mccolo.example/|first note"
expect_code 0 dp --json provider edit "$id" --country US
json_check "eq(d['id'], $id); eq(d['country'], 'US'); eq(d['name'], 'McColo Corp')"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'provider.edit'" 2

step "'' clears a field"
expect_code 0 dp provider edit "McColo Corp" --country '' --url '' --note ''
expect_sql "SELECT country IS NULL, url IS NULL, note IS NULL FROM providers
    WHERE id = $id" "1|1|1"
expect_code 0 dp provider show "$id" --json
json_check "eq(d['country'], None); eq(d['url'], None); eq(d['note'], None)"

step "an edit that changes nothing adds no audit entry"
db_snap
expect_code 0 dp provider edit "$id" --country ''
expect_out "unchanged"
expect_db_unchanged

step "edit with nothing to change"
expect_code 64 dp provider edit "$id"
expect_err "nothing to change"
expect_db_unchanged

step "refused edits change nothing"
expect_code 65 dp provider edit "$id" --name atrivo
expect_err "exists"
expect_code 65 dp provider edit "$id" --country ZZ
expect_code 65 dp provider edit "$id" --url notaurl
expect_code 65 dp provider edit "$id" --name ""
expect_code 65 dp provider edit "$id" --name 4242
expect_code 65 dp provider edit "$id" --country DE --url notaurl
expect_code 66 dp provider edit Nobody --country DE
expect_err "Nobody"
expect_db_unchanged

step "net add --asn and --prefix"
expect_code 0 dp provider net add "$id" --asn 3549 --prefix 208.72.168.0/21 \
    --prefix 2001:db8:1::/48
expect_out "3 networks"
expect_code 0 dp --json provider show "$id"
json_check "eq(d['asns'], [3549, 26780])
eq(d['prefixes'], ['208.72.168.0/21', '2001:db8:1::/48'])"

step "net rm --asn and --prefix"
expect_code 0 dp provider net rm "McColo Corp" --asn 3549 --prefix 2001:db8:1::/48
expect_code 0 dp --json provider show "$id"
json_check "eq(d['asns'], [26780]); eq(d['prefixes'], ['208.72.168.0/21'])"
expect_sql "SELECT count(*) FROM provider_networks WHERE provider_id = $id" 2

step "net rm of something not there changes nothing"
db_snap
expect_code 66 dp provider net rm "$id" --asn 6939
expect_err "AS6939"
expect_code 66 dp provider net rm "$id" --prefix 10.0.0.0/8
expect_err "10.0.0.0/8"
# one present and one missing: nothing is removed
expect_code 66 dp provider net rm "$id" --asn 26780 --asn 6939
expect_code 66 dp provider net rm Nobody --asn 26780
expect_db_unchanged

step "net add of something there already changes nothing"
expect_code 65 dp provider net add "$id" --asn 26780
expect_err "AS26780"
expect_code 65 dp provider net add "$id" --asn 6939 --prefix 208.72.168.0/21
expect_code 65 dp provider net add "$id" --prefix 208.72.168.1/21
expect_err "208.72.168.0/21"
expect_code 65 dp provider net add "$id" --asn 0
expect_db_unchanged

step "every change is in the log"
expect_code 0 dp log
for a in provider.add provider.edit provider.net.add provider.net.rm; do
	expect_out_re "^[0-9]+ +[0-9T:Z-]+ +$a +provider:$id +[0-9a-f]{12}$"
done
expect_code 0 dp log --json
json_check "
acts = [(e['action'], e['subject']) for e in d]
eq(acts, [('provider.add', 'provider:$id'), ('provider.add', 'provider:2'),
    ('provider.edit', 'provider:$id'), ('provider.edit', 'provider:$id'),
    ('provider.edit', 'provider:$id'), ('provider.net.add', 'provider:$id'),
    ('provider.net.rm', 'provider:$id')])
# each payload records the state after the change
eq(d[2]['payload']['state']['name'], 'McColo Corp')
eq(d[4]['payload']['state']['country'], None)
eq(d[5]['payload']['state']['asns'], [3549, 26780])
eq(d[6]['payload']['state']['prefixes'], ['208.72.168.0/21'])"
expect_code 0 dp log --limit 2 --json
json_check "eq([e['seq'] for e in d], [6, 7])"

step "verify after all of it"
expect_code 0 dp verify
expect_out "intact"

finish
