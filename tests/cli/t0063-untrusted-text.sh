#!/bin/sh
# Text from outside never reaches a terminal raw (depeer(1) OUTPUT,
# "Untrusted text"): each class a terminal obeys (ESC sequences, a C1 CSI
# as UTF-8 and as a JSON \u escape, DEL, bidi overrides and isolates, CR
# and LF in one-line fields, bytes that are not UTF-8) fed through each
# command that prints it, in text and JSON, on stdout and in messages.
# The typed fields that promise "no control characters" refuse C1 and
# bidi controls; what is kept is shown in the visible form.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
BEL=$(printf '\007')
DEL=$(printf '\177')
CR=$(printf '\r')
C1=$(printf '\302\233')		# U+009B, a one-character CSI
RLO=$(printf '\342\200\256')	# U+202E RIGHT-TO-LEFT OVERRIDE
LRI=$(printf '\342\201\246')	# U+2066 LEFT-TO-RIGHT ISOLATE
TAB=$(printf '\t')
LF='
'

# raw_check [FILE...]: fail if stdout and stderr of the last command (or
# the FILEs) hold a byte a terminal obeys: a C0 control but LF (and tab
# where allow_tab=1), DEL, a C1 control or a bidi override or isolate as
# UTF-8, or bytes that are not UTF-8.
raw_check() {
	CHECKS=$((CHECKS + 1))
	[ $# -gt 0 ] || set -- "$T/out" "$T/err"
	python3 - "${allow_tab:-0}" "$@" <<'PY' || fail "a raw control, bidi or non-UTF-8 byte was printed (after: ${LASTCMD:-?})"
import re, sys
tab = sys.argv[1] == '1'
bad = re.compile(rb'[\x00-\x08' + (rb'' if tab else rb'\x09') +
                 rb'\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|'
                 rb'\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]')
ok = True
for f in sys.argv[2:]:
    data = open(f, 'rb').read()
    m = bad.search(data)
    if m is not None:
        print('    %s: %r at %d' % (f, data[max(0, m.start() - 30):
              m.end() + 10], m.start()), file=sys.stderr)
        ok = False
    try:
        data.decode('utf-8')
    except UnicodeDecodeError as e:
        print('    %s: not UTF-8: %s' % (f, e), file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
PY
}

dp init >/dev/null

step "provider names, URLs and notes: C1 and bidi controls refused"
expect_code 65 dp provider add "Bad${C1}31mHost"
expect_err "provider name contains a control character"
raw_check
expect_code 65 dp provider add "Bad${RLO}tsoH"
expect_err "bidirectional control character (U+202E)"
expect_code 65 dp provider add "Bad${LRI}Host"
expect_code 65 dp provider add Host --url "https://host.example/${RLO}x"
expect_err "'https://host.example/\\u202ex': contains a control character"
raw_check
expect_code 65 dp provider add Host --url "https://host.example/${C1}"
expect_code 65 dp provider add Host --note "a${C1}b"
expect_err "C1 control character (U+009B)"
expect_sql "SELECT count(*) FROM providers" 0

step "a note keeps its bidi characters and backslashes, shown escaped"
expect_code 0 dp provider add Host --note "one ${RLO}evil${LF}two ${LRI}x C:\\x1b end"
expect_code 0 dp provider show Host
expect_out "note:      one \\u202eevil"
expect_out "           two \\u2066x C:\\\\x1b end"
raw_check
expect_code 0 dp provider show Host --json
expect_out '"note": "one \u202Eevil\ntwo \u2066x C:\\x1b end"'
raw_check
json_check "eq(d['note'], 'one \u202eevil\ntwo \u2066x C:\\\\x1b end')"

step "evidence fields: C1 and bidi refused where one line is promised"
expect_code 65 dp evidence add --provider Host --kind c2 \
    --indicator 192.0.2.10 --family "fam${RLO}ily"
expect_err "family contains a bidirectional control character (U+202E)"
expect_code 65 dp evidence add --provider Host --kind c2 \
    --indicator 192.0.2.10 --source "src${C1}"
expect_err "source contains a C1 control character (U+009B)"
expect_code 65 dp evidence add --provider Host --kind c2 \
    --indicator 192.0.2.10 --note "n${C1}"
expect_code 65 dp evidence add --provider Host --kind c2 \
    --indicator "http://x.example/${RLO}"
expect_sql "SELECT count(*) FROM evidence" 0

step "an attached file's name: ESC, CR, LF, C1 and bidi shown escaped"
F="cap${ESC}]0;pwned${BEL}${CR}${LF}x${C1}y${RLO}.pcap"
printf 'captured\n' >"$T/$F"
expect_code 0 dp evidence add --provider Host --kind c2 \
    --indicator 192.0.2.10 --note "seen ${RLO}here" --file "$T/$F"
raw_check
expect_code 0 dp evidence show 1
expect_out 'file 1:      cap\x1b]0;pwned\x07\r\nx\u009by\u202e.pcap  9 bytes'
expect_out 'note:        seen \u202ehere'
raw_check
expect_code 0 dp evidence show 1 --json
expect_out '"name": "cap\u001B]0;pwned\u0007\r\nx\u009By\u202E.pcap"'
raw_check
expect_code 0 dp evidence list --json
expect_out '"note": "seen \u202Ehere"'
expect_out '"name": "cap\u001B]0;pwned\u0007\r\nx\u009By\u202E.pcap"'
raw_check
json_check "eq(d[0]['files'][0]['name'], 'cap\x1b]0;pwned\x07\r\nx\x9by\u202e.pcap')"
# Two files: export lists them in a message.
cp "$T/$F" "$T/second"
expect_code 0 dp evidence add --provider Host --kind c2 \
    --indicator 192.0.2.11 --file "$T/$F" --file "$T/second"
expect_code 64 dp evidence export 2
expect_err '  1  cap\x1b]0;pwned\x07\r\nx\u009by\u202e.pcap'
raw_check
# A name that is not UTF-8 is refused, and named visibly.
printf 'x\n' >"$T/bad$(printf '\377')name"
expect_code 65 dp evidence add --provider Host --kind c2 \
    --indicator 192.0.2.12 --file "$T/bad$(printf '\377')name"
expect_err 'bad\xffname'
raw_check

step "tables: stored values are shown escaped"
# A case written by an older depeer, or edited by hand, may hold what the
# checks now refuse; the listings escape it and keep their columns.
sqlq "UPDATE providers SET name = 'Ho' || char(8238) || 'st' || char(27) || '[2J' WHERE name = 'Host'"
sqlq "UPDATE evidence SET family = 'fa' || char(155) || 'm', source = 'a' || char(10) || 'b' WHERE id = 1"
expect_code 0 dp provider list
expect_out_re '^1 +Ho\\u202est\\x1b\[2J +- +- +-$'
raw_check
expect_code 0 dp evidence list
expect_out_re '^ID +PROVIDER +KIND +INDICATOR +OBSERVED +FAMILY +SOURCE +FILES$'
expect_out_re '^1 +Ho\\u202est\\x1b\[2J +c2 +192\.0\.2\.10 +- +fa\\u009bm +a\\nb +1$'
raw_check
python3 - "$T/out" <<'PY' || fail "the FAMILY column does not line up"
import sys
rows = open(sys.argv[1], encoding='utf-8').read().splitlines()
cols = {r.index('fa\\u009bm') if 'fa\\u009bm' in r else r.index('FAMILY')
        for r in rows[:2]}
sys.exit(0 if len(cols) == 1 else 1)
PY
sqlq "UPDATE providers SET name = 'Host' WHERE id = 1"

step "imports: a JSON \\u009b escape is a C1 control; messages escape"
printf '{"kind":"c2","indicator":"192.0.2.20","family":"f\\u009bx"}\n' \
    >"$T/c1.jsonl"
expect_code 65 dp evidence import --provider Host "$T/c1.jsonl"
expect_err "line 1: family contains a C1 control character (U+009B)"
raw_check
printf '{"kind":"c2","indicator":"192.0.2.20","source":"s\\u202ex"}\n' \
    >"$T/bidi.jsonl"
expect_code 65 dp evidence import --provider Host "$T/bidi.jsonl"
expect_err "line 1: source contains a bidirectional control character"
# jansson's "near" context holds the bad bytes.
printf '{"kind": "c2", %s]0;x%s "indicator": "192.0.2.20"}\n' "$ESC" \
    "$BEL" >"$T/near.jsonl"
expect_code 65 dp evidence import --provider Host "$T/near.jsonl"
expect_err "near '\\x1b'"
raw_check
printf 'kind,indicator\nc2%s[2J,192.0.2.20\n' "$ESC" >"$T/kind.csv"
expect_code 65 dp evidence import --provider Host "$T/kind.csv"
expect_err "unknown evidence kind 'c2\\x1b[2J'"
raw_check
expect_sql "SELECT count(*) FROM evidence" 2

step "messages: a command name and a configuration file"
expect_code 64 dp provider "x${ESC}[2J${C1}"
expect_err "'x\\x1b[2J\\u009b' is not a depeer provider command"
raw_check
expect_code 64 dp "x${RLO}y"
expect_err "'x\\u202ey' is not a depeer command"
raw_check
# The option parser's messages quote the option as typed.
expect_code 64 dp provider list "--x${ESC}[2J"
expect_err "depeer: unknown option '--x\\x1b[2J'"
raw_check
expect_code 64 dp "--j${C1}=1" provider list
expect_err "depeer: unknown option '--j\\u009b'"
raw_check
expect_code 64 dp provider add x "-${DEL}"
expect_err "depeer: unknown option '-\\x7f'"
raw_check
expect_code 64 dp provider list --json=1
expect_err "depeer: option '--json' takes no value"
expect_code 64 dp provider add x --asn
expect_err "depeer: option '--asn' needs a value"
mkdir -p "$XDG_CONFIG_HOME/depeer"
printf 'fo%s[2Jo%s = 1\n' "$ESC" "$RLO" >"$XDG_CONFIG_HOME/depeer/config"
expect_code 78 dp config list
raw_check
rm "$XDG_CONFIG_HOME/depeer/config"
# A value may hold no control characters: C1 ones neither.
expect_code 65 dp config set sourceapp "depeer${C1}2J"
expect_err "contains a control character (U+009B)"
raw_check
expect_code 65 dp config set sourceapp "depeer${RLO}"

step "a registry's answer: lookup, contacts, upstreams, source show"
sed -e "s/^OrgName:        Carrier Example Inc./OrgName:        Carrier${RLO}elpmaxE${ESC}]0;pwned${BEL} Inc.${C1}2J${DEL}/" \
    -e "s/^NetName:        CARRI-CUST-HOSTER/NetName:        CARRI-CUST${LRI}HOSTER/" \
    -e "s/^NetHandle:      NET-198-51-100-0-1/NetHandle:      NET-198-51-100-0-1${RLO}/" \
    -e "s/^CustName:       Hoster Example LLC/CustName:       Hoster${ESC}[2J Example${RLO} LLC/" \
    "$(dirname "$0")/../fixtures/answers/arin-reassigned.txt" \
    >"$T/hostile.txt"
sed -e "s/^ASName:         GBLX/ASName:         GB${RLO}LX${ESC}[2J/" \
    "$(dirname "$0")/../fakenet/data/arin-as3549.txt" >"$T/hostile-as.txt"
printf 'whois.arin.net\tn \\+ 198\\.51\\.100\\.[0-9]+\thostile.txt\n' \
    >"$T/hostile.routes"
printf 'whois.arin.net\ta 3549\thostile-as.txt\n' >>"$T/hostile.routes"
fakenet_start "$T/hostile.routes" || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
expect_code 0 dp lookup 198.51.100.77 --source whois
expect_out "netname:     CARRI-CUST\\u2066HOSTER"
raw_check
expect_code 0 dp lookup 198.51.100.77 --source whois --json
expect_out '"netname": "CARRI-CUST\u2066HOSTER"'
raw_check
json_check "eq(d['netname'], 'CARRI-CUST\u2066HOSTER')"
expect_code 0 dp contacts 198.51.100.77
expect_out "(from NET-198-51-100-0-1\\u202e at whois.arin.net)"
raw_check
# An upstream's name, from its registry record.
dp provider add McColo --asn AS26780 >/dev/null 2>&1
expect_code 0 dp upstreams McColo
expect_out_re '^  AS3549 +GB\\u202eLX[^ ]*\[2J +confidence'
raw_check
expect_code 0 dp upstreams McColo --history
expect_out_re '^AS3549 +GB\\u202eLX[^ ]*\[2J +[0-9.]+ '
raw_check
expect_code 0 dp provider show McColo
expect_out_re '^    AS3549 +GB\\u202eLX[^ ]*\[2J +confidence'
raw_check
expect_code 0 dp upstreams McColo --json
raw_check
SRC=$(sqlq "SELECT id FROM sources WHERE query LIKE 'n + 198.51.100.%' LIMIT 1")
# Into a file: the answer as received, byte for byte (the proof).
expect_code 0 dp source show "$SRC"
CHECKS=$((CHECKS + 1))
tail -n +5 "$T/out" | cmp -s - "$T/hostile.txt" ||
    fail "source show into a file is not the answer byte for byte"
expect_code 0 dp source show "$SRC" --json
raw_check
json_check "assert 'Carrier\u202eelpmaxE\x1b]0;pwned\x07 Inc.\x9b2J\x7f' in d['content'], d['content'][:80]"
# On a terminal: escaped, line breaks kept.
for cmd in "source show $SRC" "lookup 198.51.100.77 --source whois --raw"; do
	run python3 - "$DEPEER" $cmd <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out.replace(b'\r\n', b'\n'))
PY
	expect_out 'OrgName:        Carrier\u202eelpmaxE\x1b]0;pwned\x07 Inc.\u009b2J\x7f'
	expect_out 'CustName:       Hoster\x1b[2J Example\u202e LLC'
	raw_check
done

finish
