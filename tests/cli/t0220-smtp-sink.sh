#!/bin/sh
# The loopback mail server (tests/fakenet/smtpd.py) that the SMTP client
# will be tested against, tested on its own: curl's SMTP client, pointed
# at it exactly as depeer is (DEPEER_CONNECT_TO, DEPEER_CA_BUNDLE), sends
# through STARTTLS, implicit TLS and plain text; each stored message must
# be the uploaded file byte for byte (dot-stuffed lines included) with the
# right envelope, and each fault must show in curl's exit status and in
# what was stored or not.  A raw dialogue checks the replies curl never
# provokes (bad sequence, long lines, AUTH before TLS).  Loopback only;
# every case is bounded by curl's --max-time.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
PORT=$(awk '$1 == "smtp" { print $2 }' "$T/net/ports")

# A message whose lines start with dots: curl stuffs them, the server must
# undo that, so the stored bytes equal these.
printf 'From: Desk <abuse@desk.example>\r\nTo: noc@transit.example\r\nSubject: case 42\r\n\r\nLine one.\r\n.a line starting with a dot\r\n..two dots\r\n.\r\nlast line\r\n' >"$T/msg.eml"
# Big enough for drop-data to cut it in the middle.
{
	printf 'Subject: big\r\n\r\n'
	i=0
	while [ $i -lt 200 ]; do
		printf 'line %d of a longer message, to be cut in the middle\r\n' $i
		i=$((i + 1))
	done
} >"$T/big.eml"

# curl_rc N: curl's last exit status was N.
curl_rc() {
	CHECKS=$((CHECKS + 1))
	if [ "$RC" -ne "$1" ]; then
		fail "curl exit $RC, expected $1: $LASTCMD"
		_show stderr "$T/err"
	fi
}

# stored N: the server holds N messages.
stored() {
	CHECKS=$((CHECKS + 1))
	_n=$(smtp_count)
	[ "$_n" -eq "$1" ] || fail "server stored $_n messages, expected $1"
}

# same_bytes FILE N: stored message N is FILE byte for byte.
same_bytes() {
	CHECKS=$((CHECKS + 1))
	cmp -s "$1" "$(smtp_message "$2")" ||
	    fail "stored message $2 differs from $1"
}

send() {	# send URL RCPT... (more curl options after --)
	_url=$1
	shift
	_r=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_r="$_r --mail-rcpt $1"
		shift
	done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086
	smtp_curl --max-time 5 --url "$_url" --mail-from abuse@desk.example \
	    $_r --upload-file "$T/msg.eml" "$@"
}

step "STARTTLS on 587, AUTH PLAIN, two recipients"
send smtp://smtp.example.net:587 noc@transit.example abuse@transit.example \
    -- --ssl-reqd --user depeer:sink-password
curl_rc 0
stored 1
same_bytes "$T/msg.eml" 1
json_check 'eq(d["mail_from"], "abuse@desk.example")
eq(d["rcpt_to"], ["noc@transit.example", "abuse@transit.example"])
eq(d["auth_user"], "depeer"); eq(d["tls"], True); eq(d["port"], "smtp")
eq(d["size"], len(open(sys.argv[1][:-5] + ".eml", "rb").read()))' \
    "$T/net/mail/1.json"
expect_out_empty

step "implicit TLS on 465 (mail.test), AUTH LOGIN"
send smtps://mail.test:465 noc@transit.example \
    -- --user depeer:sink-password --login-options AUTH=LOGIN
curl_rc 0
stored 2
same_bytes "$T/msg.eml" 2
json_check 'eq(d["port"], "smtps"); eq(d["tls"], True)
eq(d["auth_user"], "depeer")' "$T/net/mail/2.json"

step "plain text on 25: no TLS, no AUTH offered"
send smtp://smtp.example.net:25 noc@transit.example -- -v
curl_rc 0
stored 3
json_check 'eq(d["tls"], False); eq(d["auth_user"], None)' \
    "$T/net/mail/3.json"
expect_err "< 250 STARTTLS"
expect_no_err "AUTH PLAIN"

step "wrong password: 535, nothing stored"
send smtp://smtp.example.net:587 noc@transit.example \
    -- --ssl-reqd --user depeer:wrong -v
curl_rc 67
expect_err "< 535 5.7.8"
stored 3

step "require-auth: MAIL without AUTH gets 530"
smtp_conf require-auth
send smtp://smtp.example.net:587 noc@transit.example -- --ssl-reqd -v
[ "$RC" -ne 0 ] || fail "curl succeeded without AUTH"
expect_err "< 530 5.7.0"
stored 3
send smtp://smtp.example.net:587 noc@transit.example \
    -- --ssl-reqd --user depeer:sink-password
curl_rc 0
stored 4

step "no-starttls: a client that requires TLS gives up"
smtp_conf no-starttls
send smtp://smtp.example.net:587 noc@transit.example -- --ssl-reqd -v
curl_rc 64
expect_no_err "< 250 STARTTLS"
stored 4
# One that only tries TLS falls back to plain text: what must not happen.
send smtp://smtp.example.net:587 noc@transit.example -- --ssl
curl_rc 0
stored 5
json_check 'eq(d["tls"], False)' "$T/net/mail/5.json"

step "reject@ and reject=: 550 5.1.1 to that recipient only"
smtp_conf reject=gone@transit.example
send smtp://smtp.example.net:587 noc@transit.example reject@transit.example \
    -- --ssl-reqd -v
curl_rc 55
expect_err "< 550 5.1.1"
stored 5
send smtp://smtp.example.net:587 noc@transit.example gone@transit.example \
    reject@x.example -- --ssl-reqd --mail-rcpt-allowfails
curl_rc 0
stored 6
json_check 'eq(d["rcpt_to"], ["noc@transit.example"])' "$T/net/mail/6.json"

step "tempfail@ and permfail@: 451 and 554 to the data, nothing stored"
# curl calls a refusal of the data CURLE_WEIRD_SERVER_REPLY (8).
smtp_conf
send smtp://smtp.example.net:587 tempfail@transit.example -- --ssl-reqd -v
curl_rc 8
expect_err "< 451 4.3.0"
send smtp://smtp.example.net:587 permfail@transit.example -- --ssl-reqd -v
curl_rc 8
expect_err "< 554 5.6.0"
smtp_conf data-reply=452
send smtp://smtp.example.net:587 noc@transit.example -- --ssl-reqd -v
curl_rc 8
expect_err "< 452"
stored 6

step "drop-data: the connection closes in the middle of the message"
smtp_conf drop-data=3000
smtp_curl --max-time 5 --url smtp://smtp.example.net:587 --ssl-reqd \
    --mail-from abuse@desk.example --mail-rcpt noc@transit.example \
    --upload-file "$T/big.eml"
[ "$RC" -ne 0 ] || fail "curl succeeded though the server dropped it"
stored 6
smtp_conf
send smtp://smtp.example.net:587 drop-data@transit.example -- --ssl-reqd
[ "$RC" -ne 0 ] || fail "curl succeeded though drop-data@ dropped it"
stored 6

step "lost-reply@: stored, but the client never hears 250"
send smtp://smtp.example.net:587 lost-reply@transit.example -- --ssl-reqd -v
[ "$RC" -ne 0 ] || fail "curl succeeded without the final reply"
expect_no_err "queued as"
stored 7
same_bytes "$T/msg.eml" 7

step "hang: no answer to MAIL, and none to the end of the data"
smtp_conf hang=MAIL
send smtp://smtp.example.net:587 noc@transit.example -- --ssl-reqd \
    --max-time 2
curl_rc 28
stored 7
smtp_conf
# curl waits for the reply to the end of the data with its own server
# response time-out (120 s by default, CURLOPT_SERVER_RESPONSE_TIMEOUT,
# which the curl tool cannot set), not --max-time: depeer's client must
# set both.  Here timeout(1) stops curl.
SMTP_WRAP="timeout 3"
send smtp://smtp.example.net:587 hang@transit.example -- --ssl-reqd \
    --max-time 2
SMTP_WRAP=
curl_rc 124
stored 8

step "delay-ms: a slow server"
smtp_conf delay-ms=1500
send smtp://smtp.example.net:587 noc@transit.example -- --max-time 1
curl_rc 28
smtp_conf delay-ms=50
send smtp://smtp.example.net:587 noc@transit.example -- --ssl-reqd
curl_rc 0
stored 9
smtp_conf

step "raw dialogue: sequence, syntax, limits, AUTH before TLS, RFC 3207"
# Lines "> COMMAND" are sent, "< CODE" must be the next reply's code,
# "TLS" makes the handshake (after the 220 to STARTTLS).
cat >"$T/talk.py" <<'EOF'
import socket, ssl, sys
port, ca, script = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port), timeout=5)
f = s.makefile("rb")
def reply():
    while True:
        line = f.readline()
        if not line or line[3:4] != b"-":
            return line.decode()
got = reply()
for step in script.splitlines():
    kind, _, arg = step.partition(" ")
    if kind == ">":
        s.sendall(arg.encode().replace(b"\\r\\n", b"\r\n") + b"\r\n")
    elif kind == "<":
        got = reply()
        if not got.startswith(arg):
            sys.exit("after %r: %r, expected %s" % (last, got, arg))
    elif kind == "TLS":
        ctx = ssl.create_default_context(cafile=ca)
        s = ctx.wrap_socket(s, server_hostname="smtp.example.net")
        f = s.makefile("rb")
    last = step
EOF
talk() {
	CHECKS=$((CHECKS + 1))
	python3 "$T/talk.py" "$PORT" "$DEPEER_CA_BUNDLE" "$1" >"$T/err" 2>&1 ||
	    fail "$(tail -n 1 "$T/err")"
}
talk '> MAIL FROM:<a@b.example>
< 503 5.5.1
> EHLO client.example
< 250
> RCPT TO:<c@d.example>
< 503 5.5.1
> DATA
< 503 5.5.1
> MAIL FROM:a@b.example
< 501
> AUTH PLAIN AGRlcGVlcgBzaW5rLXBhc3N3b3Jk
< 538
> FROB
< 500 5.5.2
> NOOP '"$(printf '%0600d' 0)"'
< 500 5.5.6
> MAIL FROM:<a@b.example> SIZE=99999999
< 552
> MAIL FROM:<a@b.example>
< 250
> MAIL FROM:<a@b.example>
< 503
> RSET
< 250
> HELO client.example
< 250
> QUIT
< 221'
# A command pipelined behind STARTTLS is dropped, not run after TLS
# (RFC 3207 5): the NOOP gets no reply, so EHLO is the next one.
talk '> EHLO c.example
< 250
> STARTTLS\r\nNOOP
< 220
TLS
> MAIL FROM:<a@b.example>
< 503 5.5.1
> EHLO c.example
< 250
> AUTH LOGIN
< 334
> ZGVwZWVy
< 334
> *
< 501
> AUTH PLAIN AGRlcGVlcgB3cm9uZw==
< 535
> AUTH PLAIN AGRlcGVlcgBzaW5rLXBhc3N3b3Jk
< 235
> AUTH PLAIN AGRlcGVlcgBzaW5rLXBhc3N3b3Jk
< 503
> MAIL FROM:<> BODY=8BITMIME
< 250
> RCPT TO:<r@x.example>
< 250
> DATA
< 354
> '"$(printf 'x%01000d' 0)"'\r\n.
< 552 5.3.4
> QUIT
< 221'
stored 9

# The server itself is checked: a talk that expects a wrong code fails.
CHECKS=$((CHECKS + 1))
if python3 "$T/talk.py" "$PORT" "$DEPEER_CA_BUNDLE" '> NOOP
< 500' >/dev/null 2>&1; then
	fail "talk.py accepted a wrong reply code"
fi

finish
