#!/bin/sh
# Exactly once under SIGKILL: depeer killed at each point of a send
# (DEPEER_TEST_KILL, a test hook: before MAIL with "sending" committed,
# during the data, after the server's 250 but before "sent" is
# committed), through the mail server and through sendmail_command.
# Each time the complaint is found in "sending"; send refuses it saying
# it may or may not have gone (a second copy with --resend), sends
# nothing and changes nothing, --queued passes it by; --resend then
# delivers it once more with the same bytes and Message-ID.  The sink
# holds exactly the deliveries expected: never two without --resend,
# and after a kill that followed the server's 250 the record still says
# the message may have gone.  Verify passes after each.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sendlib.sh"

send_setup
fakenet_start || finish
smtp_env

# killed POINT ID: "complaint send ID" dies of SIGKILL at POINT.
killed() {
	DEPEER_TEST_KILL=$1 run "$DEPEER" complaint send "$2"
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq 137 ] ||
	    fail "send with the kill at $1 exited $RC, not 137 (SIGKILL)"
}

# count_is N: the sink holds N messages.
count_is() {
	CHECKS=$((CHECKS + 1))
	_n=$(smtp_count)
	[ "$_n" -eq "$1" ] ||
	    fail "the sink holds $_n messages, expected $1 (after: ${LASTCMD:-?})"
}

# datas: how many DATA commands the sink has seen.
datas() {
	grep -c "^smtp	DATA" "$T/net/log" || true
}

# refused_sending ID: send refuses ID as one that may have gone; nothing
# is sent or changed; --queued passes it by.
refused_sending() {
	_before=$(smtp_count)
	db_snap
	expect_code 65 dp complaint send "$1"
	expect_err "complaint $1 was being sent when depeer stopped; it may or may not have been delivered"
	expect_err "--resend $1' (a second copy if the first arrived)"
	expect_code 0 dp complaint send --queued
	expect_db_unchanged
	count_is "$_before"
}

# attempts ID WANT: the send events of ID, "to_state:attempt" a line.
attempts() {
	expect_sql "SELECT to_state || ':' || attempt FROM complaint_events WHERE complaint_id = $1 AND by = 'send' ORDER BY id" "$2"
}

N=0
for point in before-mail during-data after-reply; do
	step "SMTP, killed $point"
	ID=$(draft_to abuse@transit.example)
	d0=$(datas)
	killed "$point" "$ID"
	state_is "$ID" sending
	case $point in
	before-mail)
		count_is "$N"
		CHECKS=$((CHECKS + 1))
		[ "$(datas)" -eq "$d0" ] || fail "a DATA went before MAIL"
		;;
	during-data)
		# the data began, the connection died: nothing stored
		CHECKS=$((CHECKS + 1))
		[ "$(datas)" -eq $((d0 + 1)) ] ||
		    fail "the kill during the data came before DATA"
		count_is "$N"
		;;
	after-reply)
		# the server has it; the record says it may have gone
		N=$((N + 1))
		count_is "$N"
		sink_is_raw "$N" "$ID"
		;;
	esac
	refused_sending "$ID"
	verify_ok

	expect_code 0 dp complaint send --resend "$ID"
	expect_out "complaint $ID sent to abuse@transit.example"
	expect_out "(attempt 2)"
	N=$((N + 1))
	count_is "$N"
	sink_is_raw "$N" "$ID"
	state_is "$ID" sent
	attempts "$ID" "sending:1
sending:2
sent:2"
	# sent now: neither send nor --resend delivers it again
	expect_code 65 dp complaint send --resend "$ID"
	expect_err "was sent already"
	count_is "$N"
	verify_ok
done

step "after-reply: both copies are the same message"
CHECKS=$((CHECKS + 1))
cmp -s "$(smtp_message "$((N - 1))")" "$(smtp_message "$N")" ||
    fail "the resent copy differs from the first"

step "found sending: the hand way out is named only when it works"
ID=$(draft_to abuse@transit.example)
killed after-reply "$ID"
N=$((N + 1))
count_is "$N"
expect_code 65 dp complaint send "$ID"
cp "$T/err" "$T/refusal"
run "$DEPEER" complaint status "$ID" sent \
    --note "found in the server log: queued as in message $N"
CHECKS=$((CHECKS + 1))
if grep -q -F "'depeer complaint status $ID sent --note ...'" "$T/refusal"; then
	[ "$RC" -eq 0 ] ||
	    fail "send names 'complaint status $ID sent' but it is refused: $(cat "$T/err")"
	state_is "$ID" sent
	expect_code 65 dp complaint send --resend "$ID"
	count_is "$N"
else
	[ "$RC" -eq 65 ] ||
	    fail "'complaint status $ID sent' works (exit $RC) but send does not name it"
	state_is "$ID" sending
fi
verify_ok

step "two sends at once: the one that looked first and waited refuses"
# A reads X as a draft, sends Y, and waits out the pace; meanwhile B
# sends X and dies after the 250, leaving it sending.  A must not take
# that for its own --resend.
Y=$(draft_to abuse@transit.example)
X=$(draft_to abuse@transit.example)
DEPEER_SMTP_PACE=4 "$DEPEER" complaint send "$Y" "$X" >"$T/a.out" \
    2>"$T/a.err" &
apid=$!
_i=0
while [ "$(smtp_count)" -lt $((N + 1)) ] && [ $_i -lt 60 ]; do
	sleep 0.05
	_i=$((_i + 1))
done
sleep 0.5
killed after-reply "$X"
wait "$apid"
arc=$?
N=$((N + 2))
count_is "$N"
CHECKS=$((CHECKS + 1))
[ "$arc" -eq 65 ] || fail "the first send exited $arc, not 65"
CHECKS=$((CHECKS + 1))
grep -q "complaint $X changed while it was made ready (it is sending now" \
    "$T/a.err" || fail "the first send did not say why: $(cat "$T/a.err")"
state_is "$Y" sent
state_is "$X" sending
attempts "$X" "sending:1"
verify_ok

step "sendmail_command: the message is a file, whole even when depeer dies"
mkdir -p "$T/sm"
cat >"$T/sm/sendmail" <<'EOF'
#!/bin/sh
# a local mail program: takes the message from stdin after a pause
sleep "${SM_SLEEP:-0}"
n=$(ls "$SM_DIR" | grep -c '\.eml$')
cat >"$SM_DIR/$((n + 1)).eml.tmp" && mv "$SM_DIR/$((n + 1)).eml.tmp" "$SM_DIR/$((n + 1)).eml"
echo "queued as SM$((n + 1))"
EOF
chmod +x "$T/sm/sendmail"
SM_DIR=$T/sm/out
mkdir -p "$SM_DIR"
export SM_DIR
unset DEPEER_SMTP_URL
DEPEER_SENDMAIL_COMMAND="$T/sm/sendmail"
export DEPEER_SENDMAIL_COMMAND

sm_count_is() {
	CHECKS=$((CHECKS + 1))
	_n=$(ls "$SM_DIR" | grep -c '\.eml$')
	[ "$_n" -eq "$1" ] ||
	    fail "the mail program took $_n messages, expected $1"
}

ID=$(draft_to abuse@transit.example)
killed before-mail "$ID"
state_is "$ID" sending
sm_count_is 0
refused_sending "$ID"
expect_code 0 dp complaint send --resend "$ID"
expect_out "via sendmail (attempt 2): sendmail_command exited 0: queued as SM1"
sm_count_is 1
dp complaint show "$ID" --raw >"$T/raw.eml"
CHECKS=$((CHECKS + 1))
cmp -s "$T/raw.eml" "$SM_DIR/1.eml" || fail "the mail program got other bytes"

# killed while the command runs: it goes on and takes the whole message
ID=$(draft_to abuse@transit.example)
SM_SLEEP=1 killed during-data "$ID"
state_is "$ID" sending
_i=0
while [ ! -f "$SM_DIR/2.eml" ] && [ $_i -lt 50 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
sm_count_is 2
dp complaint show "$ID" --raw >"$T/raw.eml"
CHECKS=$((CHECKS + 1))
cmp -s "$T/raw.eml" "$SM_DIR/2.eml" ||
    fail "the mail program got a cut message after the kill"
refused_sending "$ID"

ID=$(draft_to abuse@transit.example)
killed after-reply "$ID"
state_is "$ID" sending
sm_count_is 3
refused_sending "$ID"
verify_ok

finish
