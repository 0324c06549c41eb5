# lib.sh - helpers for the CLI tests, sourced by every tests/cli/tNNNN-*.sh.
#
# Each test script runs in a directory of its own ($T) with its own case
# database ($DB, exported as DEPEER_DB), HOME and XDG folders inside $T, so
# nothing outside $T is ever touched.  run.sh makes $T; a script run by hand
# ("DEPEER=./depeer sh tests/cli/t0010-provider-add.sh") makes and removes
# its own.  A script ends with "finish", which exits 1 if any check failed.
#
#   step TEXT                 label the checks that follow (for messages)
#   fail MSG                  report a failed check and go on
#   dp ARGS                   run depeer ("$DEPEER")
#   run CMD...                run CMD, stdout in $T/out, stderr in $T/err,
#                             status in $RC
#   expect_code N CMD...      run CMD and check its exit status is N; for
#                             N != 0 also that stderr starts "depeer: "
#   expect_code_in "N M" CMD  the same, accepting any of the statuses listed
#   expect_out STR, expect_err STR        fixed string in stdout / stderr
#   expect_out_re ERE, expect_err_re ERE  extended regex in stdout / stderr
#   expect_no_out STR, expect_no_err STR  string absent
#   expect_no_out_re ERE                  regex absent from stdout
#   expect_out_empty, expect_err_empty
#   sqlq [--db FILE] SQL      run SQL with the sqlite3 shell (default $DB)
#   expect_sql [--db FILE] SQL WANT       SQL's output must be WANT
#   json_check PYCODE [FILE]  parse FILE (default $T/out) as JSON into d and
#                             run PYCODE; eq(a, b) and fail with a message
#   json_get PYEXPR [FILE]    print a value from JSON output (for $(...))
#   db_snap                   remember the database's content (.dump)
#   expect_db_unchanged       the content is what db_snap last saw
#   expect_refused CODE TEXT ARGS...
#                             dp ARGS exits CODE saying TEXT on stderr, and
#                             the database is what db_snap last saw
#   db_copy SRC DST           copy a database (WAL checkpointed first)
#   file_mode PATH            permission bits in octal ("600")
#   fakenet_start [ROUTES...] start the loopback registries and DNS
#                             responder (tests/fakenet) and point depeer
#                             at them; extra route files come first (the
#                             first match wins); a running one is stopped
#   fakenet_stop              stop them (finish does)
#   smtp_conf [LINE...]       the fake mail server's faults for the next
#                             connections ($T/net/smtp.conf; see the header
#                             of tests/fakenet/smtpd.py); none: no faults
#   smtp_curl ARGS            run curl (as "run" does) pointed at fakenet
#                             the way depeer is: --connect-to for every
#                             DEPEER_CONNECT_TO entry, --cacert the test CA;
#                             $SMTP_WRAP (e.g. "timeout 3") before curl
#   smtp_count                how many messages the mail server stored
#   smtp_message N            the path of stored message N (N.json beside)
#   tamper_base, tamper SQL, detected TEXT...
#                             tampering: see their definitions
#   finish                    end of the script
#
# Shell: POSIX sh; helpers avoid "local" and use _-prefixed names.

set -u

TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
STEP=start
FAILED=0
CHECKS=0

# The binary, made absolute before leaving the caller's directory.
: "${DEPEER:=./depeer}"
case $DEPEER in
/*) ;;
*/*) DEPEER=$(cd "$(dirname "$DEPEER")" && pwd)/$(basename "$DEPEER") ;;
*) DEPEER=$(command -v "$DEPEER") ;;
esac
if [ ! -x "$DEPEER" ]; then
	echo "$TEST_NAME: no depeer binary at '$DEPEER' (set DEPEER)" >&2
	exit 2
fi

if [ -n "${DEPEER_TEST_TMP:-}" ]; then
	T=$DEPEER_TEST_TMP
else
	T=$(mktemp -d "${TMPDIR:-/tmp}/depeer-${TEST_NAME}.XXXXXX") || exit 2
	# shellcheck disable=SC2064
	[ -n "${DEPEER_KEEP:-}" ] || trap "rm -rf '$T'" EXIT
fi
cd "$T" || exit 2
rm -f "$T/.failures"

for _tool in sqlite3 python3; do
	if ! command -v "$_tool" >/dev/null 2>&1; then
		echo "$TEST_NAME: $_tool is needed (make deps)" >&2
		exit 2
	fi
done

# The interpreter itself, not a wrapper script (pyenv's shims cost 0.3 s a
# call): run.sh finds it once for all the tests.
if [ -z "${PYTHON:-}" ]; then
	PYTHON=$(python3 -c 'import sys; print(sys.executable)') || exit 2
fi
# -S: no site module (only the standard library is used); starts twice
# as fast.
python3() {
	"$PYTHON" -S "$@"
}

DB=$T/case.db
export DEPEER DB PYTHON
export DEPEER_DB="$DB"
export HOME="$T/home"
export XDG_DATA_HOME="$T/xdg-data"
export XDG_CONFIG_HOME="$T/xdg-config"
# A zone west of UTC: a time without an offset must still be read as UTC.
export TZ=EST5EDT
export LC_ALL=C
unset DEPEER_CONNECT_TO DEPEER_CA_BUNDLE NO_COLOR
# Settings (depeer-config(1)) only as a test sets them: the configuration
# file is looked for in $XDG_CONFIG_HOME above, never the user's, and no
# DEPEER_<KEY> variable of the caller's leaks in.
unset DEPEER_CONFIG DEPEER_WHOIS_SERVER DEPEER_CYMRU_SERVER \
    DEPEER_CYMRU_PEER_SERVER DEPEER_IRR_SERVER DEPEER_RIPESTAT_URL \
    DEPEER_RDAP_BOOTSTRAP_URL DEPEER_SOURCEAPP DEPEER_TTL \
    DEPEER_CONNECT_TIMEOUT_MS DEPEER_READ_TIMEOUT_MS \
    DEPEER_TOTAL_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
unset DEPEER_DNS_SERVER
unset DEPEER_FROM DEPEER_ORGANISATION DEPEER_CASE_TAG DEPEER_MAX_MESSAGE_SIZE \
    DEPEER_XARF_MAX DEPEER_PGP_KEY DEPEER_PGP_KEY_URL
# Sanitized builds: report and fail on the first error, leaks included.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
mkdir -p "$HOME"

step() {
	STEP=$*
}

# Failures are also noted in a file, so that a check run in a subshell
# (a pipeline, $(...)) still fails the test.
fail() {
	FAILED=$((FAILED + 1))
	printf 'FAIL: %s: [%s] %s\n' "$TEST_NAME" "$STEP" "$*" >&2
	echo x >>"$T/.failures"
}

dp() {
	"$DEPEER" "$@"
}

# Print the first lines of a captured stream, indented, for a message.
_show() {
	if [ -s "$2" ]; then
		printf '    --- %s ---\n' "$1" >&2
		head -c 1500 "$2" | tr -c '[:print:]\t\n' '?' | head -n 15 |
		    sed 's/^/    | /' >&2
	else
		printf '    --- %s: (empty) ---\n' "$1" >&2
	fi
}

run() {
	CHECKS=$((CHECKS + 1))
	LASTCMD=$*
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
	if [ -s "$T/err" ] && grep -Eq 'Sanitizer|runtime error:' "$T/err"; then
		fail "sanitizer report from: $LASTCMD"
		_show stderr "$T/err"
	fi
	return 0
}

# expect_code_in "CODES" CMD...: CMD's status is one of CODES.
expect_code_in() {
	_want=$1
	shift
	run "$@"
	_ok=0
	for _w in $_want; do
		[ "$RC" -eq "$_w" ] && _ok=1
	done
	if [ "$_ok" -eq 0 ]; then
		if [ "$RC" -gt 128 ]; then
			fail "exit $RC (signal $((RC - 128))), expected $_want: $LASTCMD"
		else
			fail "exit $RC, expected $_want: $LASTCMD"
		fi
		_show stderr "$T/err"
		_show stdout "$T/out"
		return 1
	fi
	if [ "$RC" -ne 0 ]; then
		_first=
		IFS= read -r _first <"$T/err"
		case $_first in
		"depeer: "?*) ;;
		*)
			fail "exit $RC without a message starting 'depeer: ' on stderr: $LASTCMD"
			_show stderr "$T/err"
			return 1
			;;
		esac
	fi
	return 0
}

expect_code() {
	_code=$1
	shift
	expect_code_in "$_code" "$@"
}

# shellcheck disable=SC2086
_expect_in() {	# _expect_in NAME FILE GREP-OPTS PATTERN
	CHECKS=$((CHECKS + 1))
	if ! grep -q $3 -e "$4" "$2"; then
		fail "$1 lacks '$4' (after: ${LASTCMD:-?})"
		_show "$1" "$2"
		return 1
	fi
}

# shellcheck disable=SC2086
_expect_not_in() {
	CHECKS=$((CHECKS + 1))
	if grep -q $3 -e "$4" "$2"; then
		fail "$1 has '$4' (after: ${LASTCMD:-?})"
		_show "$1" "$2"
		return 1
	fi
}

expect_out() { _expect_in stdout "$T/out" -F "$1"; }
expect_err() { _expect_in stderr "$T/err" -F "$1"; }
expect_out_re() { _expect_in stdout "$T/out" -E "$1"; }
expect_err_re() { _expect_in stderr "$T/err" -E "$1"; }
expect_no_out() { _expect_not_in stdout "$T/out" -F "$1"; }
expect_no_out_re() { _expect_not_in stdout "$T/out" -E "$1"; }
expect_no_err() { _expect_not_in stderr "$T/err" -F "$1"; }

expect_out_empty() {
	CHECKS=$((CHECKS + 1))
	if [ -s "$T/out" ]; then
		fail "stdout not empty (after: ${LASTCMD:-?})"
		_show stdout "$T/out"
		return 1
	fi
}

expect_err_empty() {
	CHECKS=$((CHECKS + 1))
	if [ -s "$T/err" ]; then
		fail "stderr not empty (after: ${LASTCMD:-?})"
		_show stderr "$T/err"
		return 1
	fi
}

sqlq() {
	_sdb=$DB
	if [ "$1" = --db ]; then
		_sdb=$2
		shift 2
	fi
	sqlite3 -batch -bail "$_sdb" "$1"
}

expect_sql() {
	_sdb=$DB
	if [ "$1" = --db ]; then
		_sdb=$2
		shift 2
	fi
	CHECKS=$((CHECKS + 1))
	_got=$(sqlite3 -batch -bail "$_sdb" "$1" 2>&1)
	if [ "$_got" != "$2" ]; then
		fail "SQL '$1' gave '$(printf '%s' "$_got" | head -c 300)', expected '$2'"
		return 1
	fi
}

# The Python prelude of json_check and json_get.
_PY_PRELUDE='
import json, sys
def eq(a, b, what=""):
    if a != b:
        raise AssertionError("%s%r != %r" % (what + ": " if what else "", a, b))
with open(sys.argv[1], "rb") as f:
    d = json.load(f)
'

json_check() {
	CHECKS=$((CHECKS + 1))
	if ! python3 -c "$_PY_PRELUDE
$1" "${2:-$T/out}" >"$T/py.err" 2>&1; then
		fail "JSON check failed (after: ${LASTCMD:-?}): $(tail -n 1 "$T/py.err" | head -c 600)"
		_show json "${2:-$T/out}"
		return 1
	fi
}

json_get() {
	python3 -c "$_PY_PRELUDE
v = $1
print('null' if v is None else v)" "${2:-$T/out}" 2>"$T/py.err"
}

db_snap() {
	sqlite3 -batch "$DB" .dump >"$T/snap.dump" 2>&1
}

# expect_refused CODE TEXT ARGS...: "dp ARGS" exits CODE, says TEXT on
# stderr, and leaves the database as the last db_snap found it.
expect_refused() {
	_rcode=$1 _rtext=$2
	shift 2
	expect_code "$_rcode" dp "$@"
	expect_err "$_rtext"
	expect_db_unchanged
}

expect_db_unchanged() {
	CHECKS=$((CHECKS + 1))
	sqlite3 -batch "$DB" .dump >"$T/now.dump" 2>&1
	if ! cmp -s "$T/snap.dump" "$T/now.dump"; then
		fail "the database changed (after: ${LASTCMD:-?}); now" \
		    "$(sqlq "SELECT (SELECT count(*) FROM providers) || ' providers, ' ||
		    (SELECT count(*) FROM evidence) || ' evidence rows, ' ||
		    (SELECT count(*) FROM audit_log) || ' audit entries, ' ||
		    (SELECT count(*) FROM artifacts) || ' artifacts'")"
		diff "$T/snap.dump" "$T/now.dump" | head -n 10 | cut -c 1-200 |
		    sed 's/^/    | /' >&2
		# Report each change once: later checks compare with now.
		mv "$T/now.dump" "$T/snap.dump"
		return 1
	fi
}

db_copy() {
	sqlite3 -batch "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>&1
	rm -f "$2" "$2-wal" "$2-shm"
	cp "$1" "$2" || fail "cannot copy '$1' to '$2'"
}

# file_mode PATH: the permission bits in octal ("600").
file_mode() {
	stat -c %a "$1" 2>/dev/null || echo missing
}

# The loopback stand-ins for the registries: WHOIS ports and HTTPS with a
# throw-away CA, answering from tests/fakenet/routes.txt.  Stops by itself
# after five minutes at the latest.
FAKENET_PID=
# tamper_base               keep the case ($DB) as the base that tamper
#                           copies; $W is the copy that detected verifies
tamper_base() {
	db_copy "$DB" "$T/base.db"
	W=$T/w.db
}

# tamper SQL                a fresh copy of the base in $W, changed by SQL
tamper() {
	db_copy "$T/base.db" "$W"
	sqlq --db "$W" "$1" || fail "tampering SQL failed: $1"
}

# detected TEXT...          verify of $W exits 1, says "verify failed",
#                           names every TEXT and never says "intact"
detected() {
	expect_code 1 dp --db "$W" verify
	expect_err "verify failed"
	for _p in "$@"; do
		expect_err "$_p"
	done
	expect_no_out "intact"
}

fakenet_start() {
	fakenet_stop
	_here=$(cd "$(dirname "$0")/.." && pwd)
	_routes=
	for _r in "$@"; do
		_routes="$_routes --routes $_r"
	done
	rm -rf "$T/net"
	mkdir -p "$T/net"
	# $PYTHON, not the python3 function: $! must be fakenet itself, or
	# finish would stop a subshell and leave fakenet running.
	# shellcheck disable=SC2086 # one word per extra routes file
	"$PYTHON" -S "$_here/fakenet/fakenet.py" --state "$T/net" $_routes \
	    --routes "$_here/fakenet/routes.txt" --max-seconds 300 \
	    >"$T/net/stdout" 2>&1 &
	FAKENET_PID=$!
	_i=0
	while [ ! -f "$T/net/ready" ] && [ $_i -lt 600 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	if [ ! -f "$T/net/ready" ]; then
		fail "fakenet did not start: $(tail -n 3 "$T/net/stdout")"
		return 1
	fi
	DEPEER_CONNECT_TO=$(cat "$T/net/connect_to")
	DEPEER_CA_BUNDLE=$T/net/ca.pem
	export DEPEER_CONNECT_TO DEPEER_CA_BUNDLE
	# Names are resolved by fakenet's DNS responder, never the system's.
	DEPEER_DNS_SERVER=$(cat "$T/net/dns_server")
	export DEPEER_DNS_SERVER
}

fakenet_stop() {
	if [ -n "${FAKENET_PID:-}" ]; then
		kill "$FAKENET_PID" 2>/dev/null
		wait "$FAKENET_PID" 2>/dev/null
	fi
	FAKENET_PID=
}

smtp_conf() {
	: >"$T/net/smtp.conf"
	for _l in "$@"; do
		printf '%s\n' "$_l" >>"$T/net/smtp.conf"
	done
}

smtp_curl() {
	_ct=
	_old_ifs=$IFS
	IFS=,
	for _e in $DEPEER_CONNECT_TO; do
		_ct="$_ct --connect-to $_e"
	done
	IFS=$_old_ifs
	# shellcheck disable=SC2086 # one word per option and entry
	run ${SMTP_WRAP:-} curl -sS --cacert "$DEPEER_CA_BUNDLE" $_ct "$@"
}

smtp_count() {
	find "$T/net/mail" -name '*.json' | wc -l | tr -d ' '
}

smtp_message() {
	echo "$T/net/mail/$1.eml"
}

finish() {
	fakenet_stop
	if [ "$FAILED" -gt 0 ] || [ -s "$T/.failures" ]; then
		echo "# $TEST_NAME: $(wc -l <"$T/.failures") of $CHECKS checks failed"
		exit 1
	fi
	echo "# finished $TEST_NAME: $CHECKS checks"
	exit 0
}
