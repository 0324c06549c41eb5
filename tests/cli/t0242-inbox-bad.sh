#!/bin/sh
# inbox import refuses what it cannot read, with a message that names
# it, the exit status depeer-inbox(1) documents, and nothing recorded
# (the database as it was, the audit head with it): a malformed mbox, a
# message without headers, binary garbage, a message of 50 MB, one bad
# message among good ones, an empty file, a directory that is not a
# Maildir, a FIFO, a missing file, a bad command line.  Verify passes
# after each.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"


. "$TOP/tests/cli/inboxlib.sh"

C1=$(mk abuse@example.net)
fix otrs-ack.eml "$C1" >"$T/good.eml"
expect_code 0 dp inbox import "$T/good.eml"

# refused CODE TEXT ARGS...: "inbox import ARGS" exits CODE saying TEXT,
# and the case is as it was.
refused() {
	_code=$1 _text=$2
	shift 2
	db_snap
	expect_code "$_code" dp inbox import "$@"
	expect_err "$_text"
	expect_out_empty
	expect_db_unchanged
}

step "bad command lines"
refused 64 "needs one mailbox"
refused 64 "needs one mailbox" "$T/good.eml" "$T/good.eml"
db_snap
expect_code 64 dp inbox show x
expect_code 66 dp inbox show 999
expect_db_unchanged

step "files that are not there or not files"
refused 66 "cannot open '$T/nothing.mbox'" "$T/nothing.mbox"
mkfifo "$T/fifo"
refused 66 "is a FIFO, not a regular file" "$T/fifo"
mkdir "$T/notmaildir"
refused 65 "is a directory but not a Maildir: it has no new/ or cur/" "$T/notmaildir"
: >"$T/empty.mbox"
refused 65 "'$T/empty.mbox' is empty" "$T/empty.mbox"

step "a message without headers, binary garbage"
refused 65 "the message has no header section" "$FIX/no-headers.eml"
expect_err "; nothing was imported"
# 4 KiB of bytes no mail starts with, made the same on every run
python3 -c "
import random, sys
r = random.Random(240)
sys.stdout.buffer.write(bytes([0x89, 0x50, 0x4e, 0x47]) + bytes(r.randrange(256) for _ in range(4092)))" >"$T/garbage.bin"
refused 65 "no header section" "$T/garbage.bin"
printf 'From: a@example.net\nSubject: x\0y\n\nbody\n' >"$T/nul.eml"
refused 65 "the header section holds a NUL byte" "$T/nul.eml"
printf 'Subject: who sent this?\nDate: Thu, 12 Nov 2026 09:20:00 +0000\n\nbody\n' >"$T/nofrom.eml"
refused 65 "the message has no From address" "$T/nofrom.eml"

step "a malformed mbox, one bad message among good ones"
printf 'From x Thu Nov 12 09:15:04 2026\nthis is not a header\n\nbody\n' >"$T/bad1.mbox"
refused 65 "'$T/bad1.mbox': message 1 (line 1) has no header section: not an mbox that can be read" "$T/bad1.mbox"
{
	printf 'From x Thu Nov 12 09:15:04 2026\n'; fix human-reply.eml "$C1"; echo
	printf 'From x Thu Nov 12 09:16:04 2026\n'; cat "$FIX/no-headers.eml"; echo
} >"$T/bad2.mbox"
refused 65 "'$T/bad2.mbox': message 2 (line 29) has no header section" "$T/bad2.mbox"
refused 65 "standard input: message 2 (line 29) has no header section" - <"$T/bad2.mbox"
# a message GMime splits off but that is no mail: named, nothing imported
{
	printf 'From x Thu Nov 12 09:15:04 2026\n'; fix human-reply.eml "$C1"; echo
	printf 'From x Thu Nov 12 09:16:04 2026\n'
	printf 'X-Only: a header\n\nbut no sender\n'
} >"$T/bad3.mbox"
refused 65 "$T/bad3.mbox: message 2 (line 29): the message has no From address; nothing was imported" "$T/bad3.mbox"

step "a message of 50 MB"
# max_message_size is 10 MB unless set: refused, nothing read
python3 - "$T/big.eml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("From: Big Sender <big@example.org>\nTo: ana@cert.example\n"
            "Subject: a large reply\nDate: Thu, 12 Nov 2026 09:20:00 +0000\n"
            "Message-ID: <big.1@example.org>\n\n")
    line = "x" * 75 + "\n"
    for _ in range(50 * 1024 * 1024 // 76):
        f.write(line)
PY
refused 65 "is 52428" "$T/big.eml"
expect_err "more than max_message_size (10000000): nothing was read"
{ printf 'From x Thu Nov 12 09:15:04 2026\n'; fix human-reply.eml "$C1"; echo
  printf 'From x Thu Nov 12 09:16:04 2026\n'; cat "$T/big.eml"; } >"$T/big.mbox"
rm -f "$T/big.eml"
refused 65 "message 2 (line" "$T/big.mbox"
expect_err "more than max_message_size"
# 50 MiB is over even the largest max_message_size, 50000000 bytes
db_snap
DEPEER_MAX_MESSAGE_SIZE=50000000 expect_code 65 dp inbox import "$T/big.mbox"
expect_err "more than max_message_size (50000000)"
expect_db_unchanged
# what is within it is imported
DEPEER_MAX_MESSAGE_SIZE=50000000 expect_code 0 dp inbox import - <"$FIX/vacation.eml"
rm -f "$T/big.mbox"

step "a stored mail whose bytes were changed behind depeer's back"
expect_code 0 dp inbox import "$FIX/salesforce-ack.eml"
expect_out "not matched to a complaint (1;"
db_copy "$DB" "$T/t.db"
sqlq --db "$T/t.db" "UPDATE mails SET message = CAST('From: x@example.net' || char(10) || char(10) || 'x' AS BLOB) WHERE complaint_id IS NULL"
expect_code 65 dp --db "$T/t.db" inbox import "$T/good.eml"
expect_err "its bytes no longer match their SHA-256; run 'depeer verify'"
expect_code 1 dp --db "$T/t.db" verify

step "verify after all of it"
expect_code 0 dp verify
expect_out "intact"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'mail.add'" 3
finish
