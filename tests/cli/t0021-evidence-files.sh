#!/bin/sh
# evidence add --file: files stored byte for byte (binary with NUL bytes
# included), content-addressed (one artifact per distinct content), and
# written back out by evidence export (-o, stdout, --file N|NAME).
. "$(dirname "$0")/lib.sh"

dp provider add McColo >/dev/null

printf 'GET /gate.php HTTP/1.0\r\nHost: 208.66.194.20\r\n\r\n' >"$T/request.txt"
{ head -c 100000 /dev/urandom; printf 'a\000b\000\000c'; } >"$T/capture.pcap"
: >"$T/empty.bin"
sha() { sha256sum "$1" | cut -d ' ' -f 1; }

step "attach two files"
expect_code 0 dp --json evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.20 --file "$T/request.txt" --file capture.pcap
json_check "eq(d['files'], [
    {'name': 'request.txt', 'sha256': '$(sha request.txt)', 'size': $(wc -c <request.txt)},
    {'name': 'capture.pcap', 'sha256': '$(sha capture.pcap)', 'size': $(wc -c <capture.pcap)}])"
id=$(json_get "d['id']")
expect_sql "SELECT count(*) FROM artifacts" 2
expect_sql "SELECT size FROM artifacts WHERE sha256 = '$(sha capture.pcap)'" 100006
expect_sql "SELECT pos || ' ' || name FROM evidence_files WHERE evidence_id = $id
    ORDER BY pos" "1 request.txt
2 capture.pcap"

step "show lists the files"
expect_code 0 dp evidence show "$id"
expect_out "request.txt"
expect_out "capture.pcap"
expect_out "$(sha capture.pcap)"

step "export --file 2 -o"
expect_code 0 dp evidence export "$id" --file 2 -o "$T/out.pcap"
CHECKS=$((CHECKS + 1))
cmp capture.pcap out.pcap >/dev/null 2>&1 || fail "exported file differs from capture.pcap"
CHECKS=$((CHECKS + 1))
ls "$T"/out.pcap.* >/dev/null 2>&1 && fail "a temporary file was left beside out.pcap"

step "export --file NAME to stdout"
"$DEPEER" evidence export "$id" --file capture.pcap >"$T/stdout.pcap" 2>"$T/err"
RC=$?
CHECKS=$((CHECKS + 1))
[ "$RC" -eq 0 ] || fail "export to stdout: exit $RC"
CHECKS=$((CHECKS + 1))
cmp capture.pcap stdout.pcap >/dev/null 2>&1 || fail "exported stdout differs from capture.pcap"
"$DEPEER" evidence export "$id" --file 1 -o - >"$T/stdout.txt" 2>"$T/err"
CHECKS=$((CHECKS + 1))
cmp request.txt stdout.txt >/dev/null 2>&1 || fail "-o - differs from request.txt"

step "export refuses to write a file to a terminal"
python3 - "$DEPEER" evidence export "$id" --file 2 >"$T/tty.out" 2>&1 <<'EOF'
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.run(sys.argv[1:], stdout=s, stderr=subprocess.PIPE)
os.close(s)
os.set_blocking(m, False)
try:
    shown = os.read(m, 65536)
except OSError:
    shown = b''
print('exit %d, %d bytes on the terminal' % (p.returncode, len(shown)))
sys.stdout.write(p.stderr.decode('utf-8', 'replace'))
EOF
CHECKS=$((CHECKS + 1))
grep -q '^exit 64, 0 bytes on the terminal$' "$T/tty.out" ||
    fail "export to a terminal: $(head -c 300 "$T/tty.out")"
CHECKS=$((CHECKS + 1))
grep -q '^depeer: .*terminal' "$T/tty.out" ||
    fail "export to a terminal: no message: $(head -c 300 "$T/tty.out")"

step "export does not replace a file without --force"
echo old >"$T/out.txt"
expect_code 73 dp evidence export "$id" --file request.txt -o "$T/out.txt"
expect_err "--force"
CHECKS=$((CHECKS + 1))
[ "$(cat "$T/out.txt")" = old ] || fail "out.txt was replaced without --force"
expect_code 0 dp evidence export "$id" --file request.txt -o "$T/out.txt" --force
CHECKS=$((CHECKS + 1))
cmp request.txt out.txt >/dev/null 2>&1 || fail "out.txt was not replaced with --force"

step "export --json"
expect_code 0 dp evidence export "$id" --file 2 -o "$T/j.pcap" --json
json_check "eq(d, {'evidence_id': $id, 'file': 2, 'name': 'capture.pcap',
    'sha256': '$(sha capture.pcap)', 'size': $(wc -c <capture.pcap), 'path': '$T/j.pcap'})"
CHECKS=$((CHECKS + 1))
cmp capture.pcap j.pcap >/dev/null 2>&1 || fail "export --json wrote a different file"

step "export needs --file when there are several"
expect_code 64 dp evidence export "$id" -o "$T/which"
expect_err "--file"
expect_err "request.txt"
expect_err "capture.pcap"
CHECKS=$((CHECKS + 1))
[ ! -e "$T/which" ] || fail "export without --file wrote a file"

step "export of a missing file number or name"
expect_code 66 dp evidence export "$id" --file 3 -o "$T/none"
expect_err "3"
expect_code 66 dp evidence export "$id" --file 0 -o "$T/none"
expect_code 66 dp evidence export "$id" --file nosuch.txt -o "$T/none"
CHECKS=$((CHECKS + 1))
[ ! -e "$T/none" ] || fail "a failed export left a file"
expect_code 66 dp evidence export 99999 -o "$T/none"
expect_code 73 dp evidence export "$id" --file 1 -o "$T/no/such/dir/x"

step "one file exports without --file; no files is an error"
expect_code 0 dp --json evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.21 --file request.txt
one=$(json_get "d['id']")
expect_code 0 dp evidence export "$one" -o "$T/one.txt"
CHECKS=$((CHECKS + 1))
cmp request.txt one.txt >/dev/null 2>&1 || fail "single-file export differs"
expect_code 0 dp --json evidence add --provider McColo --kind c2 --indicator 208.66.194.22
none=$(json_get "d['id']")
expect_code 66 dp evidence export "$none" -o "$T/x"
expect_err "no attached files"

step "the same content twice is stored once"
cp capture.pcap copy-of-capture.bin
expect_code 0 dp --json evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.23 --file copy-of-capture.bin --file capture.pcap
json_check "eq(d['files'][0]['sha256'], d['files'][1]['sha256'])
eq(d['files'][0]['name'], 'copy-of-capture.bin')"
dup=$(json_get "d['id']")
expect_sql "SELECT count(*) FROM artifacts" 2
expect_code 0 dp evidence export "$dup" --file copy-of-capture.bin -o "$T/dup.bin"
CHECKS=$((CHECKS + 1))
cmp capture.pcap dup.bin >/dev/null 2>&1 || fail "deduplicated export differs"

step "an empty file"
expect_code 0 dp --json evidence add --provider McColo --kind other \
    --indicator 208.66.194.24 --file empty.bin
json_check "eq(d['files'][0]['size'], 0)"
e=$(json_get "d['id']")
expect_code 0 dp evidence export "$e" -o "$T/empty.out"
CHECKS=$((CHECKS + 1))
if [ ! -f "$T/empty.out" ] || [ -s "$T/empty.out" ]; then
	fail "empty file export is not an empty file"
fi

db_snap

step "a missing file adds nothing"
expect_code 66 dp evidence add --provider McColo --kind c2 --indicator 1.2.3.4 \
    --file request.txt --file "$T/missing.txt"
expect_err "missing.txt"
expect_db_unchanged

step "a directory is not a file"
expect_code 66 dp evidence add --provider McColo --kind c2 --indicator 1.2.3.4 --file "$T"
expect_db_unchanged

step "a FIFO or a device is not a file, and is refused at once"
mkfifo "$T/fifo"
if command -v timeout >/dev/null 2>&1; then
	expect_code 66 timeout 5 "$DEPEER" evidence add --provider McColo \
	    --kind c2 --indicator 1.2.3.4 --file "$T/fifo"
	expect_err "fifo"
fi
expect_code 66 dp evidence add --provider McColo --kind c2 --indicator 1.2.3.4 --file /dev/null
expect_db_unchanged

step "verify covers the files"
expect_code 0 dp verify --json
json_check "eq(d['ok'], True); eq(d['files'], 3)"

finish
