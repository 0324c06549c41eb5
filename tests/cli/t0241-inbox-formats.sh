#!/bin/sh
# inbox import reads a single message, a Maildir (new/ and cur/, tmp/
# left alone) and standard input (an mbox or one message); bounces in
# Postfix's, qmail's, sendmail's and Exchange's formats are matched
# through the headers they return and move their complaints to bounced
# with the status code; a delivery report changes nothing; a bounce for a
# Cc leaves the complaint as it is; an agent's answer that carries only
# the ticket number is matched through the ticket learned before, and one
# imported before the acknowledgement is matched when it comes.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"


. "$TOP/tests/cli/inboxlib.sh"

# dsn JSON: the one message's class, complaint, state and status
import_one() {
	expect_code 0 dp --json inbox import "$@"
}

step "a message file, each bounce format"
for f in postfix-bounce.eml:abuse@example.net:5.1.1 \
    qmail-bounce.eml:abuse@example.net:5.1.1 \
    sendmail-returned.eml:abuse@example.com:5.1.1 \
    exchange-ndr.eml:abuse@example.com:5.1.10 \
    exchange-571.eml:abuse@example.com:5.7.1 \
    exim-old.eml:abuse@example.org:5.1.1; do
	name=${f%%:*} rest=${f#*:}
	to=${rest%%:*} code=${rest#*:}
	c=$(mk "$to")
	fix "$name" "$c" >"$T/$name"
	import_one "$T/$name"
	json_check "
eq(d['kind'], 'message'); eq(d['stored'], 1)
m = d['messages'][0]
eq(m['class'], 'bounce'); eq(m['complaint_id'], $c); eq(m['state'], 'bounced')
eq(m['dsn_status'], '$code'); eq(m['dsn_recipient'], '$to')
assert m['matched_by'] in ('returned-headers', 'in-reply-to'), m['matched_by']"
done
expect_code 0 dp verify
expect_out "intact"

step "a delivery report changes nothing; a bounce for a Cc neither"
c=$(mk abuse@example.net)
fix postfix-delivered.eml "$c" >"$T/delivered.eml"
import_one "$T/delivered.eml"
json_check "m = d['messages'][0]; eq(m['class'], 'delivered'); eq(m['state'], 'sent'); eq(m['changed'], False)"
fix postfix-bounce.eml "$c" |
    sed 's/abuse@example\.net/noc@example.net/g; s/7A1B2C3D4E/7A1B2C3D4F/g' >"$T/cc.eml"
import_one "$T/cc.eml"
json_check "m = d['messages'][0]; eq(m['class'], 'bounce'); eq(m['complaint_id'], $c)
eq(m['state'], 'sent')
eq(m['unchanged'], 'the bounce is for noc@example.net, not one of the complaint\\'s To addresses')"

step "a Maildir"
c=$(mk abuse@example.net)
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
fix vacation.eml "$c" >"$T/md/new/1794474930.M1P2.mx.cert.example"
fix human-reply.eml "$c" >"$T/md/cur/1794574931.M3P4.mx.cert.example:2,S"
printf 'half a message' >"$T/md/tmp/1794574999.M5P6.mx.cert.example"
printf 'ignored' >"$T/md/cur/.hidden"
import_one "$T/md"
json_check "
eq(d['kind'], 'Maildir'); eq(d['read'], 2)
eq([m['where'] for m in d['messages']], ['new/1794474930.M1P2.mx.cert.example',
    'cur/1794574931.M3P4.mx.cert.example:2,S'])
eq([m['state'] for m in d['messages']], ['acknowledged', 'answered'])"
# an empty Maildir: nothing to do
mkdir -p "$T/empty/new"
expect_code 0 dp inbox import "$T/empty"
expect_out "read 0 messages (Maildir)"

step "standard input: an mbox, and one message"
c=$(mk abuse@example.org)
{ printf 'From x Thu Nov 12 09:23:20 2026\n'; fix rt-ack.eml "$c"; echo; } >"$T/rt.mbox"
expect_code 0 dp --json inbox import - <"$T/rt.mbox"
json_check "eq(d['kind'], 'mbox'); m = d['messages'][0]
eq(m['ticket'], 'example.org #48213'); eq(m['state'], 'acknowledged')"
c=$(mk support@example.com)
fix zendesk-ack.eml "$c" >"$T/zd.eml"
expect_code 0 dp --json inbox import - <"$T/zd.eml"
json_check "eq(d['kind'], 'message'); m = d['messages'][0]
eq(m['ticket'], 'Request #12345'); eq(m['state'], 'acknowledged')"

step "an answer that carries only the ticket number"
c=$(mk abuse@example.net)
fix otrs-ack.eml "$c" >"$T/ack.eml"
import_one "$T/ack.eml"
fix reply-ticket-only.eml "$c" >"$T/agent.eml"
import_one "$T/agent.eml"
json_check "m = d['messages'][0]; eq(m['matched_by'], 'ticket'); eq(m['complaint_id'], $c)
eq(m['class'], 'reply'); eq(m['state'], 'answered')"
# the same ticket from another domain is not the same desk
sed 's/abuse@example\.net/abuse@example.com/; s/1794895920\.114/1794895920.115/' \
    "$T/agent.eml" >"$T/other.eml"
import_one "$T/other.eml"
json_check "m = d['messages'][0]; eq(m['complaint_id'], None); eq(len(d['unmatched']), 1)"

step "the answer first, the acknowledgement later"
c=$(mk abuse@example.net)
fix otrs-ack.eml "$c" | sed 's/2026111210000123/2026111210000999/g;
    s/1794475231\.847312/1794475231.999999/' >"$T/ack2.eml"
fix reply-ticket-only.eml "$c" | sed 's/2026111210000123/2026111210000999/g;
    s/1794895920\.114/1794895920.999/' >"$T/agent2.eml"
import_one "$T/agent2.eml"
json_check "eq(d['messages'][0]['complaint_id'], None); eq(len(d['unmatched']), 1)
eq(d['unmatched_before'], 1)"
import_one "$T/ack2.eml"
json_check "
m = d['messages']
eq(len(m), 2); eq(m[0]['state'], 'acknowledged')
eq(m[1]['earlier'], True); eq(m[1]['matched_by'], 'ticket'); eq(m[1]['complaint_id'], $c)
eq(m[1]['state_before'], 'acknowledged'); eq(m[1]['state'], 'answered')
eq(d['unmatched'], []); eq(d['unmatched_before'], 1)"
expect_code 0 dp inbox import "$T/other.eml"
expect_out "0 stored, 1 stored before"
expect_out "not matched to a complaint (1;"
expect_no_out "from before"

step "the answer before the acknowledgement in one mailbox"
c=$(mk abuse@example.net)
{
	printf 'From x Tue Nov 17 10:12:00 2026\n'
	fix reply-ticket-only.eml "$c" | sed 's/2026111210000123/2026111210000777/g;
	    s/1794895920\.114/1794895920.777/'
	echo
	printf 'From x Thu Nov 12 09:20:31 2026\n'
	fix otrs-ack.eml "$c" | sed 's/2026111210000123/2026111210000777/g;
	    s/1794475231\.847312/1794475231.777777/'
	echo
} >"$T/order.mbox"
import_one "$T/order.mbox"
json_check "
m = d['messages']
eq(len(m), 2); eq([x['earlier'] for x in m], [False, False])
eq(m[0]['matched_by'], 'ticket'); eq(m[0]['complaint_id'], $c)
eq(m[1]['matched_by'], 'in-reply-to'); eq(d['changed'], 2)
eq(d['unmatched'], [])"
expect_code 0 dp --json complaint show "$c"
json_check "eq(d['state'], 'answered'); eq(d['ticket'], 'Ticket#2026111210000777')"
expect_code 0 dp verify
expect_out "intact"
finish
