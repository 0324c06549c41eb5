#!/bin/sh
# An interrupt during "complaint send --queued" ends the run between two
# messages, never inside one: the message being handed over is finished
# and recorded sent, the rest stay queued, untouched, and the exit status
# is 130 (SIGINT) or 143 (SIGTERM).  Verify passes after.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sendlib.sh"

send_setup
SM=$T/sm
mkdir -p "$SM/out"
# A mail program that says it started, then takes a second.
cat >"$SM/sendmail" <<'EOF'
#!/bin/sh
sm=$(dirname "$0")
n=$(ls "$sm/out" | grep -c '\.eml$')
n=$((n + 1))
: >"$sm/started.$n"
sleep 1
cat >"$sm/out/$n.tmp" && mv "$sm/out/$n.tmp" "$sm/out/$n.eml"
echo "queued as SM$n"
EOF
chmod +x "$SM/sendmail"
DEPEER_SENDMAIL_COMMAND="$SM/sendmail"
export DEPEER_SENDMAIL_COMMAND

# interrupted SIG STATUS: three queued complaints, "send --queued" gets
# SIG while the first is being handed over.
interrupted() {
	rm -f "$SM"/started.* "$SM"/out/*
	A=$(draft_to abuse@transit.example)
	B=$(draft_to abuse@transit.example)
	C=$(draft_to abuse@transit.example)
	for _c in "$A" "$B" "$C"; do
		dp complaint status "$_c" queued 2>/dev/null
	done
	# A background job of sh ignores SIGINT, and an ignored signal
	# stays ignored across exec: the default is put back first.
	"$PYTHON" -S -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$DEPEER" --json complaint send \
	    --queued >"$T/out" 2>"$T/err" &
	_pid=$!
	_i=0
	while [ ! -f "$SM/started.1" ] && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	kill "-$1" "$_pid"
	wait "$_pid"
	RC=$?
	LASTCMD="complaint send --queued (SIG$1)"
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq "$2" ] || fail "send --queued after SIG$1 exited $RC, not $2"
	state_is "$A" sent
	state_is "$B" queued
	state_is "$C" queued
	CHECKS=$((CHECKS + 1))
	[ ! -f "$SM/started.2" ] || fail "a message was started after SIG$1"
	json_check "eq([o['outcome'] for o in d], ['sent', 'not-tried', 'not-tried'])
eq(d[0]['id'], $A)"
	expect_err "complaint $B was not tried: interrupted; it stays queued"
	expect_sql "SELECT count(*) FROM complaint_events WHERE complaint_id IN ($B, $C) AND by = 'send'" 0
	verify_ok
	# the rest go with the next run
	expect_code 0 dp complaint send --queued
	state_is "$B" sent
	state_is "$C" sent
}

step "SIGINT: the first finished and recorded, the rest stay queued"
interrupted INT 130

step "SIGTERM: the same, exit 143"
interrupted TERM 143

finish
