#!/bin/sh
# complaint send against a mail server that fails: a recipient refused
# (550 at RCPT, a Cc too: no one gets it), 451 and 554 to the data, the
# connection dropped during the data, the reply lost after the server
# stored it, a server that stops answering (bounded by smtp_timeout),
# STARTTLS not offered, AUTH refused; a 450 to RCPT from a one-off
# greylisting server.  Each time nothing counts as
# delivered without a 2xx to the end of the data: the complaint goes
# back to queued with the server's words and the attempt's number, the
# exit status is 75, and the next send tries again.  A failure of the
# server ends a run of several: the rest are not tried.  A stale
# complaint is refused before anything is sent.  The password shows
# nowhere; verify passes after each.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sendlib.sh"

send_setup
fakenet_start || finish
smtp_env
DEPEER_SMTP_TIMEOUT=2
export DEPEER_SMTP_TIMEOUT

count_is() {
	CHECKS=$((CHECKS + 1))
	_n=$(smtp_count)
	[ "$_n" -eq "$1" ] ||
	    fail "the sink holds $_n messages, expected $1 (after: ${LASTCMD:-?})"
}

# not_delivered ID REPLY: "complaint send ID" exits 75, ID is queued
# with REPLY (a fixed string) in its last event and on stderr.
not_delivered() {
	expect_code 75 dp complaint send "$1"
	expect_err "complaint $1 was not delivered (attempt"
	expect_err "$2"
	expect_err "it is queued again"
	state_is "$1" queued
	CHECKS=$((CHECKS + 1))
	_r=$(sqlq "SELECT reply FROM complaint_events WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1")
	case $_r in
	*"$2"*) ;;
	*) fail "the last event of complaint $1 has reply '$_r', not '$2'" ;;
	esac
}

step "550 to a recipient: nobody gets it, not even the others"
A=$(draft_to reject@transit.example)
not_delivered "$A" "550 5.1.1"
count_is 0
B=$(draft_to abuse@transit.example gone@transit.example)
smtp_conf reject=gone@transit.example
not_delivered "$B" "550 5.1.1"
count_is 0
verify_ok

step "450 to a recipient (a greylisting server): not delivered"
# fakenet's sink refuses recipients with 550 only: a one-connection
# server on loopback (plain text, which smtp_tls = none allows there)
# answers 450 to RCPT.
"$PYTHON" -S - "$T/greylist.port" >"$T/greylist.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(10)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
c, _ = s.accept()
c.settimeout(10)
f = c.makefile("rwb")
def say(line):
    f.write(line.encode() + b"\r\n")
    f.flush()
say("220 greylist.test ESMTP")
for raw in f:
    cmd = raw.decode().strip().upper()
    if cmd.startswith("EHLO"):
        say("250 greylist.test")
    elif cmd.startswith("MAIL"):
        say("250 2.1.0 Ok")
    elif cmd.startswith("RCPT"):
        say("450 4.2.0 Greylisted, try again in 5 minutes")
    elif cmd.startswith("QUIT"):
        say("221 2.0.0 Bye")
        break
    else:
        say("503 5.5.1 Not now")
PY
gpid=$!
_i=0
while [ ! -s "$T/greylist.port" ] && [ $_i -lt 100 ]; do
	sleep 0.05
	_i=$((_i + 1))
done
GL=$(draft_to abuse@transit.example)
DEPEER_SMTP_URL=smtp://127.0.0.1:$(cat "$T/greylist.port") \
    DEPEER_SMTP_TLS=none DEPEER_SMTP_USER='' DEPEER_SMTP_PASSWORD='' \
    not_delivered "$GL" "450 4.2.0 Greylisted"
wait "$gpid"
verify_ok

step "451 and 554 to the data: not delivered"
smtp_conf
C=$(draft_to tempfail@transit.example)
not_delivered "$C" "451 4.3.0"
D=$(draft_to permfail@transit.example)
not_delivered "$D" "554 5.6.0"
count_is 0
expect_sql "SELECT to_state || ':' || attempt FROM complaint_events WHERE complaint_id = $C ORDER BY id" "sending:1
queued:1"
verify_ok

step "the next send tries again: attempt 2"
smtp_conf data-reply=451
not_delivered "$B" "451"
expect_sql "SELECT to_state || ':' || attempt FROM complaint_events WHERE complaint_id = $B ORDER BY id" "sending:1
queued:1
sending:2
queued:2"
smtp_conf
expect_code 0 dp complaint send "$B"
expect_out "(attempt 3)"
state_is "$B" sent
count_is 1
sink_is_raw 1 "$B"
verify_ok

step "the connection dropped during the data: not delivered, not stored"
E=$(draft_to drop-data@transit.example)
not_delivered "$E" "no reply to the end of the data"
count_is 1

step "the reply lost after the server stored it: not delivered by SMTP's rule"
F=$(draft_to lost-reply@transit.example)
not_delivered "$F" "no reply to the end of the data"
# the server has it: the next send would be a second copy
count_is 2
verify_ok

step "a server that stops answering: bounded by smtp_timeout"
G=$(draft_to abuse@transit.example)
smtp_conf hang=.
start=$(date +%s)
not_delivered "$G" "no reply to the end of the data"
took=$(( $(date +%s) - start ))
CHECKS=$((CHECKS + 1))
[ "$took" -le 10 ] || fail "a hanging server kept send $took s"
# hang=. stores the message before it stops answering
count_is 3
smtp_conf hang=greeting
not_delivered "$G" "no answer from the server within 2 s"
smtp_conf
verify_ok

step "STARTTLS not offered: nothing goes in plain text"
smtp_conf no-starttls
H=$(draft_to abuse@transit.example)
mails=$(grep -c "^smtp	MAIL" "$T/net/log")
not_delivered "$H" "does not offer STARTTLS"
CHECKS=$((CHECKS + 1))
[ "$(grep -c "^smtp	MAIL" "$T/net/log")" -eq "$mails" ] ||
    fail "a MAIL went in plain text"
count_is 3

step "AUTH required: the wrong password refused, never shown or stored"
smtp_conf require-auth
DEPEER_SMTP_PASSWORD=wrong-pass-4711 not_delivered "$H" "535"
expect_err "DEPEER_SMTP_PASSWORD"
secret_nowhere wrong-pass-4711
DEPEER_SMTP_USER='' DEPEER_SMTP_PASSWORD='' not_delivered "$H" "530"
expect_code 0 dp complaint send "$H"
secret_nowhere sink-password
count_is 4
json_check 'eq(d["auth_user"], "depeer"); eq(d["tls"], True)' \
    "$T/net/mail/4.json"
smtp_conf
verify_ok

step "a server failure ends a run: the rest are not tried"
smtp_conf no-starttls
I=$(draft_to abuse@transit.example)
J=$(draft_to abuse@transit.example)
expect_code 75 dp --json complaint send "$I" "$J"
json_check "eq([o['outcome'] for o in d], ['queued', 'not-tried'])
eq(d[1]['state'], 'draft'); eq(d[1]['attempt'], None)"
state_is "$J" draft
expect_sql "SELECT count(*) FROM complaint_events WHERE complaint_id = $J" 0
smtp_conf
verify_ok

step "the worst outcome sets the status: refused (65) over not delivered (75)"
K=$(draft_to tempfail@transit.example)
expect_code 65 dp complaint send "$K" "$B"
expect_err "complaint $K was not delivered"
expect_err "complaint $B was sent already"

step "a stale complaint is refused before anything is sent"
L=$(draft_to abuse@transit.example)
expect_code 0 dp evidence retract 1 --reason "a shared host after all"
db_snap
_n=$(smtp_count)
expect_code 65 dp complaint send "$L"
expect_err "complaint $L cites evidence retracted since it was drafted (row 1): draft it again; nothing sent"
expect_db_unchanged
count_is "$_n"
verify_ok

finish
