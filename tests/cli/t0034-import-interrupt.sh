#!/bin/sh
# SIGINT or SIGTERM during evidence import: either "interrupted: nothing
# imported" with exit 130 (SIGINT) or 143 (SIGTERM) and no row stored, or,
# when the signal came after the import's last look before committing, its
# normal result with every row.  Never a silent exit.
. "$(dirname "$0")/lib.sh"

dp provider add McColo >/dev/null
EV0=$(sqlq "SELECT count(*) FROM evidence")
AU0=$(sqlq "SELECT count(*) FROM audit_log")

# bg IN ARGS...: start depeer in the background, stdin from IN, stdout
# and stderr in $T/out and $T/err, with SIGINT and SIGTERM at their
# defaults (a script's background job inherits SIGINT ignored, which
# depeer keeps ignored); its pid in $PID.
bg() {
	_i=$1
	shift
	exec python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$DEPEER" "$@" <"$_i" >"$T/out" \
	    2>"$T/err" &
	PID=$!
}

# nothing_stored: the case holds what it held before the import.
nothing_stored() {
	expect_sql "SELECT count(*) FROM evidence" "$EV0"
	expect_sql "SELECT count(*) FROM audit_log" "$AU0"
}

# Rows for the FIFO: enough to fill the pipe and the reader's buffer.
awk 'BEGIN { print "kind,indicator"; for (i = 0; i < 20000; i++) printf "c2,10.%d.%d.%d\n", int(i / 65536), int(i / 256) % 256, i % 256 }' >"$T/part.csv"

# waiting SIG CODE: an import reading a FIFO that has given it rows and
# then waits; SIG comes while it waits for more.  It must roll back.
waiting() {
	step "$1 while the import waits for input"
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	bg "$T/fifo" evidence import --provider McColo -
	exec 3>"$T/fifo"
	# Returns once depeer has read all but the pipe's capacity.
	cat "$T/part.csv" >&3
	sleep 0.2
	kill -s "$1" "$PID"
	wait "$PID"
	RC=$?
	exec 3>&-
	[ "$RC" = "$2" ] || fail "exit $RC after $1, expected $2"
	expect_err "depeer: interrupted: nothing imported"
	expect_out_empty
	nothing_stored
}
waiting INT 130
waiting TERM 143

step "SIGINT during a large import: a message, whatever the moment"
N=200000
awk -v n="$N" 'BEGIN { print "kind,indicator,note"; for (i = 0; i < n; i++) printf "c2,10.%d.%d.%d,row %d\n", int(i / 65536), int(i / 256) % 256, i % 256, i }' >"$T/big.csv"
# One round aims at the end of the import (its commit and its result):
# the time of an import to the WAL's first write, then of all of it.
a=$(date +%s.%N)
dp evidence import --provider McColo --allow-duplicates big.csv >/dev/null
b=$(date +%s.%N)
EV0=$(sqlq "SELECT count(*) FROM evidence")
AU0=$(sqlq "SELECT count(*) FROM audit_log")
late=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b - a) * 0.8 }')
for delay in 0.05 0.3 "$late"; do
	# --allow-duplicates: a round that finished stored these rows.
	bg /dev/null evidence import --provider McColo --allow-duplicates \
	    big.csv
	# Wait (at most 10 s) until the import has begun writing, then
	# give it a moment more.
	i=0
	while [ ! -s "$DB-wal" ] && [ $i -lt 200 ] && kill -0 "$PID" 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep "$delay"
	kill -s INT "$PID" 2>/dev/null
	wait "$PID"
	RC=$?
	EV=$(sqlq "SELECT count(*) FROM evidence")
	case $RC in
	130)
		expect_err "depeer: interrupted: nothing imported"
		expect_out_empty
		nothing_stored
		;;
	0)
		expect_out "imported $N rows"
		[ "$EV" = $((EV0 + N)) ] || fail "exit 0 with $EV rows stored, expected $((EV0 + N))"
		EV0=$EV
		AU0=$(sqlq "SELECT count(*) FROM audit_log")
		;;
	*)
		fail "exit $RC after SIGINT (delay $delay), expected 130 or 0"
		;;
	esac
done
expect_code 0 dp verify

finish
