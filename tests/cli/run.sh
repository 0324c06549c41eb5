#!/bin/sh
# run.sh - run the CLI tests: every tests/cli/t[0-9]*.sh, each in a fresh
# temporary directory with its own case database, against the binary in
# $DEPEER (default ./depeer).  Prints "ok NAME" or "FAIL NAME" (then that
# test's messages) per test in name order, then "N passed, N failed"; exits
# 1 if any failed.
#
#   DEPEER=build/default/depeer sh tests/cli/run.sh [NAME-PART...]
#
# Arguments select the tests whose names contain any of them.  Tests run
# DEPEER_TEST_JOBS at a time (default: one per CPU).  DEPEER_KEEP=1 keeps
# the temporary directories; DEPEER_TEST_TIMEOUT is the time one test may
# take (seconds, default 300); DEPEER_TEST_TIMES=1 prints each test's time
# on stderr.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${DEPEER:=./depeer}"
case $DEPEER in
/*) ;;
*/*) DEPEER=$(cd "$(dirname "$DEPEER")" 2>/dev/null && pwd)/$(basename "$DEPEER") ;;
*) DEPEER=$(command -v "$DEPEER" || echo "$DEPEER") ;;
esac
if [ ! -x "$DEPEER" ]; then
	echo "run.sh: no depeer binary at '$DEPEER' (build it, or set DEPEER)" >&2
	exit 2
fi
for tool in sqlite3 python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run.sh: the tests need $tool (make deps)" >&2
		exit 2
	fi
done
# The interpreter itself, not a wrapper (pyenv's shims are slow to start).
PYTHON=$(python3 -c 'import sys; print(sys.executable)') || exit 2
export DEPEER PYTHON

jobs=${DEPEER_TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $jobs in ''|*[!0-9]*|0) jobs=1 ;; esac
limit=${DEPEER_TEST_TIMEOUT:-300}
if command -v timeout >/dev/null 2>&1; then
	with_timeout="timeout $limit"
else
	with_timeout=
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/depeer-cli.XXXXXX") || exit 2
pids=
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	[ -n "${DEPEER_KEEP:-}" ] || rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The tests to run, as test_1 .. test_$total.
total=0
for t in "$here"/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	if [ $# -gt 0 ]; then
		want=0
		for a in "$@"; do
			case $name in *"$a"*) want=1 ;; esac
		done
		[ "$want" -eq 1 ] || continue
	fi
	total=$((total + 1))
	eval "test_$total=\$name"
done

# Run one test in the background; its status lands in $root/NAME.rc once
# its log is complete.
start() {
	mkdir "$root/$1" || exit 2
	(
		[ -z "${DEPEER_TEST_TIMES:-}" ] || date +%s.%N >"$root/$1.t0"
		# shellcheck disable=SC2086
		(cd "$root/$1" && DEPEER_TEST_TMP="$root/$1" TEST_NAME="$1" \
		    exec $with_timeout sh "$here/$1.sh") \
		    </dev/null >"$root/$1.log" 2>&1
		echo $? >"$root/$1.rc.tmp"
		[ -z "${DEPEER_TEST_TIMES:-}" ] || date +%s.%N >"$root/$1.t1"
		mv "$root/$1.rc.tmp" "$root/$1.rc"
	) &
	pids="$pids $!"
}

report() {
	if [ -n "${DEPEER_TEST_TIMES:-}" ]; then
		awk -v n="$1" '{ t[NR] = $1 } END { printf "# %s: %.1f s\n", n, t[2] - t[1] }' \
		    "$root/$1.t0" "$root/$1.t1" >&2
	fi
	rc=$(cat "$root/$1.rc")
	if [ "$rc" -eq 0 ] && grep -aq "^# finished $1" "$root/$1.log"; then
		passed=$((passed + 1))
		echo "ok $1"
		return
	fi
	failed=$((failed + 1))
	echo "FAIL $1"
	if [ "$rc" -eq 124 ] && [ -n "$with_timeout" ]; then
		echo "    (timed out after $limit s)"
	elif [ "$rc" -eq 0 ]; then
		echo "    (the script ended without 'finish')"
	fi
	grep -av '^# finished' "$root/$1.log" | head -n 200 | sed 's/^/    /'
	[ -z "${DEPEER_KEEP:-}" ] || echo "    (files kept in $root/$1)"
}

passed=0
failed=0
next_start=1
next_report=1
running=
while [ "$next_report" -le "$total" ]; do
	# Keep $jobs tests going (builtins only: forks are dear under ASan).
	still=
	n=0
	for r in $running; do
		if [ ! -f "$root/$r.rc" ]; then
			still="$still $r"
			n=$((n + 1))
		fi
	done
	running=$still
	while [ "$n" -lt "$jobs" ] && [ "$next_start" -le "$total" ]; do
		eval "name=\$test_$next_start"
		start "$name"
		running="$running $name"
		n=$((n + 1))
		next_start=$((next_start + 1))
	done
	eval "name=\$test_$next_report"
	if [ -f "$root/$name.rc" ]; then
		report "$name"
		next_report=$((next_report + 1))
		continue
	fi
	sleep 0.2 2>/dev/null || sleep 1
done
wait
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
