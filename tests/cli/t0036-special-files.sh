#!/bin/sh
# A FIFO, a socket, a device or a folder given as an input file is refused
# at once, before a byte is read, with a message naming what it is and the
# documented status (66; 78 for the configuration file and
# DEPEER_CA_BUNDLE), and nothing is stored: evidence import, lookup
# --bulk, evidence add --file, the configuration file, the CA bundle.
# Every command runs under timeout(1), so a command that waits on a FIFO
# without a writer fails the test (status 124) instead of blocking it.
# "-" still reads standard input, whatever it is.
. "$(dirname "$0")/lib.sh"

if ! command -v timeout >/dev/null 2>&1; then
	echo "# $TEST_NAME: skipped, no timeout(1)"
	exit 0
fi
cd "$T" || exit 1
dp provider add McColo >/dev/null
mkfifo fifo
# A Unix socket left behind by its server (a short relative name: the
# path of a socket is limited to about 100 bytes).
python3 -S -c 'import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])' sock
mkdir folder
[ -p fifo ] && [ -S sock ] || fail "cannot make the special files"
# No network: should anything be asked, it goes to a closed loopback port.
DEPEER_CONNECT_TO=::127.0.0.1:9
export DEPEER_CONNECT_TO
db_snap

# refused CODE KIND CMD...: CMD exits CODE at once, says the file is KIND,
# and the case is unchanged.
refused() {
	_code=$1
	_kind=$2
	shift 2
	expect_code "$_code" timeout 10 "$DEPEER" "$@"
	expect_err "is $_kind, not a regular file"
	expect_out_empty
	expect_db_unchanged
}

# each CODE CMD...: CMD with FILE replaced by each kind of special file.
each() {
	_c=$1
	shift
	for _f in fifo:"a FIFO" sock:"a socket" folder:"a directory" \
	    /dev/null:"a character device" /dev/zero:"a character device"; do
		_p=${_f%%:*}
		_k=${_f#*:}
		# shellcheck disable=SC2046 # FILE is a word of its own
		refused "$_c" "$_k" $(for _a in "$@"; do
			[ "$_a" = FILE ] && _a=$_p
			printf '%s\n' "$_a"
		done)
	done
}

step "evidence import FILE"
each 66 evidence import --provider McColo FILE
each 66 evidence import --provider McColo --dry-run FILE
expect_err "'/dev/zero' is a character device, not a regular file"

step "lookup --bulk FILE"
each 66 lookup --bulk FILE
each 66 lookup --bulk FILE --source whois --json

step "evidence add --file FILE"
each 66 evidence add --provider McColo --kind c2 --indicator 1.2.3.4 \
    --file FILE

step "the configuration file"
for _f in fifo:"a FIFO" sock:"a socket" folder:"a directory" \
    /dev/zero:"a character device"; do
	_p=${_f%%:*}
	case $_p in /*) ;; *) _p=$T/$_p ;; esac
	DEPEER_CONFIG=$_p
	export DEPEER_CONFIG
	refused 78 "${_f#*:}" config list
	expect_err "'$_p' is"
	refused 78 "${_f#*:}" config get ttl
	refused 78 "${_f#*:}" lookup --source whois 192.0.2.1
	refused 78 "${_f#*:}" config set ttl 3600
done
unset DEPEER_CONFIG

step "DEPEER_CA_BUNDLE"
for _f in fifo:"a FIFO" /dev/zero:"a character device"; do
	DEPEER_CA_BUNDLE=${_f%%:*}
	export DEPEER_CA_BUNDLE
	refused 78 "${_f#*:}" lookup --source rdap 192.0.2.1
	expect_err "DEPEER_CA_BUNDLE"
done
unset DEPEER_CA_BUNDLE

step "a missing file is still 'cannot open', exit 66"
expect_code 66 timeout 10 "$DEPEER" evidence import --provider McColo nothere.csv
expect_err "cannot open 'nothere.csv': No such file or directory"
expect_code 66 timeout 10 "$DEPEER" lookup --bulk nothere.txt
expect_err "cannot open 'nothere.txt': No such file or directory"
expect_db_unchanged

step "'-' reads standard input, a pipe or a FIFO"
printf 'kind,indicator\nc2,10.0.0.1\n' >rows.csv
run sh -c 'cat rows.csv | timeout 10 "$0" evidence import --provider McColo -' "$DEPEER"
[ "$RC" = 0 ] || fail "import of a pipe on standard input: exit $RC"
expect_out "imported 1 row"
timeout 10 sh -c 'cat rows.csv >fifo' &
expect_code 0 timeout 10 "$DEPEER" evidence import --provider McColo \
    --allow-duplicates - <fifo
wait
expect_sql "SELECT count(*) FROM evidence" 2
expect_code 0 dp verify

finish
