#!/bin/sh
# depeer lookup --bulk interrupted (SIGINT, SIGTERM): the rows resolved so
# far are printed, the answers fetched are stored, the message says so and
# the status is 130 (143); a second run reuses what was stored and asks
# only what was left.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=20000 DEPEER_RETRIES=0
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES
log=$T/net/log
mark() { _mark=$(wc -l <"$log"); }
asked() {	# asked SERVER REGEX: requests fakenet logged since the mark
	tail -n +"$((_mark + 1))" "$log" | awk -F '\t' -v s="$1" -v q="$2" \
	    '$1 == s && $2 ~ q { n++ } END { print n + 0 }'
}
expect_asked() {	# expect_asked SERVER REGEX N
	_n=$(asked "$1" "$2")
	[ "$_n" -eq "$3" ] || fail "$1 '$2' asked $_n times, want $3"
	CHECKS=$((CHECKS + 1))
}
# A shell without job control starts background commands with SIGINT
# ignored, and depeer keeps an ignored signal ignored: start it with the
# default disposition, as from a terminal.
sigdfl() {
	exec "$PYTHON" -S -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}
# start_bulk HANGING FILE ARGS...: a bulk run in the background, output
# in $T/out and $T/err; waits until fakenet saw the query about HANGING
# (a regex) that hangs and the others were answered.
start_bulk() {
	_hang=$1
	shift
	(sigdfl "$DEPEER" lookup --bulk "$@") >"$T/out" 2>"$T/err" &
	bulk_pid=$!
	_i=0
	until [ "$(asked whois.iana.org "^$_hang\$")" -ge 1 ] &&
	    [ "$(asked whois.arin.net '^n \+ 208\.')" -ge 1 ] &&
	    [ "$(asked whois.cymru.com "^$_hang\$")" -ge 1 ]; do
		_i=$((_i + 1))
		if [ "$_i" -gt 200 ]; then
			fail "the bulk run did not reach the hanging query"
			break
		fi
		sleep 0.05
	done
	# The fast answers are in; let them be read (generous for ASan).
	sleep 1
}
stop_bulk() {	# stop_bulk SIGNAL WANT
	kill -s "$1" "$bulk_pid"
	wait "$bulk_pid"
	RC=$?
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq "$2" ] || { fail "exit $RC after SIG$1, want $2"
		_show stderr "$T/err"; }
	if grep -Eq 'Sanitizer|runtime error:' "$T/err"; then
		fail "sanitizer report"
		_show stderr "$T/err"
	fi
}

printf '208.66.192.1\n203.0.113.78\n208.66.193.7\n' >"$T/list"

step "SIGINT: the rows done are printed and their answers stored"
mark
start_bulk '203\.0\.113\.78' "$T/list"
stop_bulk INT 130
expect_out_re "^INDICATOR +ORIGIN +NETNAME +RIR +ABUSE"
expect_out_re "^208\.66\.192\.1 +AS26780 +MCCOLO +arin +abuse@mccolo\.example"
expect_out_re "^208\.66\.193\.7 +AS26780 +MCCOLO"
expect_no_out "203.0.113.78"
expect_err_re "^depeer: interrupted: 2 of 3 done, [0-9]+ answers stored; run again to continue$"
stored=$(sed -n 's/.* done, \([0-9]*\) answers stored.*/\1/p' "$T/err")
[ "${stored:-0}" -eq 3 ] || fail "want 3 answers stored (IANA, ARIN, Team Cymru), got '$stored'"
expect_sql "SELECT count(*) FROM sources" "${stored:-x}"
expect_sql "SELECT action || ' ' || subject FROM audit_log" "lookup lookup:bulk of 3"
expect_code 0 dp verify

step "the re-run reuses the stored answers and asks only the rest"
mark
expect_code 0 dp lookup --bulk "$T/list" --json
json_check "
eq([x['canonical'] for x in d], ['208.66.192.1', '203.0.113.78',
    '208.66.193.7'])
for x in (d[0], d[2]):
    eq(x['origin_asns'], [26780])
    eq(x['abuse_emails'], ['abuse@mccolo.example'])
    assert all(s['cached'] for s in x['sources']), x['sources']
assert any(not s['cached'] for s in d[1]['sources']), d[1]['sources']"
expect_asked whois.iana.org '^208\.' 0
expect_asked whois.arin.net '^n \+ 208\.' 0
expect_asked whois.iana.org '^203\.0\.113\.78$' 1
expect_asked whois.cymru.com '^begin$' 0
expect_code 0 dp verify

step "SIGTERM: status 143, and --json prints the rows done"
printf '208.66.194.37\n203.0.113.80\n208.66.195.9\n' >"$T/list2"
mark
start_bulk '203\.0\.113\.80' "$T/list2" --json --refresh
stop_bulk TERM 143
json_check "
eq([x['canonical'] for x in d], ['208.66.194.37', '208.66.195.9'])
eq(d[0]['abuse_emails'], ['abuse@mccolo.example'])"
expect_err_re "^depeer: interrupted: 2 of 3 done, [0-9]+ answers stored"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'lookup'" 3
expect_code 0 dp verify

step "each row is printed as soon as it and those before it are done"
# On a terminal (line-buffered) the first row shows while the run still
# waits on the hanging query; then SIGINT ends it.  Before rows were
# streamed, nothing was printed until the whole run was over.
cat >"$T/first_row.py" <<'PY'
import os, pty, select, signal, subprocess, sys, time
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=s,
                     stderr=subprocess.DEVNULL,
                     preexec_fn=lambda: signal.signal(signal.SIGINT,
                                                      signal.SIG_DFL))
os.close(s)
seen, end = b"", time.time() + 8
while sys.argv[1].encode() not in seen and time.time() < end:
    if select.select([m], [], [], 0.2)[0]:
        try:
            seen += os.read(m, 65536)
        except OSError:
            break
found = sys.argv[1].encode() in seen and p.poll() is None
p.send_signal(signal.SIGINT)
p.wait()
print("row shown while running" if found else "no row until the end")
PY
printf '208.66.194.37\n203.0.113.80\n' >"$T/list3"
run python3 "$T/first_row.py" '"canonical": "208.66.194.37"' \
    "$DEPEER" lookup --bulk "$T/list3" --json
expect_out_re "^row shown while running$"

step "a second SIGINT ends the run at once"
mark
start_bulk '203\.0\.113\.80' "$T/list2" --refresh
kill -s INT "$bulk_pid"
kill -s INT "$bulk_pid"
wait "$bulk_pid"
RC=$?
CHECKS=$((CHECKS + 1))
# Either the first signal's orderly stop won the race (130), or the
# second killed it (a shell reports 130 too); never a hang or a crash.
[ "$RC" -eq 130 ] || fail "exit $RC after two SIGINTs, want 130"
expect_code 0 dp verify

finish
