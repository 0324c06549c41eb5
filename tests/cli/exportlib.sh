# exportlib.sh - what the export tests (t0330, t0331) share: a McColo
# case on the test network with evidence of every indicator type (an
# IPv4 and an IPv6 address, a URL with '&', a domain) and notes that need
# escaping in XML, an attached file, the upstreams resolved from the
# recorded answers, a complaint to AS3549 sent and answered, and a
# provider event.  Sourced after lib.sh, with TOP set.
MAIL=$TOP/tests/fixtures/mail
DEPEER_NOW=2008-11-10T11:00:00Z
export DEPEER_NOW
fakenet_start || finish
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp config set organisation 'CERT <Example> & Co' >/dev/null
dp provider add McColo --asn AS26780 --prefix 208.66.192.0/22 \
    --note 'rogue "bulletproof" host <&>' >/dev/null
printf 'pcap bytes\n' >"$T/capture one.pcap"
expect_code 0 dp evidence add --provider McColo --kind c2 \
    --indicator 208.66.194.22 --observed 2008-11-10T10:00:00Z \
    --family Srizbi --file "$T/capture one.pcap" \
    --note 'a <note> & "quotes"'
expect_code 0 dp evidence add --provider McColo --kind spam-source \
    --indicator 2001:db8::25 --observed 2008-11-09T10:00:00Z
expect_code 0 dp evidence add --provider McColo --kind phishing \
    --indicator 'http://bank.example/login?a=1&b=2' \
    --observed 2008-11-08T10:00:00Z
expect_code 0 dp evidence add --provider McColo --kind malware-host \
    --indicator evil.example --observed 2008-11-07T10:00:00Z
expect_code 0 dp upstreams McColo
expect_code 0 dp complaint draft --provider McColo --upstream 3549
DEPEER_NOW=2008-11-10T12:00:00Z expect_code 0 dp complaint status 1 sent \
    --note 'sent from mutt'
sed -e "s/^Message-ID: .*/Message-ID: <export-1@test.example>/" \
    "$MAIL/human-reply.eml" >"$T/reply.eml"
DEPEER_NOW=2008-11-11T12:00:00Z expect_code 0 dp complaint reply 1 \
    "$T/reply.eml"
# the event cites the IRR's answer
SRC=$(sqlq "SELECT id FROM sources WHERE protocol = 'irr'")
expect_code 0 dp event add McColo upstream-lost --at 2008-11-11T21:23:00Z \
    --upstream AS3549 --note 'Global Crossing cut <them> off' --source "$SRC"
# a status update to a journalist: not for CERTs, nor for other journalists
expect_code 0 dp media add 'Jo Reporter' jo@newspaper.example \
    --outlet 'The Daily Example' --provider McColo
expect_code 0 dp complaint draft --provider McColo --to jo@newspaper.example \
    --template media-update
DEPEER_NOW=2008-11-11T13:00:00Z expect_code 0 dp complaint status 2 sent \
    --note 'sent from mutt'
