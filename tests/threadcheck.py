#!/usr/bin/env python3
#
# threadcheck.py - a follow-up or escalation depeer drafted, read
# independently, for the CLI tests (t0250-t0254).
#
# Usage:  python3 tests/threadcheck.py MSG.eml [EARLIER.eml ...]
#
# Checked: mailcheck.py's rules for the raw bytes (every line CRLF and at
# most 998 bytes, a 7-bit header section, From, To, Date, Message-ID and
# Subject exactly once) and Python's email package with policy=strict
# (every defect raises, none left on any part); then each message/rfc822
# part, found by splitting the raw body on its boundary (RFC 2046 5.1.1:
# the CRLF before a delimiter line belongs to the delimiter), has a
# Content-Transfer-Encoding of 7bit or 8bit and holds exactly the bytes
# of the EARLIER file of the same position, and there are as many such
# parts as files.
#
# Prints one JSON object for the caller: subject, to, cc, in_reply_to,
# references (a list of ids without <>), message_id, body (the text
# part decoded), attachments [{filename, content_type, encoding}].
# Exits 0, or 1 with the first failure on stderr.

import email
import email.policy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mailcheck  # noqa: E402  (raw_checks, all_defects, fail)


def ids(value):
    return [t.strip('<>') for t in str(value or '').split()]


def parts_raw(raw, boundary):
    """The raw bytes of each part of a multipart body: (headers, body)."""
    _, _, body = raw.partition(b'\r\n\r\n')
    delim = b'\r\n--' + boundary.encode('ascii')
    body = b'\r\n' + body
    out = []
    pos = body.index(delim)
    while True:
        start = pos + len(delim)
        if body[start:start + 2] == b'--':
            break
        start += 2          # the CRLF after the delimiter line
        end = body.index(delim, start)
        part = body[start:end]
        head, _, content = part.partition(b'\r\n\r\n')
        out.append((head, content))
        pos = end
    return out


def main():
    if len(sys.argv) < 2:
        sys.stderr.write('usage: threadcheck.py MSG [EARLIER ...]\n')
        sys.exit(2)
    with open(sys.argv[1], 'rb') as f:
        raw = f.read()
    earlier = []
    for p in sys.argv[2:]:
        with open(p, 'rb') as f:
            earlier.append(f.read())
    mailcheck.raw_checks(raw)
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.strict)
        mailcheck.all_defects(msg)
        info = {
            'subject': str(msg['subject']),
            'to': [a.addr_spec for a in msg['to'].addresses],
            'cc': [a.addr_spec for a in msg['cc'].addresses]
            if msg['cc'] else [],
            'message_id': str(msg['message-id']).strip('<>'),
            'in_reply_to': ids(msg['in-reply-to']) or None,
            'references': ids(msg['references']),
            'attachments': [],
        }
        if msg.get_content_type() == 'multipart/mixed':
            parts = msg.get_payload()
            rawparts = parts_raw(raw, msg.get_boundary())
            mailcheck.eq('parts found by hand', len(rawparts), len(parts))
        else:
            parts, rawparts = [msg], []
        mailcheck.eq('text type', parts[0].get_content_type(), 'text/plain')
        info['body'] = parts[0].get_content().replace('\r\n', '\n')
        n = 0
        for i, p in enumerate(parts[1:], 1):
            cte = str(p.get('content-transfer-encoding', '')).lower()
            info['attachments'].append({
                'filename': p.get_filename(),
                'content_type': p.get_content_type(),
                'encoding': cte,
            })
            if p.get_content_type() != 'message/rfc822':
                continue
            if cte not in ('7bit', '8bit'):
                mailcheck.fail('message/rfc822 part %d: encoding %r' %
                               (i, cte))
            if n >= len(earlier):
                mailcheck.fail('more message/rfc822 parts than files')
            if rawparts[i][1] != earlier[n]:
                mailcheck.fail('message/rfc822 part %d differs from %s '
                               '(%d bytes, want %d)' %
                               (i, sys.argv[2 + n], len(rawparts[i][1]),
                                len(earlier[n])))
            n += 1
        mailcheck.eq('message/rfc822 parts', n, len(earlier))
    except email.errors.MessageError as e:
        mailcheck.fail('strict parse: %s: %s' % (type(e).__name__, e))
    json.dump(info, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
