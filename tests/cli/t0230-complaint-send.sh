#!/bin/sh
# complaint send through fakenet's mail server: the stored bytes arrive
# exactly (byte compare, strict parse) with the envelope of From, To and
# Cc, over STARTTLS with AUTH or implicit TLS; the complaint becomes sent
# with the server's reply, attempt and way; a second send delivers
# nothing and says when it went; --dry-run sends and changes nothing;
# --queued sends the queued ones; bad command lines and settings are
# refused before anything is sent or stored; the password shows nowhere;
# verify passes after each step.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sendlib.sh"

send_setup
fakenet_start || finish
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_NOW
A=$(draft_to abuse@transit.example noc@transit.example)
B=$(draft_to abuse@other.example)

step "no way to send: exit 78 saying how to set one, nothing changed"
db_snap
expect_code 78 dp complaint send "$A"
expect_err "depeer config set smtp_url"
expect_err "sendmail_command"
expect_db_unchanged
state_is "$A" draft

step "bad command lines: exit 64, nothing changed"
smtp_env
db_snap
expect_code 64 dp complaint send
expect_err "needs a complaint ID (or --queued)"
expect_code 64 dp complaint send --queued "$A"
expect_err "give no IDs with it"
expect_code 64 dp complaint send "$A" "#$A"
expect_err "named twice"
expect_code 64 dp complaint send x1
expect_code 66 dp complaint send "$A" 99
expect_db_unchanged
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 0 ] || fail "something was sent by a refused command"

step "bad settings: exit 78"
db_snap
DEPEER_SMTP_TLS=none expect_code 78 dp complaint send "$A"
expect_err "only for a relay on this machine"
DEPEER_SMTP_URL=smtps://smtp.example.net:465 DEPEER_SMTP_TLS=none \
    expect_code 78 dp complaint send "$A"
expect_err "contradicts"
DEPEER_SMTP_PASSWORD='' expect_code 78 dp complaint send "$A"
expect_err "go together"
DEPEER_SMTP_URL=http://smtp.example.net/ expect_code 78 dp complaint send "$A"
expect_err "DEPEER_SMTP_URL"
DEPEER_SMTP_URL=smtp://user:pw@smtp.example.net expect_code 78 \
    dp complaint send "$A"
expect_err "no user name or password in the URL"
expect_code 65 dp config set smtp_url smtp://u:secret@smtp.example.net:587
expect_code 65 dp config set smtp_tls maybe
expect_code 65 dp config set smtp_timeout 0
expect_code 65 dp config set sendmail_command "$(printf 'msmtp\n-t')"
expect_db_unchanged

step "--dry-run: where it would go; nothing sent, nothing changed"
db_snap
expect_code 0 dp complaint send --dry-run "$A"
expect_out "complaint $A would go via smtp://smtp.example.net:587"
expect_out "MAIL FROM:<ann@cert.example>"
expect_out "RCPT TO:<abuse@transit.example>"
expect_out "RCPT TO:<noc@transit.example>"
expect_out "$(dp --json complaint show "$A" | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["sha256"])')"
expect_code 0 dp --json complaint send --dry-run "$A" "$B"
json_check 'eq([o["outcome"] for o in d], ["would-send", "would-send"])
eq(d[0]["rcpt_to"], ["abuse@transit.example", "noc@transit.example"])
eq(d[0]["mail_from"], "ann@cert.example"); eq(d[0]["attempt"], None)
eq(d[0]["state"], "draft")'
expect_db_unchanged
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 0 ] || fail "--dry-run sent a message"

step "send over STARTTLS with AUTH: delivered once, recorded sent"
DEPEER_NOW=2008-11-11T12:05:00Z expect_code 0 dp complaint send "$A"
expect_out "complaint $A sent to abuse@transit.example, noc@transit.example via smtp://smtp.example.net:587: 250 2.0.0 Ok: queued as"
secret_nowhere sink-password
state_is "$A" sent
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 1 ] || fail "the server holds $(smtp_count) messages"
sink_is_raw 1 "$A"
json_check 'eq(d["mail_from"], "ann@cert.example")
eq(d["rcpt_to"], ["abuse@transit.example", "noc@transit.example"])
eq(d["tls"], True); eq(d["auth_user"], "depeer"); eq(d["port"], "smtp")' \
    "$T/net/mail/1.json"
expect_sql "SELECT by, from_state, to_state, attempt, via FROM complaint_events WHERE complaint_id = $A ORDER BY id" \
"send|draft|sending|1|smtp://smtp.example.net:587
send|sending|sent|1|smtp://smtp.example.net:587"
expect_sql "SELECT reply LIKE '250 2.0.0 Ok: queued as %' FROM complaint_events WHERE complaint_id = $A AND to_state = 'sent'" 1
verify_ok

step "sent already: nothing delivered, when and how said, exit 65"
db_snap
expect_code 65 dp complaint send "$A"
expect_err "complaint $A was sent already on 2008-11-11T12:05:00Z (250 2.0.0 Ok: queued as"
expect_err "nothing sent"
expect_code 65 dp complaint send --resend "$A"
expect_db_unchanged
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 1 ] || fail "a sent complaint went again"

step "sent by hand, then answered: the note said, nothing sent"
M=$(draft_to abuse@hand.example)
DEPEER_NOW=2008-11-11T12:06:00Z expect_code 0 dp complaint status "$M" sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-11T12:07:00Z expect_code 0 dp complaint status "$M" \
    answered
db_snap
expect_code 65 dp complaint send "$M"
expect_err "complaint $M was sent already on 2008-11-11T12:06:00Z (by hand: sent from mutt); nothing sent"
expect_db_unchanged
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 1 ] || fail "a complaint sent by hand went again"

step "--json; implicit TLS (smtps://mail.test:465)"
DEPEER_NOW=2008-11-11T12:08:00Z
expect_code 0 dp --json complaint send "$B"
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 2 ] || fail "the server holds $(smtp_count) messages"
json_check 'eq(len(d), 1); o = d[0]; eq(o["outcome"], "sent")
eq(o["state"], "sent"); eq(o["attempt"], 1); eq(o["error"], None)
eq(o["via"], "smtp://smtp.example.net:587")
eq(o["reply"][:24], "250 2.0.0 Ok: queued as ")'
C=$(draft_to abuse@third.example)
DEPEER_SMTP_URL=smtps://mail.test:465 expect_code 0 dp --json complaint send "$C"
json_check 'eq(d[0]["via"], "smtps://mail.test:465")'
json_check 'eq(d["port"], "smtps"); eq(d["tls"], True)' "$T/net/mail/3.json"
sink_is_raw 3 "$C"
verify_ok

step "plain text only to this machine: smtp_tls = none to 127.0.0.1"
PORT=$(awk '$1 == "smtp" { print $2 }' "$T/net/ports")
D=$(draft_to abuse@fourth.example)
DEPEER_SMTP_URL=smtp://127.0.0.1:$PORT DEPEER_SMTP_TLS=none \
    DEPEER_SMTP_USER='' DEPEER_SMTP_PASSWORD='' \
    expect_code 0 dp complaint send "$D"
json_check 'eq(d["tls"], False); eq(d["auth_user"], None)' \
    "$T/net/mail/4.json"
sink_is_raw 4 "$D"

step "--queued: every queued one, in number order; none left: exit 0"
E=$(draft_to abuse@fifth.example)
F=$(draft_to abuse@sixth.example)
G=$(draft_to abuse@seventh.example)
expect_code 0 dp complaint status "$G" queued
expect_code 0 dp complaint status "$E" queued
expect_code 0 dp --json complaint send --queued
json_check "eq([o['id'] for o in d], [$E, $G])
eq([o['outcome'] for o in d], ['sent', 'sent'])"
state_is "$F" draft
CHECKS=$((CHECKS + 1))
[ "$(smtp_count)" -eq 6 ] || fail "the server holds $(smtp_count) messages"
expect_code 0 dp complaint send --queued
expect_err "no queued complaint to send"
verify_ok

step "smtp_url from the file; DEPEER_SMTP_URL overrides it"
expect_code 0 dp config set smtp_url smtp://mail.test:587
P=$(draft_to abuse@ninth.example)
DEPEER_SMTP_URL='' expect_code 0 dp complaint send --dry-run "$P"
expect_out "via smtp://mail.test:587"
expect_code 0 dp complaint send --dry-run "$P"
expect_out "via smtp://smtp.example.net:587"
DEPEER_SMTP_URL='' expect_code 0 dp complaint send "$P"
expect_out "via smtp://mail.test:587: 250"
expect_code 0 dp config unset smtp_url

step "credentials from ~/.netrc when the variables are unset"
H=$(draft_to abuse@eighth.example)
mkdir -p "$HOME"
printf 'machine smtp.example.net login depeer password sink-password\n' \
    >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
DEPEER_SMTP_USER='' DEPEER_SMTP_PASSWORD='' expect_code 0 \
    dp complaint send "$H"
json_check 'eq(d["auth_user"], "depeer")' "$T/net/mail/8.json"
secret_nowhere sink-password
rm -f "$HOME/.netrc"

finish
