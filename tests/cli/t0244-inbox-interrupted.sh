#!/bin/sh
# An import killed with SIGKILL part way leaves nothing half-recorded:
# the mails stored are all of the mailbox or none of it, verify passes,
# and the import run again converges on the same records as one run.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2026-11-12T09:00:00Z
export DEPEER_NOW
dp provider add 'Bulletproof Example' --asn AS64500 >/dev/null 2>&1

N=1500
python3 - "$T/many.mbox" "$N" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write("From x Thu Nov 12 09:20:00 2026\n"
                "From: Desk %d <desk%d@example.net>\nTo: ana@cert.example\n"
                "Subject: [Ticket#20261112%08d] Re: abuse report\n"
                "Date: Thu, 12 Nov 2026 09:20:00 +0000\n"
                "Message-ID: <%d.many@example.net>\n\n"
                "We will look into it.\n\n" % (i, i, i, i))
PY
mails() { sqlq "SELECT count(*) FROM mails"; }

step "killed part way"
for delay in 0.1 0.3 0.5 0.7; do
	"$DEPEER" inbox import "$T/many.mbox" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$(mails)
	CHECKS=$((CHECKS + 1))
	case $n in
	0|"$N") ;;
	*) fail "after SIGKILL at ${delay}s: $n of $N mails stored" ;;
	esac
	expect_code 0 dp verify
	expect_out "intact"
done

step "run again, it converges"
expect_code 0 dp inbox import "$T/many.mbox"
expect_out "read $N messages (mbox)"
expect_sql "SELECT count(*) FROM mails" "$N"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'mail.add'" "$N"
db_snap
expect_code 0 dp inbox import "$T/many.mbox"
expect_out "0 stored, $N stored before"
expect_db_unchanged
expect_code 0 dp verify
expect_out "intact"
finish
