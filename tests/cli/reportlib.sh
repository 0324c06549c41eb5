# reportlib.sh - the case the report tests (t0320-t0329) share, built
# offline but for the upstream lookup on the loopback registries: McColo
# with evidence of three kinds (a family holding '|' and '*', a defanged
# indicator, an attached file), its upstreams found by "upstreams", two
# complaints recorded sent (one answered by mail, one never), a status
# update to a journalist, provider
# events (an indicator in a note), and two weeks of hourly spamtrap
# counts with a drop at the de-peering.  Sourced after lib.sh, with TOP
# set.  The indicators are listed one a line in $T/indicators.
TPL=$TOP/tests/fixtures/complaint
FIX=$TOP/tests/fixtures/mail
FIXID=20261112T091500.4f1c2d3e5a6b7c8d@cert.example.org
DEPEER_NOW=2008-11-01T00:00:00Z
export DEPEER_NOW

fakenet_start || finish
# The upstreams first: "upstreams" asks the registries at once, so the
# answers are numbered in the order they arrive; the expected reports
# cite them by number, so the case is made again until they arrive in
# the order most runs see (bounded; each try takes a fraction of a
# second).
_try=0
while :; do
	rm -f "$DB"
	dp config set from 'Ann Analyst <ann.analyst@cert.example>' \
	    >/dev/null 2>&1
	dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 \
	    --country US --url http://mccolo.example/ \
	    --note 'San Jose, CA' >/dev/null 2>&1 || fail "provider add"
	DEPEER_NOW=2008-11-02T00:00:00Z dp upstreams McColo >/dev/null 2>&1 ||
	    fail "upstreams"
	_order=$(sqlq "SELECT group_concat(protocol || ' ' || query, ',')
	    FROM (SELECT protocol, query FROM sources ORDER BY id)")
	case $_order in
	"irr AS26780,cymru  -v 208.66.192.1,ripestat "*",whois AS26780,whois a 26780,rdap "*"/3549,whois AS3549,whois a 3549,rdap "*"/6939,whois AS6939,whois a 6939")
		break ;;
	esac
	_try=$((_try + 1))
	[ $_try -lt 30 ] || { fail "answers never came in order: $_order"; break; }
done
fakenet_stop
printf 'pcap bytes\n' >"$T/capture-srizbi.pcap"
ev() {
	dp evidence add --provider McColo "$@" >/dev/null 2>"$T/ev.err" ||
	    fail "evidence add $*: $(cat "$T/ev.err")"
}
ev --kind c2 --indicator 208.66.194.22 --family Srizbi \
    --observed-at 2008-10-20T10:00:00Z --file "$T/capture-srizbi.pcap"
ev --kind c2 --indicator 'cc.srizbi-c2[.]example' --family Srizbi \
    --observed-at 2008-10-22T10:00:00Z
ev --kind spam-source --indicator 208.66.195.7 --family 'Mega|D*bot' \
    --observed-at 2008-10-25T12:00:00Z
ev --kind phishing --indicator 'http://208.66.194.40/gate.php?id=7' \
    --observed-at 2008-10-28T08:30:00Z
ev --kind other --indicator 2001:db8:66::7
cat >"$T/indicators" <<'IND'
208.66.194.22
cc.srizbi-c2.example
208.66.195.7
http://208.66.194.40/gate.php?id=7
208.66.194.40
2001:db8:66::7
capture-srizbi.pcap
ann.analyst@cert.example
krebs@example.org
Brian Krebs
IND


# Two complaints, to the two upstreams' abuse desks: one answered, one
# never (and marked so by hand).
draft() {
	dp --json complaint draft --provider McColo --upstream "$1" \
	    --template "$TPL/plain.mustache" >"$T/d.json" 2>"$T/d.err" ||
	    fail "draft to $1: $(cat "$T/d.err")"
	json_get "d['id']" "$T/d.json"
}
C1=$(draft AS3549)
C2=$(draft AS6939)
DEPEER_NOW=2008-11-03T14:00:00Z dp complaint status "$C1" sent \
    --note "sent from mutt" >/dev/null 2>&1
DEPEER_NOW=2008-11-03T14:05:00Z dp complaint status "$C2" sent \
    --note "sent from mutt" >/dev/null 2>&1
DEPEER_NOW=2008-11-07T10:00:00Z dp complaint status "$C2" no-response \
    --note "no answer after four days" >/dev/null 2>&1
dp --json complaint show "$C1" >"$T/c1.json"
MID=$(json_get "d['message_id']" "$T/c1.json")
sed -e "s/$FIXID/$MID/g" -e "s/depeer #1\]/depeer #$C1]/g" \
    -e "s/depeer_#1\]/depeer_#$C1]/g" \
    -e "s/^Date: .*/Date: Wed, 05 Nov 2008 08:30:00 +0000/" \
    "$FIX/human-reply.eml" >"$T/reply.eml"
DEPEER_NOW=2008-11-05T09:00:00Z dp complaint reply "$C1" "$T/reply.eml" \
    >/dev/null 2>"$T/r.err" || fail "reply: $(cat "$T/r.err")"

# A status update to a journalist: on the timeline, not a party asked
# to act.
dp media add "Brian Krebs" krebs@example.org --outlet "The Washington Post" \
    --provider McColo >/dev/null 2>&1 || fail "media add"
dp --json complaint draft --provider McColo --to krebs@example.org \
    --template media-update >"$T/d.json" 2>"$T/d.err" ||
    fail "draft the update: $(cat "$T/d.err")"
C3=$(json_get "d['id']" "$T/d.json")
DEPEER_NOW=2008-11-12T11:00:00Z dp complaint status "$C3" sent \
    --note "sent from mutt" >/dev/null 2>&1 || fail "update sent"

# The provider's events.
dp event add McColo upstream-lost --upstream AS3549 \
    --at 2008-11-11T21:00:00Z --note 'Global Crossing | withdrew *all*' \
    >/dev/null || fail "event 1"
dp event add McColo de-peered --at 2008-11-11T21:00:00Z \
    --note 'C2 at 208.66.194.22 unreachable' >/dev/null || fail "event 2"

# 14 days of hourly counts on each side of the de-peering, with a daily
# cycle: 100 before, 40 after.
python3 - >"$T/s.csv" <<'PY'
import math
at = 1226437200
for h in range(-14 * 24, 14 * 24):
    t = at + h * 3600
    lvl = (100 if h < 0 else 40) * (1 + 0.3 * math.sin(2 * math.pi * (t % 86400) / 86400))
    print("%d,%d" % (t, round(lvl + (h * 7919 % 11) - 5)))
PY
dp measure import "$T/s.csv" --series trap >/dev/null 2>&1 ||
    fail "measure import"
DEPEER_NOW=2008-12-30T00:00:00Z
export DEPEER_NOW
