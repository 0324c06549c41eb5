#!/bin/sh
# depeer bgp list and bgp rm: the imports listed (id, date, kind,
# entries, origin ASes, when imported, the file's SHA-256 and name, in
# text and JSON); one removed in one transaction with a bgp.rm entry, its
# observations gone from the inference; bad operands and an unknown id
# write nothing; verify accepts the removal and still finds tampering with
# what remains, and a removed import put back; a removed file imported
# again, and no id given again after the last import is removed.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
gen() { python3 "$HERE/mrtgen.py" "$@"; }

# 2008-09-01: McColo (26780) behind 3549 and 6939
gen rib "$T/sep.mrt" 1220227200 <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 3549 26780
3356 192.0.2.2 208.66.192.0/22 3356 6939 26780
174 192.0.2.3 208.72.168.0/21 174 3549 26780
174 192.0.2.3 10.1.0.0/24 174 1299 9000
EOF
# 2008-10-01: behind 1299 only
gen rib "$T/oct.mrt" 1222819200 <<'EOF'
7018 192.0.2.1 208.66.192.0/22 7018 1299 26780
3356 192.0.2.2 208.66.192.0/22 3356 1299 26780
EOF

step "an empty list; bad operands"
expect_code 0 dp init
expect_code 0 dp bgp list
expect_out_re "^ID +DATE +KIND +ENTRIES +ORIGINS +IMPORTED +FILE_SHA256 +FILE$"
expect_code 0 dp bgp list --json
json_check "eq(d, {'imports': []})"
expect_code 64 dp bgp list extra
db_snap
expect_code 64 dp bgp rm
expect_err "'bgp rm' needs one import ID"
expect_code 64 dp bgp rm 1 2
expect_code 64 dp bgp rm x
expect_err "'BGP import id': 'x' is not a whole number of 1 or more"
expect_code 64 dp bgp rm 0
expect_code 66 dp bgp rm 1
expect_err "no BGP import 1"
expect_db_unchanged

step "bgp list: the imports, text and JSON"
DEPEER_NOW=2008-12-01T10:00:00Z dp bgp import "$T/sep.mrt" >/dev/null
DEPEER_NOW=2008-12-01T10:05:00Z dp bgp import "$T/oct.mrt" >/dev/null
sep=$(sha256sum "$T/sep.mrt" | cut -d ' ' -f 1)
oct=$(sha256sum "$T/oct.mrt" | cut -d ' ' -f 1)
expect_code 0 dp bgp list
expect_out_re "^1 +2008-09-01T00:00:00Z +rib +4 +2 +2008-12-01T10:00:00Z +$sep +$T/sep.mrt$"
expect_out_re "^2 +2008-10-01T00:00:00Z +rib +2 +1 +2008-12-01T10:05:00Z +$oct +$T/oct.mrt$"
expect_code 0 dp bgp list --json
json_check "
i = d['imports']
eq([x['id'] for x in i], [1, 2])
eq(i[0]['observed_at'], '2008-09-01T00:00:00Z')
eq(i[0]['kind'], 'rib'); eq(i[0]['elems'], 4); eq(i[0]['origins'], 2)
eq(i[0]['created_at'], '2008-12-01T10:00:00Z')
eq(i[0]['file_sha256'], '$sep'); eq(i[0]['file_name'], '$T/sep.mrt')
eq(i[1]['origins'], 1); eq(i[1]['file_sha256'], '$oct')"
expect_code 0 dp bgp relationships
expect_out "3549|26780|-1"

step "bgp rm: the import and its observations gone, with a bgp.rm entry"
db_copy "$DB" "$T/pre.db"
expect_code 0 dp bgp rm 1
expect_out_re "^removed bgp import 1: '.*sep.mrt', rib of 2008-09-01T00:00:00Z, 4 entries; audit entry 3$"
expect_sql "SELECT action || ' ' || subject FROM audit_log WHERE seq = 3" "bgp.rm bgp:1"
expect_sql "SELECT json_extract(payload, '$.import.file_sha256') FROM audit_log WHERE seq = 3" "$sep"
expect_sql "SELECT (SELECT count(*) FROM bgp_imports WHERE id = 1) +
    (SELECT count(*) FROM bgp_origins WHERE import_id = 1) +
    (SELECT count(*) FROM bgp_upstreams WHERE import_id = 1) +
    (SELECT count(*) FROM bgp_packed WHERE import_id = 1)" 0
expect_sql "SELECT records FROM bgp_packed WHERE import_id = 2 AND part = 'links'" 3
expect_code 0 dp bgp list --json
json_check "eq([x['id'] for x in d['imports']], [2])"
expect_code 0 dp bgp relationships
expect_no_out "3549|26780"
expect_code 66 dp bgp rm 1
expect_err "no BGP import 1"
expect_code 0 dp bgp rm 2 --json
json_check "eq(d['id'], 2); eq(d['removed'], True); eq(d['removed_seq'], 4)
eq(d['file_sha256'], '$oct')"
expect_code 66 dp bgp relationships
expect_err "no BGP path imported"

step "verify accepts the removals and finds what is put back or altered"
expect_code 0 dp verify
expect_out_re "^intact: 4 audit entries, "
expect_no_out "BGP import"
expect_code 0 dp bgp import "$T/sep.mrt"
expect_out "bgp import 3: "
expect_code 0 dp verify --json
json_check "eq(d['ok'], True); eq(d['bgp_imports'], 1)"
tamper_base
tamper "ATTACH '$T/pre.db' AS p;
    INSERT INTO bgp_imports SELECT * FROM p.bgp_imports WHERE id = 2;
    INSERT INTO bgp_packed SELECT * FROM p.bgp_packed WHERE import_id = 2"
detected "BGP import 2, removed by audit entry 4, is still there"
tamper "INSERT INTO bgp_packed VALUES (2, 'links', 0, x'01')"
detected "BGP observation row belongs to no import"
tamper "UPDATE bgp_upstreams SET paths = paths + 1 WHERE import_id = 3"
detected "observations of BGP import 3"
tamper "DELETE FROM bgp_packed WHERE import_id = 3;
    DELETE FROM bgp_upstreams WHERE import_id = 3; DELETE FROM bgp_origins WHERE import_id = 3;
    DELETE FROM bgp_imports WHERE id = 3"
detected "BGP import 3, recorded by audit entry 5, is missing"

step "the id of the last import, removed, is never given again; verify follows"
expect_code 0 dp bgp rm 3
expect_code 0 dp bgp import "$T/oct.mrt"
expect_out "bgp import 4: "
expect_code 0 dp verify
expect_out_re "^intact: 7 audit entries, .*, 1 BGP import$"
expect_code 0 dp bgp list --json
json_check "eq([(x['id'], x['file_sha256']) for x in d['imports']], [(4, '$oct')])"

finish
