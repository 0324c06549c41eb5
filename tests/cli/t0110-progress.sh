#!/bin/sh
# Feedback on slow network work: on a terminal (standard error a tty),
# lookup, contacts and upstreams say which server keeps them waiting and
# which is being retried, on one status line cleared when done; never in
# a pipe or a file, never on standard output.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=20000 DEPEER_RETRIES=0
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES

# on_tty CMD...: run CMD with standard error on a pseudo-terminal (120
# columns, or $COLS) and
# standard output in $T/out; what the terminal showed goes to $T/err
# (bytes as written, escapes included), the status to $RC.
cat >"$T/on_pty.py" <<'PY'
import fcntl, os, pty, select, struct, subprocess, sys, termios
out, err, cols = sys.argv[1], sys.argv[2], int(sys.argv[3])
m, s = pty.openpty()
fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
with open(out, "wb") as f:
    p = subprocess.Popen(sys.argv[4:], stdin=subprocess.DEVNULL, stdout=f,
                         stderr=s)
os.close(s)
shown = b""
while True:
    r, _, _ = select.select([m], [], [], 0.2)
    if r:
        try:
            d = os.read(m, 65536)
        except OSError:         # EIO: the last writer closed it
            d = b""
        if d:
            shown += d
            continue
    if p.poll() is not None and not r:
        break
    if r and not d:
        break
with open(err, "wb") as f:
    f.write(shown)
sys.exit(p.wait())
PY
on_tty() {
	CHECKS=$((CHECKS + 1))
	python3 "$T/on_pty.py" "$T/out" "$T/err" "${COLS:-120}" "$@"
	RC=$?
}
expect_rc() {
	[ "$RC" -eq "$1" ] || { fail "exit $RC, want $1"; _show stderr "$T/err"; }
}
# The terminal shows ESC [ K to clear the line; grep sees it as text.
ESC=$(printf '\033')
CR=$(printf '\r')

step "a slow registry: a status line after 2 s, cleared at the end"
on_tty "$DEPEER" lookup 203.0.113.79 --source whois
expect_rc 0
expect_err "depeer: waiting for whois.iana.org (2 s)..."
grep -q "${CR}${ESC}\[K\$" "$T/err" || fail "the status line is not cleared at the end"
CHECKS=$((CHECKS + 1))
expect_out_re "^sources: +[0-9]+ +whois whois\.iana\.org:43 '203\.0\.113\.79'"
if grep -q "$ESC" "$T/out"; then fail "escapes on standard output"; fi

step "not on a terminal: nothing of it"
expect_code 0 dp lookup 203.0.113.79 --source whois --refresh
expect_err_empty

step "--json: the status on the terminal, the JSON alone on stdout"
on_tty "$DEPEER" lookup 203.0.113.79 --source whois --refresh --json
expect_rc 0
expect_err "waiting for whois.iana.org"
json_check "eq(d['canonical'], '203.0.113.79')"

step "retries: each one said, and the error starts on a clean line"
DEPEER_RETRIES=2 DEPEER_BACKOFF_MS=100 on_tty "$DEPEER" lookup 192.0.2.4 \
    --source whois
expect_rc 69
expect_err_re "depeer: whois\.arin\.net: retry 1/2 in 0\.1 s \([^)]*closed the connection"
expect_err "depeer: whois.arin.net: retry 2/2 in 0.2 s ("
expect_err "${CR}${ESC}[Kdepeer: no registry answered for 192.0.2.4"

step "a narrow terminal: the status line is cut to its width"
COLS=40 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100 on_tty "$DEPEER" lookup \
    192.0.2.4 --source whois
expect_rc 69
expect_err "${CR}depeer: whois.arin.net: retry 1/1 in 0.${ESC}[K"

step "contacts"
on_tty "$DEPEER" contacts 203.0.113.79 --refresh
expect_err "depeer: waiting for whois.iana.org (2 s"

step "upstreams"
on_tty "$DEPEER" upstreams AS64511
expect_err "depeer: waiting for stat.ripe.net (2 s"
grep -q "${CR}${ESC}\[K" "$T/err" || fail "the status line is not cleared"
CHECKS=$((CHECKS + 1))

step "lookup --bulk: the slow server beside the progress bar"
printf '208.66.192.1\n203.0.113.79\n' >"$T/list"
on_tty "$DEPEER" lookup --bulk "$T/list" --refresh
expect_rc 0
expect_err_re "\] 1/2 done  [0-9.]+ s  whois\.iana\.org slow"
expect_out_re "^208\.66\.192\.1 +AS26780"

finish
