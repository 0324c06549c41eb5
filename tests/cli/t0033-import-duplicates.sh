#!/bin/sh
# evidence import knows what the case already holds: the same file twice is
# refused with the earlier import's time, ids and audit entry; rows equal
# to stored rows (provider, kind, indicator, time), or to earlier rows of
# the same file, are refused with their lines and the stored ids; nothing
# is written either way, and --allow-duplicates imports anyway.  Times
# and indicators compare in canonical form.
. "$(dirname "$0")/lib.sh"

dp provider add McColo >/dev/null
dp provider add Atrivo >/dev/null
printf 'kind,indicator,observed_at\nc2,208.66.192.1,2008-11-01T10:00:00Z\nc2,208.66.192.2,\nscan,cc.example.com,2008-11-02T00:00:00Z\n' >"$T/a.csv"

step "a first import"
expect_code 0 dp evidence import --provider McColo a.csv
expect_out "evidence 1-3; audit entry 3"
db_snap

step "the same file again: refused, naming the earlier import"
expect_code 65 dp evidence import --provider McColo a.csv
expect_err "this file was imported on"
expect_err "as evidence 1-3 (audit entry 3)"
expect_err "--allow-duplicates"
expect_err "nothing was imported"
expect_db_unchanged
# The time is the audit entry's.
AT=$(sqlq "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') FROM audit_log WHERE seq = 3")
expect_err "imported on $AT"
# The audit entry holds the SHA-256 of the bytes read.
SUM=$(sha256sum <"$T/a.csv" | cut -d' ' -f1)
expect_sql "SELECT json_extract(payload, '$.input_sha256') FROM audit_log WHERE seq = 3" "$SUM"
# Through standard input too, and in a dry run.
expect_code 65 dp evidence import --provider McColo - <"$T/a.csv"
expect_err "as evidence 1-3 (audit entry 3)"
expect_code 65 dp evidence import --dry-run --provider McColo a.csv
expect_err "as evidence 1-3 (audit entry 3)"
expect_db_unchanged

step "other files with stored rows: refused with their lines and ids"
# Line 3 repeats evidence 1 (the same time written differently, the
# address the same); line 4 is new; line 5 repeats evidence 3 (the domain
# in upper case); line 6 differs from evidence 2 only by its time.
printf 'kind,indicator,observed_at,note\nc2,208.66.192.9,,new\nc2,208.66.192.1,2008-11-01T10:00:00.000Z,again\nc2,208.66.192.10,,new\nscan,CC.Example.COM,2008-11-02T00:00:00Z,again\nc2,208.66.192.2,2008-11-03T00:00:00Z,new time\n' >"$T/b.csv"
expect_code 65 dp evidence import --provider McColo b.csv
expect_err "2 rows repeat stored evidence"
expect_err "line 3 (evidence 1), line 5 (evidence 3)"
expect_no_err "line 6"
expect_no_err "line 2 "
expect_err "nothing was imported"
expect_db_unchanged
# The same rows under another provider are not duplicates.
expect_code 0 dp evidence import --dry-run --provider Atrivo b.csv
expect_out "5 valid"

step "rows repeated inside one file"
printf 'kind,indicator\nc2,208.66.193.1\nc2,208.66.193.2\nc2,208.66.193.1\nscan,208.66.193.1\nc2,208.66.193.2\nc2,208.66.193.1\n' >"$T/c.csv"
expect_code 65 dp evidence import --provider McColo c.csv
expect_err "3 rows repeat an earlier line: line 4 (as line 2), line 6 (as line 3), line 7 (as line 2)"
expect_db_unchanged
# JSON Lines, too.
printf '{"kind":"c2","indicator":"208.66.193.5"}\n{"kind":"c2","indicator":"208.66.193.5","note":"n"}\n' >"$T/d.jsonl"
expect_code 65 dp evidence import --provider McColo d.jsonl
expect_err "1 row repeats an earlier line: line 2 (as line 1)"
expect_db_unchanged

step "more duplicates than the message names"
awk 'BEGIN { print "kind,indicator"; for (i = 0; i < 12; i++) print "c2,208.66.194.7" }' >"$T/many.csv"
expect_code 65 dp evidence import --provider McColo many.csv
expect_err "11 rows repeat an earlier line: line 3 (as line 2), line 4 (as line 2), line 5 (as line 2), line 6 (as line 2), line 7 (as line 2) and 6 more"
expect_db_unchanged

step "--allow-duplicates imports them"
expect_code 0 dp evidence import --allow-duplicates --provider McColo b.csv
expect_out "imported 5 rows"
expect_code 0 dp evidence import --allow-duplicates --provider McColo c.csv
expect_out "imported 6 rows"
expect_code 0 dp evidence import --allow-duplicates --provider McColo a.csv
expect_out "imported 3 rows"
expect_sql "SELECT count(*) FROM evidence WHERE indicator = '208.66.192.1'" 3
# A file imported twice is found by its first import.
expect_code 65 dp evidence import --provider McColo a.csv
expect_err "as evidence 1-3 (audit entry 3)"

step "a row equal to a key stored twice counts once, with the first id"
printf 'kind,indicator,observed_at,note\nc2,208.66.194.99,,new\nc2,208.66.192.1,2008-11-01T10:00:00Z,third\n' >"$T/e.csv"
expect_code 65 dp evidence import --provider McColo e.csv
expect_err "1 row repeats stored evidence (the same provider, kind, indicator and time): line 3 (evidence 1);"
expect_code 0 dp verify
expect_out "intact"

finish
