#!/bin/sh
# depeer measure: series of counts imported from a CSV of values or a raw
# log, added to from another machine, listed, shown and removed; every
# bad input refused with its status and nothing written; verify holds
# each import's values to its audit entry.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2008-12-01T00:00:00Z
export DEPEER_NOW

step "a CSV of values"
cat >"$T/a.csv" <<'CSV'
time,value
# trap A
2008-11-11T20:00:00Z,30
2008-11-11T21:00:00Z,12
2008-11-11T21:30:00Z,3
1226440800,7
CSV
expect_code 0 dp measure import "$T/a.csv" --series spamtrap
expect_out "imported 3 intervals of 1h (2008-11-11T20:00:00Z to 2008-11-11T22:00:00Z) as series 'spamtrap'"
expect_out "(values, 4 lines counted); audit entry 1"
expect_err "created new database"
expect_code 0 dp measure show spamtrap
expect_out "points:   3 from 1 import, total 52"
expect_out_re "2008-11-11T21:00:00Z +15"
expect_code 0 dp measure list
expect_out_re "^spamtrap +1h +3 +1 +2008-11-11T20:00:00Z +2008-11-11T22:00:00Z +52$"
expect_code 0 dp measure list --json
json_check 'eq(d[0]["name"], "spamtrap"); eq(d[0]["interval_s"], 3600);
eq(d[0]["points"], 3); eq(d[0]["total"], 52.0);
eq(d[0]["first"], "2008-11-11T20:00:00Z")'
expect_code 0 dp measure show spamtrap --json
json_check 'eq([(p["t"], p["value"]) for p in d["values"]],
[("2008-11-11T20:00:00Z", 30.0), ("2008-11-11T21:00:00Z", 15.0),
 ("2008-11-11T22:00:00Z", 7.0)])'
expect_sql "SELECT action || ' ' || subject FROM audit_log" \
    "measure.import series:1"

step "--add: the counts of another trap, from standard input"
printf '2008-11-11T21:10:00Z,5\n2008-11-11T23:00:00Z,1\n' >"$T/b.csv"
run dp measure import - --series spamtrap --add --json <"$T/b.csv"
[ "$RC" = 0 ] || fail "import --add exit $RC: $(cat "$T/err")"
json_check 'eq(d["new"], False); eq(d["points"], 2); eq(d["input"], "-");
eq(d["series"]["points"], 4); eq(d["series"]["imports"], 2);
eq(d["series"]["total"], 58.0); eq(d["audit_seq"], 2)'
expect_code 0 dp measure show spamtrap
expect_out_re "2008-11-11T21:00:00Z +20"
expect_out_re "2008-11-11T23:00:00Z +1"

step "a raw log, counted per 15 minutes; the quiet intervals count 0"
cat >"$T/sink.log" <<'LOG'
2008-11-11T21:01:00Z 208.66.194.37
2008-11-11T21:02:00Z 208.66.194.37
2008-11-11T21:14:00Z 2001:db8::7
2008-11-11T22:00:00Z 208.66.194.38
LOG
expect_code 0 dp measure import "$T/sink.log" --series sinkhole --interval 15m
expect_out "imported 5 intervals of 15m"
expect_out "(a log of addresses, 4 lines counted)"
expect_code 0 dp measure show sinkhole --json
json_check 'eq([p["value"] for p in d["values"]], [3.0, 0.0, 0.0, 0.0, 1.0])'
expect_code 0 dp verify
expect_out "intact: 3 audit entries"
expect_out ", 2 measured series"

step "malformed lines: skipped and reported, or fatal with --strict"
cat >"$T/bad.csv" <<'CSV'
2008-11-11T20:00:00Z,1
yesterday,2
2008-11-11T21:00:00Z,-4
2008-11-11T22:00:00Z,lots
CSV
expect_code 0 dp measure import "$T/bad.csv" --series partial
expect_err "depeer: warning: '$T/bad.csv': 3 malformed lines skipped (lines 2, 3, 4): line 2: the time is not Unix seconds or an RFC 3339 time"
expect_out "imported 1 interval of 1h"
db_snap
expect_code 65 dp measure import "$T/bad.csv" --series strict --strict
expect_err "depeer: '$T/bad.csv': line 2: the time is not Unix seconds or an RFC 3339 time (--strict)"
expect_err "nothing was imported"
printf '2008-11-11T21:00:00Z,-4\n' >"$T/neg.csv"
expect_code 65 dp measure import "$T/neg.csv" --series neg
expect_err "no line of the input could be read: line 1: the value is negative (counts are 0 or more)"
printf '2008-11-11T21:00:00Z,many\n' >"$T/nan.csv"
expect_code 65 dp measure import "$T/nan.csv" --series nan
expect_err "line 1: the value is not a number"
: >"$T/empty.csv"
expect_code 65 dp measure import "$T/empty.csv" --series empty
expect_err "the input holds no measurements (it is empty)"
printf 'time,value\n' >"$T/header.csv"
expect_code 65 dp measure import "$T/header.csv" --series header
expect_err "only blank lines, comments or a header"
expect_db_unchanged

step "bad command lines and names: 64, nothing written"
expect_code 64 dp measure import "$T/a.csv"
expect_err "needs --series NAME"
expect_code 64 dp measure import --series x
expect_code 64 dp measure import "$T/a.csv" --series x --interval 7m
expect_err "an interval of 7m does not divide a day evenly"
expect_code 64 dp measure import "$T/a.csv" --series x --interval 1x
expect_err "'1x' is not a duration"
expect_code 64 dp measure import "$T/a.csv" --series x --interval 2d
expect_code 64 dp measure import "$T/a.csv" --series "$(printf 'trap\033[2J')"
expect_err "series name"
expect_no_err "$(printf '\033')"
expect_code 64 dp measure import "$T/a.csv" --series ""
expect_code 64 dp measure show
expect_code 64 dp measure rm a b
expect_db_unchanged

step "series that exist, or do not"
expect_code 65 dp measure import "$T/a.csv" --series spamtrap
expect_err "a series named 'spamtrap' exists; use --add"
expect_code 65 dp measure import "$T/a.csv" --series spamtrap --add --interval 15m
expect_err "series 'spamtrap' counts per 1h, not per 15m"
expect_code 66 dp measure import "$T/a.csv" --series nosuch --add
expect_err "no series named 'nosuch' to add to"
expect_code 66 dp measure import "$T/nofile.csv" --series x
expect_code 66 dp measure import "$T" --series x
expect_code 66 dp measure show nosuch
expect_err "no series named 'nosuch'"
expect_code 66 dp measure rm nosuch
expect_db_unchanged
expect_code 66 dp --db "$T/none.db" measure list
expect_code 65 dp --db "$T/none.db" measure import "$T/empty.csv" --series x
expect_code 64 dp --db "$T/none.db" measure import "$T/a.csv" --series x --interval 7m
CHECKS=$((CHECKS + 1))
[ ! -e "$T/none.db" ] || fail "a refused command created a database"

step "tampering with a series is found"
tamper_base
tamper "UPDATE series_points SET value = 2 WHERE value = 1 AND series_id = 1"
detected "audit entry 2: the points of series 1 it recorded no longer hash to its points_sha256"
tamper "DELETE FROM series_points WHERE series_id = 2 AND t = (SELECT max(t) FROM series_points WHERE series_id = 2)"
detected "audit entry 3: it recorded 5 points of series 2 but 4 are there"
tamper "UPDATE series SET name = 'other' WHERE id = 1"
detected "series 1 ('other') differs from what audit entry 1"
tamper "UPDATE series SET updated_at = 0 WHERE id = 1"
detected "series 1 ('spamtrap') differs"
tamper "DELETE FROM series_points WHERE series_id = 3; DELETE FROM series WHERE id = 3"
detected "series 3 ('partial'), made by audit entry 4, is missing"
tamper "INSERT INTO series_points (series_id, t, value, audit_seq) VALUES (1, 0, 9, 3)"
detected "points name audit entry 3, which did not record them"

step "measure rm: the series and its values go, with an entry"
expect_code 0 dp measure rm spamtrap
expect_out "removed series 'spamtrap' (4 intervals from 2 imports)"
expect_sql "SELECT count(*) FROM series_points WHERE series_id = 1" 0
expect_sql "SELECT action || ' ' || subject || ' ' || json_extract(payload, '\$.points')
    FROM audit_log ORDER BY seq DESC LIMIT 1" "measure.rm series:1 5"
expect_code 0 dp verify
expect_out "intact"
# the series removed is no longer counted: sinkhole and partial are
expect_out ", 2 measured series"
expect_code 0 dp measure import "$T/a.csv" --series spamtrap
expect_code 0 dp verify
expect_out "intact"
finish
