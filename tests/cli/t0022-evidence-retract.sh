#!/bin/sh
# evidence retract: a wrong record stays, marked retracted with its reason
# in the audit log; list and export leave it out unless --all; show and
# JSON carry the retraction; several IDs are retracted all or none; bad
# input changes nothing; verify holds each retraction to its audit entry;
# "evidence rm" names retract.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 >/dev/null
printf 'pcap bytes\n' >"$T/cap.pcap"
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.20 \
    --note first --file cap.pcap >/dev/null
dp evidence add --provider McColo --kind scan --indicator 208.66.194.21 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 >/dev/null
hash1=$(sqlq "SELECT hex(row_hash) FROM evidence WHERE id = 1")

step "nothing is retracted yet: JSON carries null"
expect_code 0 dp --json evidence show 1
json_check "eq(d['retracted'], None)"

step "a missing or empty reason is a usage error; nothing written"
db_snap
expect_code 64 dp evidence retract 1
expect_err "--reason"
expect_code 64 dp evidence retract 1 --reason ''
expect_err "needs a reason"
expect_code 64 dp evidence retract 1 --reason '   '
expect_code 64 dp evidence retract --reason 'no id'
expect_code 64 dp evidence retract x1 --reason typo
expect_err "is not an evidence id"
expect_code 64 dp evidence retract 1 1 --reason typo
expect_err "named twice"
expect_code 65 dp evidence retract 1 --reason "$(printf 'bad\033[31m')"
expect_err "control character"
expect_db_unchanged

step "a missing id among several retracts none of them"
expect_code 66 dp evidence retract 1 99 --reason typo
expect_err "no evidence with id 99"
expect_db_unchanged

step "retract two records"
expect_code 0 dp evidence retract 1 2 --reason "wrong address: typed .20 for .23
see ticket 7"
expect_out "retracted evidence 1"
expect_out "retracted evidence 2"
expect_sql "SELECT count(*) FROM evidence" 3
expect_sql "SELECT hex(row_hash) FROM evidence WHERE id = 1" "$hash1"
expect_sql "SELECT group_concat(action, ' ') FROM audit_log WHERE seq > 4" \
    "evidence.retract evidence.retract"
expect_sql "SELECT subject FROM audit_log WHERE seq = 5" "evidence:1"
expect_code 0 dp verify

step "retracting again fails and writes nothing"
db_snap
expect_code 65 dp evidence retract 2 --reason again
expect_err "evidence 2 was already retracted"
expect_code 65 dp evidence retract 3 2 --reason again
expect_db_unchanged

step "list leaves retracted records out; --all marks them"
expect_code 0 dp evidence list
expect_no_out "208.66.194.20"
expect_no_out "208.66.194.21"
expect_out "208.66.194.22"
expect_no_out "RETRACTED"
expect_code 0 dp evidence list --all
expect_out "RETRACTED"
expect_out_re "^1 .*208\.66\.194\.20 .* [0-9]{4}-[0-9]{2}-[0-9]{2}T"
expect_out_re "^3 .*208\.66\.194\.22 .* -$"
expect_code 0 dp --json evidence list
json_check "eq([r['id'] for r in d], [3])"
expect_code 0 dp --json evidence list --all
json_check "eq([r['id'] for r in d], [1, 2, 3])
eq(d[0]['retracted']['reason'], 'wrong address: typed .20 for .23\nsee ticket 7')
eq(d[0]['retracted']['audit_seq'], 5)
eq(d[1]['retracted']['audit_seq'], 6)
eq(d[2]['retracted'], None)"

step "show gives the retraction with reason, time and audit entry"
expect_code 0 dp evidence show 1
expect_out_re "^RETRACTED: +[0-9]{4}-.*Z \(audit entry 5\)$"
expect_out "reason:      wrong address: typed .20 for .23"
expect_code 0 dp --json evidence show 2
json_check "eq(sorted(d['retracted']), ['at', 'audit_seq', 'reason'])
eq(d['retracted']['audit_seq'], 6)"

step "export leaves a retracted record's file out unless --all"
expect_code 65 dp evidence export 1 -o "$T/x.pcap"
expect_err "evidence 1 was retracted"
expect_err "--all"
CHECKS=$((CHECKS + 1))
[ -e "$T/x.pcap" ] && fail "export of a retracted record wrote x.pcap"
expect_code 0 dp evidence export 1 --all -o "$T/x.pcap"
CHECKS=$((CHECKS + 1))
cmp -s cap.pcap x.pcap || fail "export --all wrote other bytes"

step "rm and delete explain append-only and name retract"
for c in rm delete; do
	expect_code 64 dp evidence $c 3
	expect_err "never removed"
	expect_err "depeer evidence retract 3 --reason"
done
expect_sql "SELECT count(*) FROM evidence" 3

step "verify: a retraction removed, altered, added or its row changed"
tamper_base
tamper "DELETE FROM evidence_retractions WHERE evidence_id = 2"
detected "retraction of evidence 2 it recorded is missing"
tamper "UPDATE evidence_retractions SET reason = 'other' WHERE evidence_id = 1"
detected "retraction of evidence 1: its reason or time differs"
tamper "UPDATE evidence_retractions SET retracted_at = retracted_at - 60 WHERE evidence_id = 1"
detected "retraction of evidence 1: its reason or time differs"
tamper "UPDATE evidence_retractions SET evidence_id = 3 WHERE evidence_id = 2"
detected "retraction of evidence 3 names audit entry 6"
tamper "INSERT INTO evidence_retractions VALUES (3, 'sneaky', 0, 6)"
detected "retraction of evidence 3 names audit entry 6"
tamper "INSERT INTO evidence_retractions VALUES (3, 'sneaky', 0, 99)"
detected "retraction of evidence 3 names audit entry 99"
tamper "PRAGMA foreign_keys = OFF; DELETE FROM evidence_files WHERE evidence_id = 1;
    DELETE FROM evidence WHERE id = 1"
detected "evidence"
expect_code 0 dp --db "$T/base.db" verify

finish
