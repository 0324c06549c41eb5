#!/bin/sh
# provider show's case summary leaves retracted evidence out of its counts
# and time spans, and says how many rows were retracted (text and JSON);
# provider edit --name warns, as provider add does, when the new name
# looks like another provider's; verify's summary counts retractions,
# retirements and merges.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 --prefix 208.66.192.0/22 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.20 \
    --observed 2008-08-01T00:00:00Z >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.21 \
    --observed 2008-09-01T00:00:00Z >/dev/null
dp evidence add --provider McColo --kind scan --indicator 208.66.194.22 \
    --observed 2008-10-01T00:00:00Z >/dev/null

step "nothing retracted: every row counts"
expect_code 0 dp --json provider show McColo
json_check "e = d['summary']['evidence']
eq(e['rows'], 3); eq(e['kinds'], {'c2': 2, 'scan': 1}); eq(e['retracted'], 0)
eq(e['last_observed'], '2008-10-01T00:00:00Z')"
expect_code 0 dp provider show McColo
expect_out_re "^evidence:  3 rows \(c2 2, scan 1\)$"

step "verify: no retraction, retirement or merge yet"
expect_code 0 dp verify
expect_out_re "^intact: [0-9]+ audit entries, 3 evidence rows, 0 files, 0 registry answers, 1 provider$"
expect_code 0 dp --json verify
json_check "eq((d['retractions'], d['retirements'], d['merges']), (0, 0, 0))"

step "retracted rows leave the counts and the span, and are counted apart"
dp evidence retract 3 --reason "wrong provider" >/dev/null ||
    fail "retract failed"
expect_code 0 dp --json provider show McColo
json_check "e = d['summary']['evidence']
eq(e['rows'], 2); eq(e['kinds'], {'c2': 2}); eq(e['retracted'], 1)
eq(e['first_observed'], '2008-08-01T00:00:00Z')
eq(e['last_observed'], '2008-09-01T00:00:00Z')"
expect_code 0 dp provider show McColo
expect_out_re "^evidence:  2 rows \(c2 2\); 1 retracted, not counted$"
expect_out "observed:  2008-08-01T00:00:00Z to 2008-09-01T00:00:00Z"
expect_no_out "scan"

step "every row retracted"
dp evidence retract 1 2 --reason "test traffic" >/dev/null ||
    fail "retract failed"
expect_code 0 dp --json provider show McColo
json_check "e = d['summary']['evidence']
eq(e['rows'], 0); eq(e['kinds'], {}); eq(e['retracted'], 3)
eq(e['first_recorded'], None)"
expect_code 0 dp provider show McColo
expect_out_re "^evidence:  0 rows; 3 retracted, not counted$"
expect_no_out "recorded:"

step "edit --name warns when the new name looks like another's"
dp provider add "Atrivo" >/dev/null
expect_code 0 dp provider edit Atrivo --name "McColo Corp."
expect_out "updated provider 2 'McColo Corp.'"
expect_err "depeer: warning: 'McColo Corp.' looks like provider 1 'McColo'; did you mean it? (use 'provider merge' if they are the same)"
expect_code 0 dp --json provider edit 2 --name "MCCOLO, Inc"
json_check "eq(d['name'], 'MCCOLO, Inc')
eq(d['warnings'], ['\\'MCCOLO, Inc\\' looks like provider 1 \\'McColo\\'; did you mean it? (use \\'provider merge\\' if they are the same)'])"

step "edit: no warning for a different name, its own name, or other fields"
expect_code 0 dp provider edit 2 --name "Intercage"
expect_err_empty
expect_code 0 dp --json provider edit 2 --name "Intercage"
json_check "eq(d['warnings'], [])"
expect_code 0 dp provider edit McColo --name "MCCOLO"
expect_err_empty
expect_code 0 dp provider edit MCCOLO --country US
expect_err_empty

step "verify counts retractions, retirements and merges"
expect_code 0 dp verify
expect_out_re "^intact: .*, 2 providers, 3 retractions$"
dp provider add "Hosting Retired" >/dev/null
dp provider retire "Hosting Retired" --reason "typed by mistake" >/dev/null ||
    fail "retire failed"
dp provider add "Esthost" >/dev/null
dp provider merge Esthost --into Intercage --reason "the same" >/dev/null ||
    fail "merge failed"
expect_code 0 dp verify
expect_out_re "^intact: [0-9]+ audit entries, 3 evidence rows, 0 files, 0 registry answers, 4 providers, 3 retractions, 1 retirement, 1 merge$"
expect_code 0 dp --json verify
json_check "eq(d['ok'], True)
eq((d['retractions'], d['retirements'], d['merges']), (3, 1, 1))"

finish
