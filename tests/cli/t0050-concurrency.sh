#!/bin/sh
# Several depeer processes on one database at once: two 5,000-row imports
# (with a reader alongside, which must see each import whole or not at
# all), two provider adds on an existing database, and two provider adds on
# a database that does not exist yet.  Every process must succeed (the busy
# timeout waits for the lock) and verify must pass afterwards.
. "$(dirname "$0")/lib.sh"

for f in 1 2; do
	awk -v f="$f" 'BEGIN {
		print "kind,indicator,note"
		for (i = 0; i < 5000; i++)
			printf "c2,10.%d.%d.%d,\"file %d, row %d\"\n", f,
			    int(i / 250), i % 250 + 1, f, i
	}' >"$T/f$f.csv"
done

# bg NAME CMD...: start CMD in the background, output in $T/NAME.out/.err.
bg() {
	_n=$1
	shift
	"$@" >"$T/$_n.out" 2>"$T/$_n.err" &
	eval "pid_$_n=\$!"
}

# reap NAME WANT: wait for NAME and check its status.
reap() {
	eval "wait \$pid_$1"
	_rc=$?
	CHECKS=$((CHECKS + 1))
	if [ "$_rc" -ne "$2" ]; then
		fail "background '$1' exited $_rc, expected $2: $(head -c 300 "$T/$1.err")"
	fi
	if grep -Eq 'Sanitizer|runtime error:' "$T/$1.err"; then
		fail "sanitizer report from background '$1'"
		sed 's/^/    | /' "$T/$1.err" | head -n 20 >&2
	fi
}

for round in 1 2; do
	step "two imports at once, round $round"
	db=$T/imp$round.db
	dp --db "$db" init >/dev/null
	dp --db "$db" provider add McColo >/dev/null
	bg imp1 dp --db "$db" evidence import --provider McColo "$T/f1.csv"
	bg imp2 dp --db "$db" evidence import --provider McColo "$T/f2.csv"
	bg list dp --db "$db" evidence list --json
	reap imp1 0
	reap imp2 0
	reap list 0
	expect_sql --db "$db" "SELECT count(*) FROM evidence" 10000
	expect_sql --db "$db" "SELECT count(*) FROM audit_log WHERE action = 'evidence.import'" 2
	# each file's rows are one contiguous run under one audit entry
	expect_sql --db "$db" "SELECT count(DISTINCT audit_seq) FROM evidence
	    WHERE note LIKE 'file 1,%'" 1
	expect_sql --db "$db" "SELECT max(id) - min(id) + 1 FROM evidence
	    WHERE note LIKE 'file 2,%'" 5000
	json_check "assert len(d) in (0, 5000, 10000), 'reader saw %d rows' % len(d)" "$T/list.out"
	expect_code 0 dp --db "$db" verify
	expect_out "10000 evidence rows"
done

for round in 1 2; do
	step "two provider adds at once, round $round"
	db=$T/prov$round.db
	dp --db "$db" init >/dev/null
	bg add1 dp --db "$db" provider add "Alpha Hosting" --asn 64500
	bg add2 dp --db "$db" provider add "Beta Hosting" --asn 64501
	reap add1 0
	reap add2 0
	expect_sql --db "$db" "SELECT group_concat(name, ',') FROM (SELECT name FROM
	    providers ORDER BY name)" "Alpha Hosting,Beta Hosting"
	expect_sql --db "$db" "SELECT count(*) FROM audit_log" 2
	expect_code 0 dp --db "$db" verify
done

step "two provider adds on a database that does not exist yet"
round=1
while [ "$round" -le 6 ]; do
	db=$T/new$round.db
	bg new1 dp --db "$db" provider add "Alpha Hosting"
	bg new2 dp --db "$db" provider add "Beta Hosting"
	reap new1 0
	reap new2 0
	expect_sql --db "$db" "SELECT count(*) FROM providers" 2
	round=$((round + 1))
done
expect_code 0 dp --db "$T/new1.db" verify

step "a new database another process is writing: depeer waits for it"
# The same race, made repeatable: the sqlite3 shell holds a write lock on a
# new (rollback-journal) database for a second; the busy timeout must
# cover depeer's switch to WAL as it covers everything else.
for how in "BEGIN IMMEDIATE" "BEGIN EXCLUSIVE"; do
	db=$T/held-$(echo "$how" | cut -d ' ' -f 2).db
	: >"$db"
	sqlite3 "$db" "$how" "CREATE TABLE held (x)" ".shell sleep 1" \
	    "DROP TABLE held" "COMMIT" >/dev/null 2>&1 &
	holder=$!
	sleep 0.3 2>/dev/null || sleep 1
	expect_code 0 dp --db "$db" provider add Waiter
	wait "$holder"
	expect_sql --db "$db" "SELECT name FROM providers" Waiter
done

step "the same name twice at once: one wins"
db=$T/same.db
dp --db "$db" init >/dev/null
bg same1 dp --db "$db" provider add McColo
bg same2 dp --db "$db" provider add mccolo
eval "wait \$pid_same1"
rc1=$?
eval "wait \$pid_same2"
rc2=$?
CHECKS=$((CHECKS + 1))
[ "$rc1$rc2" = 065 ] || [ "$rc1$rc2" = 650 ] ||
    fail "same name twice: exits $rc1 and $rc2, expected 0 and 65"
expect_sql --db "$db" "SELECT count(*) FROM providers" 1
expect_code 0 dp --db "$db" verify

finish
