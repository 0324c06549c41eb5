#!/bin/sh
# export iodef: the case as an IODEF v2 document (RFC 7970) that the
# schema bundle in ../shared/schemas/iodef-v2 accepts (xmllint --nonet),
# whose root is in the v2 namespace (the bundle also accepts v1 roots, so
# the namespace is checked apart, and a valid v1 document is shown to
# pass the schema and fail that check); every indicator type in its
# place, text needing escaping kept, the upstreams as contacts with their
# registry handles, the complaint and the event as history (a status
# update to a journalist is not for CERTs: left out); retracted
# rows left out; bad input refused with nothing written.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/exportlib.sh"

XSD=$TOP/../shared/schemas/iodef-v2/iodef-2.0.xsd
if [ ! -f "$XSD" ] || ! command -v xmllint >/dev/null 2>&1; then
	fail "needs xmllint (libxml2-utils) and the IODEF v2 schema bundle"
	finish
fi

# valid FILE: the schema accepts FILE, offline
valid() {
	run xmllint --nonet --noout --schema "$XSD" "$1"
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq 0 ] || { fail "$1 does not validate"; _show stderr "$T/err"; }
}
# v2root FILE: the root element is IODEF-Document in the v2 namespace
v2root() {
	[ "$(xmllint --xpath 'local-name(/*)' "$1")" = IODEF-Document ] &&
	[ "$(xmllint --xpath 'namespace-uri(/*)' "$1")" = \
	    urn:ietf:params:xml:ns:iodef-2.0 ]
}

step "the document validates and is IODEF v2"
DEPEER_NOW=2008-11-12T00:00:00Z expect_code 0 dp export iodef McColo \
    -o "$T/i.xml"
expect_out_empty
valid "$T/i.xml"
v2root "$T/i.xml" || fail "the root is not IODEF v2's"

step "the namespace check catches a valid IODEF v1 document"
cat >"$T/v1.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<IODEF-Document version="1.00" lang="en"
    xmlns="urn:ietf:params:xml:ns:iodef-1.0">
  <Incident purpose="reporting">
    <IncidentID name="csirt.example.com">189493</IncidentID>
    <ReportTime>2008-11-12T00:00:00+00:00</ReportTime>
    <Assessment><Impact type="admin" completion="failed"/></Assessment>
    <Contact type="organization" role="creator">
      <ContactName>Example CSIRT</ContactName>
    </Contact>
  </Incident>
</IODEF-Document>
XML
valid "$T/v1.xml"
if v2root "$T/v1.xml"; then
	fail "the namespace check let an IODEF v1 document through"
fi

step "what the document says"
cat >"$T/check.py" <<'PY'
import sys
import xml.etree.ElementTree as ET
N = '{urn:ietf:params:xml:ns:iodef-2.0}'
def eq(a, b):
    assert a == b, (a, b)
root = ET.parse(sys.argv[1]).getroot()
eq(root.tag, N + 'IODEF-Document')
eq(root.get('version'), '2.00')
inc = root.find(N + 'Incident')
eq(inc.get('purpose'), 'mitigation')
eq(inc.get('status'), 'in-progress')
iid = inc.find(N + 'IncidentID')
eq((iid.get('name'), iid.text), ('cert.example', 'depeer-P1'))
eq(inc.findtext(N + 'DetectTime'), '2008-11-07T10:00:00Z')
eq(inc.findtext(N + 'ReportTime'), '2008-11-10T12:00:00Z')
eq(inc.findtext(N + 'GenerationTime'), '2008-11-12T00:00:00Z')
eq(inc.find(N + 'Assessment/' + N + 'SystemImpact').get('type'), 'policy')
cs = inc.findall(N + 'Contact')
eq([c.get('role') for c in cs], ['creator', 'provider', 'abuse', 'abuse'])
eq(cs[0].findtext(N + 'ContactName'), 'CERT <Example> & Co')
eq(cs[0].findtext(N + 'Email/' + N + 'EmailTo'), 'ann@cert.example')
eq(cs[1].findtext(N + 'ContactName'), 'McColo')
assert 'rogue "bulletproof" host <&>' in cs[1].findtext(N + 'Description')
eq(cs[1].findtext(N + 'RegistryHandle'), 'AS26780')
rh = cs[2].find(N + 'RegistryHandle')
eq((rh.get('registry'), rh.text), ('arin', 'AS3549'))
eq(cs[2].findtext(N + 'Email/' + N + 'EmailTo'), 'abuse@gblx.example')
eq(cs[3].findtext(N + 'RegistryHandle'), 'AS6939')
ev = inc.findall(N + 'EventData')
want = [('intermediate', 'Address', 'ipv4-addr', '208.66.194.22', 'c2-server'),
        ('source', 'Address', 'ipv6-addr', '2001:db8::25', None),
        ('source', 'Address', 'site-uri', 'http://bank.example/login?a=1&b=2',
         'phishing-site'),
        ('source', 'DomainData', None, 'evil.example', 'malware-distribution')]
eq(len(ev), int(sys.argv[2]))
for e in ev:
    i = int(e.find(N + 'AdditionalData').text)
    s = e.find(N + 'Flow/' + N + 'System')
    node = s.find(N + 'Node')[0]
    role = s.find(N + 'NodeRole')
    got = (s.get('category'), node.tag[len(N):], node.get('category'),
           node.text if node.tag == N + 'Address' else
           node.findtext(N + 'Name'), role.get('category') if role is not
           None else None)
    eq(got, want[i - 1])
eq(ev[0].findtext(N + 'Description'),
   'c2, family Srizbi: a <note> & "quotes"')
eq(ev[0].findtext(N + 'DetectTime'), '2008-11-10T10:00:00Z')
h = inc.findall(N + 'History/' + N + 'HistoryItem')
eq([x.get('action') for x in h],
   ['contact-source-site', 'status-new-info', 'status-new-info'])
eq(h[0].findtext(N + 'DateTime'), '2008-11-10T12:00:00Z')
eq(h[0].findtext(N + 'Contact/' + N + 'Email/' + N + 'EmailTo'),
   'abuse@gblx.example')
assert 'complaint #1 to abuse@gblx.example: sent (state now answered)' in \
    h[0].findtext(N + 'Description'), h[0].findtext(N + 'Description')
assert 'answered' in h[1].findtext(N + 'Description')
eq(h[2].findtext(N + 'Description'), 'upstream-lost (upstream AS3549): '
   'Global Crossing cut <them> off [registry answer %s]' % sys.argv[3])
PY
run python3 "$T/check.py" "$T/i.xml" 4 "$SRC"
CHECKS=$((CHECKS + 1))
[ "$RC" -eq 0 ] || { fail "the document's content"; _show stderr "$T/err"; }

grep -qi -e newspaper -e reporter "$T/i.xml" &&
    fail "the status update to a journalist is in the IODEF document"

step "standard output gives the same document"
DEPEER_NOW=2008-11-12T00:00:00Z expect_code 0 dp export iodef McColo
cmp -s "$T/out" "$T/i.xml" || fail "stdout differs from -o"

step "a retracted row is left out"
expect_code 0 dp evidence retract 2 --reason 'documentation address'
DEPEER_NOW=2008-11-12T00:00:00Z expect_code 0 dp export iodef McColo \
    -o "$T/r.xml"
valid "$T/r.xml"
grep -q '2001:db8::25' "$T/r.xml" && fail "the retracted row is exported"
grep -q '1 retracted and left out' "$T/r.xml" ||
    fail "the description does not say a row was left out"

step "bad input: a clear message, its status, nothing written"
expect_code 66 dp export iodef Nope -o "$T/nope.xml"
expect_err "no provider named 'Nope'"
[ ! -e "$T/nope.xml" ] || fail "an unknown provider left a file"
expect_code 73 dp export iodef McColo -o "$T/i.xml"
expect_err "i.xml"
cmp -s "$T/i.xml" "$T/out" 2>/dev/null
expect_code 0 dp export iodef McColo -o "$T/i.xml" --force
valid "$T/i.xml"
expect_code 73 dp export iodef McColo -o "$T/no/such/dir/i.xml"
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ ! -w "$T/ro" ]; then
	expect_code 73 dp export iodef McColo -o "$T/ro/i.xml"
	[ -z "$(ls "$T/ro")" ] || fail "a refused export left a file"
fi
chmod 755 "$T/ro"
expect_code 64 dp export iodef
expect_code 64 dp export iodef McColo extra
expect_code 64 dp --json export iodef McColo
expect_code 66 dp --db "$T/none.db" export iodef McColo
[ ! -e "$T/none.db" ] || fail "export created a database"
finish
