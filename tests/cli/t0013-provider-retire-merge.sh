#!/bin/sh
# provider retire and provider merge: mistakes corrected without losing the
# record.  A retired provider stays (show, list --all) but leaves the
# default listings; a merged duplicate's networks and evidence go to the
# real provider, the duplicate stays retired with a pointer, and names of
# it say where it went.  Both are audited and verify holds the database to
# them (tampering is caught); refused changes leave the database as it
# was; provider rm explains the append-only design.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 --prefix 208.66.192.0/22 >/dev/null
dp provider add "McColo Corp" --asn 26780 --asn 64500 \
    --prefix 208.72.168.0/21 >/dev/null
dp provider add Mccolo-typo >/dev/null
dp provider add Atrivo --asn 27595 >/dev/null
real=$(sqlq "SELECT id FROM providers WHERE name = 'McColo'")
dup=$(sqlq "SELECT id FROM providers WHERE name = 'McColo Corp'")
typo=$(sqlq "SELECT id FROM providers WHERE name = 'Mccolo-typo'")
dp evidence add --provider McColo --kind c2 --indicator 208.66.192.5 \
    --observed-at 2008-08-01T00:00:00Z >/dev/null
dp evidence add --provider "McColo Corp" --kind spam-source \
    --indicator 208.72.168.9 --observed-at 2008-09-01T00:00:00Z >/dev/null
dp evidence add --provider Atrivo --kind c2 --indicator 10.0.0.1 >/dev/null
printf 'kind,indicator\nc2,208.72.168.10\nscan,208.72.168.11\n' >"$T/d.csv"
dp evidence import --provider "McColo Corp" d.csv >/dev/null
# evidence 1 McColo, 2 McColo Corp, 3 Atrivo, 4-5 McColo Corp

step "rm, delete and remove explain the append-only design"
db_snap
for verb in rm delete remove; do
	expect_code 64 dp provider $verb "McColo Corp"
	expect_err "append-only"
	expect_err "provider retire"
	expect_err "provider merge"
	expect_out_empty
done
expect_db_unchanged

step "retire needs a reason"
expect_code 64 dp provider retire Mccolo-typo
expect_err "--reason"
expect_code 65 dp provider retire Mccolo-typo --reason ""
expect_code 66 dp provider retire Nobody --reason "typo"
expect_err "Nobody"
expect_code 64 dp provider retire --reason "typo"
expect_db_unchanged

step "retire: kept, out of the default listings, marked in --all"
expect_code 0 dp provider retire Mccolo-typo --reason "typed by mistake"
expect_out "retired provider $typo"
expect_sql "SELECT reason, merged_into IS NULL FROM provider_retirements
    WHERE provider_id = $typo" "typed by mistake|1"
expect_code 0 dp provider list
expect_no_out "Mccolo-typo"
expect_code 0 dp provider list --json
json_check "eq(sorted(p['name'] for p in d), ['Atrivo', 'McColo', 'McColo Corp'])"
expect_code 0 dp provider list --all
expect_out_re "^$typo +Mccolo-typo +- +- +- +retired$"
expect_code 0 dp --json provider list --all
json_check "r = [p for p in d if p['name'] == 'Mccolo-typo'][0]['retired']
eq(r['reason'], 'typed by mistake'); eq(r['merged_into'], None)
assert r['at'].endswith('Z'), r"
expect_code 0 dp provider show Mccolo-typo
expect_out_re "^retired: .*typed by mistake$"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'provider.retire'
    AND subject = 'provider:$typo'" 1

step "retiring twice is refused"
db_snap
expect_code 65 dp provider retire Mccolo-typo --reason "again"
expect_err "retired"
expect_db_unchanged

step "a retired provider can still be named"
expect_code 0 dp evidence add --provider Mccolo-typo --kind other \
    --indicator 192.0.2.1
# evidence 6 Mccolo-typo

step "refused merges change nothing"
db_snap
expect_code 64 dp provider merge "McColo Corp"
expect_err "--into"
expect_code 64 dp provider merge --into McColo
expect_code 66 dp provider merge Nobody --into McColo
expect_err "Nobody"
expect_code 66 dp provider merge "McColo Corp" --into Nobody
expect_code 65 dp provider merge McColo --into mccolo
expect_err "itself"
expect_code 65 dp provider merge "McColo Corp" --into Mccolo-typo
expect_err "retired"
expect_code 65 dp provider merge "McColo Corp" --into McColo --reason ""
expect_db_unchanged

step "merge moves networks and evidence, all at once"
expect_code 0 dp provider merge "mccolo corp" --into "$real" \
    --reason "same company, two names"
expect_out "3 evidence rows"
expect_out "3 networks"
expect_sql "SELECT group_concat(id) FROM evidence WHERE provider_id = $real
    ORDER BY id" "1,2,4,5"
expect_sql "SELECT count(*) FROM evidence WHERE provider_id = $dup" 0
expect_sql "SELECT count(*) FROM provider_networks WHERE provider_id = $dup" 0
expect_code 0 dp --json provider show McColo
json_check "eq(d['asns'], [26780, 64500])
eq(d['prefixes'], ['208.66.192.0/22', '208.72.168.0/21'])
eq(d['summary']['evidence']['rows'], 4)
eq(d['summary']['evidence']['kinds'], {'c2': 2, 'spam-source': 1, 'scan': 1})
eq(d['summary']['merged_from'][0]['name'], 'McColo Corp')"
expect_code 0 dp evidence list --provider McColo --json
json_check "eq([e['id'] for e in d], [1, 2, 4, 5])
eq(set(e['provider'] for e in d), {'McColo'})"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'provider.merge'
    AND subject = 'provider:$dup'" 1
expect_code 0 dp log --json
json_check "m = [e for e in d if e['action'] == 'provider.merge'][0]['payload']
eq(m['evidence'], {'rows': 3, 'ids': [[2, 2], [4, 5]]})
eq(m['into'], $real); eq(m['reason'], 'same company, two names')
eq(m['state']['retired']['merged_into'], $real)"

step "the duplicate stays, retired, and says where it went"
expect_code 0 dp provider show "McColo Corp"
expect_out "merged:    into 'McColo'"
expect_code 0 dp --json provider show "$dup"
json_check "eq(d['retired']['merged_into'], $real); eq(d['asns'], [])
eq(d['summary']['merged_into'], {'id': $real, 'name': 'McColo'})"
expect_code 0 dp provider list --all
expect_out_re "^$dup +McColo Corp +- +- +- +merged into McColo$"
expect_code 0 dp provider list
expect_no_out "McColo Corp"
db_snap
expect_code 65 dp evidence add --provider "McColo Corp" --kind c2 \
    --indicator 208.72.168.12
expect_err "merged into 'McColo'"
expect_code 65 dp provider edit "McColo Corp" --note x
expect_err "merged into 'McColo'"
expect_code 65 dp provider net add "$dup" --asn 64501
expect_code 65 dp evidence list --provider "McColo Corp"
expect_code 65 dp provider merge "McColo Corp" --into Atrivo
expect_err "merged into 'McColo'"
expect_code 65 dp provider merge Atrivo --into "McColo Corp"
expect_err "merged into 'McColo'"
expect_code 65 dp provider retire "McColo Corp" --reason x
expect_db_unchanged

step "verify understands merges"
expect_code 0 dp verify
expect_out "intact"

step "a retired provider merged later; merges chain"
expect_code 0 dp provider merge Mccolo-typo --into Atrivo
expect_out "1 evidence row"
expect_code 0 dp provider merge Atrivo --into McColo --reason "one network"
expect_sql "SELECT group_concat(provider_id) FROM evidence ORDER BY id" \
    "$real,$real,$real,$real,$real,$real"

expect_code 0 dp provider show Mccolo-typo --json
json_check "eq(d['summary']['merged_into']['name'], 'McColo')"
expect_code 65 dp evidence add --provider Mccolo-typo --kind c2 --indicator 1.2.3.4
expect_err "merged into 'McColo'"
expect_code 0 dp verify
tamper_base

step "tampering: a merged row's provider edited"
tamper "UPDATE evidence SET provider_id = $dup WHERE id = 2"
detected "evidence 2" "merges recorded"
tamper "UPDATE evidence SET provider_id = $typo WHERE id = 6"
detected "evidence 6"
tamper "UPDATE evidence SET provider_id = $dup WHERE id = 1"
detected "evidence 1" "altered"

step "tampering: the merge record deleted or changed"
tamper "DELETE FROM provider_retirements WHERE provider_id = $dup"
detected "provider $dup"
tamper "UPDATE provider_retirements SET merged_into = $typo WHERE provider_id = $dup"
detected "provider $dup"
tamper "UPDATE provider_retirements SET reason = 'other' WHERE provider_id = $typo"
detected "provider $typo"
tamper "DELETE FROM provider_retirements WHERE provider_id = $typo"
detected "provider $typo"
tamper "INSERT INTO provider_retirements VALUES ($real, 1, 'gone', NULL)"
detected "provider $real"

finish
