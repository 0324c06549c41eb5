#!/bin/sh
# complaint send through a local mail program (sendmail_command, as
# git send-email and mutt have it): run by /bin/sh -c with the stored
# bytes on its standard input, nothing added to the command line; exit 0
# is delivered and its last line of output the reply; another status,
# or silence past smtp_timeout, is not delivered (queued, exit 75); a
# command that is not there ends the run.  smtp_url, when set, wins.
# smtp_pace keeps the messages of one run apart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sendlib.sh"

send_setup
SM=$T/sm
mkdir -p "$SM/out"
# A stand-in for sendmail -t -oi: keeps each message, its arguments and
# the time it came; fails as $SM/fail says.
cat >"$SM/sendmail" <<'EOF'
#!/bin/sh
sm=$(dirname "$0")
n=$(ls "$sm/out" | grep -c '\.eml$')
n=$((n + 1))
if [ -f "$sm/fail" ]; then
	cat >/dev/null
	echo "sendmail: $(cat "$sm/fail")" >&2
	exit 75
fi
printf '%s\n' "$@" >"$sm/out/$n.args"
python3 -S -c "import time; print(int(time.time() * 1000))" >"$sm/out/$n.time"
cat >"$sm/out/$n.tmp" && mv "$sm/out/$n.tmp" "$sm/out/$n.eml"
echo "Message accepted for delivery"
echo "queued as SM$n"
EOF
chmod +x "$SM/sendmail"
expect_code 0 dp config set sendmail_command "$SM/sendmail -t -oi"

sm_count_is() {
	CHECKS=$((CHECKS + 1))
	_n=$(ls "$SM/out" | grep -c '\.eml$')
	[ "$_n" -eq "$1" ] ||
	    fail "the mail program took $_n messages, expected $1 (after: ${LASTCMD:-?})"
}

step "--dry-run names the way: sendmail"
A=$(draft_to abuse@transit.example noc@transit.example)
expect_code 0 dp complaint send --dry-run "$A"
expect_out "complaint $A would go via sendmail"
sm_count_is 0

step "delivered: the exact bytes on stdin, the command line as configured"
expect_code 0 dp complaint send "$A"
expect_out "complaint $A sent to abuse@transit.example, noc@transit.example via sendmail: sendmail_command exited 0: queued as SM1"
sm_count_is 1
dp complaint show "$A" --raw >"$T/raw.eml"
CHECKS=$((CHECKS + 1))
cmp -s "$T/raw.eml" "$SM/out/1.eml" || fail "the mail program got other bytes"
CHECKS=$((CHECKS + 1))
[ "$(cat "$SM/out/1.args")" = "$(printf -- '-t\n-oi')" ] ||
    fail "the command got arguments '$(cat "$SM/out/1.args")'"
state_is "$A" sent
expect_sql "SELECT via || '|' || reply FROM complaint_events WHERE complaint_id = $A AND to_state = 'sent'" \
    "sendmail|sendmail_command exited 0: queued as SM1"
verify_ok

step "a refusal: not delivered, its words kept, queued, exit 75"
B=$(draft_to abuse@transit.example)
echo "451 4.3.0 queue full" >"$SM/fail"
expect_code 75 dp complaint send "$B"
expect_err "complaint $B was not delivered (attempt 1 via sendmail): sendmail_command exited 75: sendmail: 451 4.3.0 queue full; it is queued again"
state_is "$B" queued
rm -f "$SM/fail"
expect_code 0 dp complaint send --queued
expect_out "complaint $B sent to abuse@transit.example via sendmail (attempt 2)"
sm_count_is 2
verify_ok

step "silent past smtp_timeout: stopped, not delivered"
C=$(draft_to abuse@transit.example)
DEPEER_SENDMAIL_COMMAND="cat >/dev/null; exec sleep 20" DEPEER_SMTP_TIMEOUT=1 \
    expect_code 75 dp complaint send "$C"
expect_err "sendmail_command gave no sign of progress for 1 s and was stopped"
state_is "$C" queued

step "a command that is not there ends the run"
D=$(draft_to abuse@transit.example)
DEPEER_SENDMAIL_COMMAND="$SM/no-such-sendmail -t" \
    expect_code 75 dp --json complaint send "$C" "$D"
expect_err "exited 127"
json_check "eq([o['outcome'] for o in d], ['queued', 'not-tried'])"
state_is "$D" draft
verify_ok

step "smtp_url, when set, wins over sendmail_command"
fakenet_start || finish
smtp_env
expect_code 0 dp complaint send "$C"
expect_out "via smtp://smtp.example.net:587"
sm_count_is 2
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 1 ] || fail "the mail server got $(smtp_count)"
unset DEPEER_SMTP_URL

step "smtp_pace keeps two messages of one run apart"
expect_code 0 dp complaint status "$D" queued
E=$(draft_to abuse@transit.example)
expect_code 0 dp complaint status "$E" queued
DEPEER_SMTP_PACE=2 expect_code 0 dp complaint send --queued
sm_count_is 4
CHECKS=$((CHECKS + 1))
gap=$(( $(cat "$SM/out/4.time") - $(cat "$SM/out/3.time") ))
[ "$gap" -ge 1500 ] || fail "the two messages came $gap ms apart, pace 2 s"
verify_ok

finish
