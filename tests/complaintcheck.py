#!/usr/bin/env python3
#
# complaintcheck.py - a drafted complaint held to the case it came from,
# for the CLI tests (t0211-t0213).
#
# Usage: python3 tests/complaintcheck.py DIR [SIGDIR]
#
# DIR holds what the test saved with depeer itself:
#   msg.eml        "complaint show ID --raw"
#   show.json      "complaint show ID --json"
#   evidence.json  "evidence list --provider P --json", the rows the
#                  complaint selects (the test filters them)
#   source-N.bin   "source show N" for each id in show.json's "sources"
#                  (its four "% " lines, then the stored bytes)
#   from.json      ["Name" or null, "addr"]: the configured sender
#
# Checked: the message passes tests/mailcheck.py (Python's email with
# policy=strict, headers present once, 7-bit headers, every line CRLF)
# with the subject, recipients and Message-ID the store holds;
# evidence.csv is the selected rows written independently here
# (RFC 4180, CRLF, the documented columns); each attached registry
# answer is byte for byte one of the sources the complaint names, and
# every one of them is attached.  DIR/summary.json receives the body
# text, the attachment names and the XARF files written out (xarf-N.json)
# for the caller to check further.  With SIGDIR, a signed message's
# signed part and signature are written there (mailcheck.py) for
# gpg --verify.  Exits 0, or 1 with the reason.

import csv
import email
import email.policy
import hashlib
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timezone


def fail(msg):
    sys.stderr.write('complaintcheck: %s\n' % msg)
    sys.exit(1)


def expected_csv(rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\r\n')
    w.writerow(['evidence_id', 'observed_at', 'kind', 'indicator',
                'indicator_type', 'family', 'source', 'recorded_at'])
    for r in sorted(rows, key=lambda r: r['id']):
        w.writerow([r['id'], r['observed_at'] or '', r['kind'],
                    r['indicator'], r['indicator_type'], r['family'] or '',
                    r['source'] or '', r['recorded_at']])
    return out.getvalue().encode('utf-8')


def main():
    d = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    raw = open(os.path.join(d, 'msg.eml'), 'rb').read()
    show = json.load(open(os.path.join(d, 'show.json'), encoding='utf-8'))
    rows = json.load(open(os.path.join(d, 'evidence.json'), encoding='utf-8'))
    sender = json.load(open(os.path.join(d, 'from.json'), encoding='utf-8'))
    sources = {}
    for sid in show['sources']:
        # "source show" prints four "% " lines (source, query, fetched,
        # sha256), then the stored bytes exactly.
        out = open(os.path.join(d, 'source-%d.bin' % sid), 'rb').read()
        head = out.split(b'\n', 4)
        if len(head) != 5 or not head[3].startswith(b'% sha256: '):
            fail('source %d: not the output of source show' % sid)
        b = head[4]
        h = hashlib.sha256(b).hexdigest()
        if head[3].split()[2].decode() != h:
            fail('source %d: its bytes do not hash to the sha256 shown' % sid)
        sources[h] = (sid, b)

    msg = email.message_from_bytes(raw, policy=email.policy.strict)
    top = msg
    signed = msg.get_content_type() == 'multipart/signed'
    if signed:
        top = msg.get_payload()[0]
    parts = top.get_payload() if top.is_multipart() else [top]
    body = parts[0].get_content()
    atts, summary = [], {'body': body, 'attachments': [], 'xarf': []}
    want_csv = expected_csv(rows)
    seen = set()
    for i, p in enumerate(parts[1:]):
        name = p.get_filename()
        data = p.get_payload(decode=True)
        summary['attachments'].append(name)
        f = 'att-%d.bin' % i
        if name == 'evidence.csv':
            if data != want_csv:
                open(os.path.join(d, 'want.csv'), 'wb').write(want_csv)
                fail('evidence.csv differs from the evidence rows '
                     '(got %s, want.csv in %s)' % (f, d))
        elif name.startswith('xarf-'):
            summary['xarf'].append(name)
            open(os.path.join(d, name), 'wb').write(data)
        else:
            h = hashlib.sha256(data).hexdigest()
            if h not in sources:
                fail('attachment %s is none of the sources %s' %
                     (name, show['sources']))
            seen.add(h)
        open(os.path.join(d, f), 'wb').write(data)
        desc = p['content-description']
        atts.append({'filename': name,
                     'content_type': p.get_content_type(),
                     'file': f,
                     'description': str(desc) if desc is not None
                     else None})
    if seen != set(sources):
        fail('sources %s named but not all attached' % show['sources'])

    created = datetime.strptime(show['created_at'], '%Y-%m-%dT%H:%M:%SZ')
    exp = {
        'subject': show['subject'],
        'from': sender,
        'to': [[None, a] for a in show['to']],
        'message_id': show['message_id'],
        'date': int(created.replace(tzinfo=timezone.utc).timestamp()),
        'body': body,
        'signed': signed,
        'attachments': atts,
    }
    if show['cc']:
        exp['cc'] = [[None, a] for a in show['cc']]
    with open(os.path.join(d, 'expect.json'), 'w', encoding='utf-8') as f:
        json.dump(exp, f)
    r = subprocess.run([sys.executable, os.path.join(here, 'mailcheck.py'),
                        os.path.join(d, 'msg.eml'),
                        os.path.join(d, 'expect.json')] + sys.argv[2:3],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail('mailcheck: ' + r.stderr.strip())
    with open(os.path.join(d, 'summary.json'), 'w', encoding='utf-8') as f:
        json.dump(summary, f)


if __name__ == '__main__':
    main()
