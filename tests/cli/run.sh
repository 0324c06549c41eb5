#!/bin/sh
# run.sh - run the CLI tests: every tests/cli/t[0-9]*.sh, each in a fresh
# temporary directory with its own case database, against the binary in
# $DEPEER (default ./depeer).  Prints "ok NAME" or "FAIL NAME" (then that
# test's messages) per test, then "N passed, N failed"; exits 1 if any
# failed.
#
#   DEPEER=build/default/depeer sh tests/cli/run.sh [NAME-PART...]
#
# Arguments select the tests whose names contain any of them.  Set
# DEPEER_KEEP=1 to keep the temporary directories, DEPEER_TEST_TIMEOUT to
# change the time one test may take (seconds, default 300).
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
export PYTHON

root=$(mktemp -d "${TMPDIR:-/tmp}/depeer-cli.XXXXXX") || exit 2
if [ -z "${DEPEER_KEEP:-}" ]; then
	trap 'rm -rf "$root"' EXIT
fi
trap 'exit 130' INT TERM

limit=${DEPEER_TEST_TIMEOUT:-300}
if command -v timeout >/dev/null 2>&1; then
	with_timeout="timeout $limit"
else
	with_timeout=
fi

passed=0
failed=0
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
	dir=$root/$name
	mkdir "$dir" || exit 2
	# shellcheck disable=SC2086
	(cd "$dir" && DEPEER="$DEPEER" DEPEER_TEST_TMP="$dir" \
	    TEST_NAME="$name" exec $with_timeout sh "$t") \
	    </dev/null >"$root/$name.log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && grep -q "^# finished $name" "$root/$name.log"; then
		passed=$((passed + 1))
		echo "ok $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		if [ "$rc" -eq 124 ] && [ -n "$with_timeout" ]; then
			echo "    (timed out after $limit s)"
		elif [ "$rc" -eq 0 ]; then
			echo "    (the script ended without 'finish')"
		fi
		grep -v '^# finished' "$root/$name.log" | head -n 200 |
		    sed 's/^/    /'
		[ -n "${DEPEER_KEEP:-}" ] && echo "    (files kept in $dir)"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
