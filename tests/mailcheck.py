#!/usr/bin/env python3
#
# mailcheck.py - an independent check of a message depeer built: Python's
# email package with policy=strict (every defect raises), and the raw
# bytes read by hand.
#
# Usage:  python3 tests/mailcheck.py MSG.eml EXPECT.json [SIGDIR]
#
# EXPECT.json (tests/mailgen.c writes it) holds what the message must say:
# subject, from [name, addr], to [[name, addr], ...], cc (optional),
# message_id, date (Unix seconds), body (the text before line-end
# normalisation), signed (bool), attachments [{filename, content_type,
# file, description}] with file relative to EXPECT.json's folder.
#
# Checked: every line ends CRLF and is at most 998 bytes; the header
# section is 7-bit; From, To, Date, Message-ID and Subject occur exactly
# once; parsing with policy=strict raises nothing and leaves no defect on
# any part; the decoded values equal the expected ones; the text body
# decodes to the expected text; each attachment, in order, has the
# expected name, type and description and decodes to bytes whose SHA-256
# is that of its file.  For a signed message, the top is multipart/signed
# (RFC 3156) and SIGDIR receives signed.bin (the first part's bytes
# exactly as signed: between the boundary lines, CRLF before the next
# boundary excluded) and sig.asc, for gpg --verify.
#
# Exits 0 when all holds, 1 with the first failure on stderr.

import email
import email.policy
import hashlib
import json
import os
import re
import sys


def fail(msg):
    sys.stderr.write('mailcheck: %s: %s\n' % (sys.argv[1], msg))
    sys.exit(1)


def eq(what, got, want):
    if got != want:
        fail('%s: got %r, want %r' % (what, got, want))


def raw_checks(raw):
    if b'\0' in raw:
        fail('a NUL byte')
    lines = raw.split(b'\r\n')
    for i, line in enumerate(lines, 1):
        if b'\r' in line or b'\n' in line:
            fail('line %d: a bare CR or LF' % i)
        if len(line) > 998:
            fail('line %d: %d bytes' % (i, len(line)))
    if lines[-1] != b'':
        fail('the last line does not end with CRLF')
    head, sep, _ = raw.partition(b'\r\n\r\n')
    if not sep:
        fail('no empty line after the header')
    if any(b >= 0x80 for b in head):
        fail('an 8-bit byte in the header section')
    names = [l.split(b':', 1)[0].lower() for l in head.split(b'\r\n')
             if l and l[:1] not in (b' ', b'\t')]
    for n in (b'from', b'to', b'date', b'message-id', b'subject'):
        eq('count of %s' % n.decode(), names.count(n), 1)


def all_defects(msg):
    for part in msg.walk():
        if part.defects:
            fail('defects in a %s part: %r' % (part.get_content_type(),
                                                part.defects))


def mailbox(addr):
    return [addr.display_name or None, addr.addr_spec]


def signed_parts(raw, boundary):
    """The first part's exact bytes and the second's content, by splitting
    the raw body on the boundary (RFC 2046 5.1.1: the CRLF before a
    boundary line belongs to it)."""
    _, _, body = raw.partition(b'\r\n\r\n')
    delim = b'--' + boundary.encode('ascii')
    if not body.startswith(delim + b'\r\n'):
        body = b'\r\n' + body
        start = body.index(b'\r\n' + delim + b'\r\n') + len(delim) + 4
    else:
        start = len(delim) + 2
    end = body.index(b'\r\n' + delim, start)
    part1 = body[start:end]
    rest = body[end + len(delim) + 4:]
    end2 = rest.index(b'\r\n' + delim + b'--')
    part2 = rest[:end2]
    return part1, part2


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write('usage: mailcheck.py MSG EXPECT.json [SIGDIR]\n')
        sys.exit(2)
    with open(sys.argv[1], 'rb') as f:
        raw = f.read()
    with open(sys.argv[2], encoding='utf-8') as f:
        exp = json.load(f)
    base = os.path.dirname(os.path.abspath(sys.argv[2]))

    raw_checks(raw)
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.strict)
        all_defects(msg)
        eq('Subject', str(msg['subject']), exp['subject'])
        eq('From', [mailbox(a) for a in msg['from'].addresses],
           [exp['from']])
        eq('To', [mailbox(a) for a in msg['to'].addresses], exp['to'])
        if 'cc' in exp:
            eq('Cc', [mailbox(a) for a in msg['cc'].addresses], exp['cc'])
        else:
            eq('Cc', msg['cc'], None)
        eq('Message-ID', str(msg['message-id']), '<%s>' % exp['message_id'])
        d = msg['date'].datetime
        eq('Date offset', d.utcoffset().total_seconds(), 0)
        eq('Date', int(d.timestamp()), exp['date'])
        eq('MIME-Version', str(msg['mime-version']), '1.0')

        top = msg
        if exp['signed']:
            eq('top type', msg.get_content_type(), 'multipart/signed')
            eq('protocol', msg.get_param('protocol'),
               'application/pgp-signature')
            if not re.match(r'^pgp-sha(256|384|512)$',
                            msg.get_param('micalg') or ''):
                fail('micalg %r' % msg.get_param('micalg'))
            parts = msg.get_payload()
            eq('signed parts', len(parts), 2)
            eq('signature type', parts[1].get_content_type(),
               'application/pgp-signature')
            top = parts[0]
            if len(sys.argv) == 4:
                p1, _ = signed_parts(raw, msg.get_boundary())
                with open(os.path.join(sys.argv[3], 'signed.bin'),
                          'wb') as f:
                    f.write(p1)
                with open(os.path.join(sys.argv[3], 'sig.asc'), 'wb') as f:
                    f.write(parts[1].get_payload(decode=True))
        atts = exp['attachments']
        if atts:
            eq('type', top.get_content_type(), 'multipart/mixed')
            parts = top.get_payload()
        else:
            parts = [top]
        eq('parts', len(parts), 1 + len(atts))
        text = parts[0]
        eq('text type', text.get_content_type(), 'text/plain')
        eq('text charset', text.get_content_charset(), 'utf-8')
        want = exp['body'].replace('\r\n', '\n').replace('\r', '\n')
        if not want.endswith('\n'):
            want += '\n'
        eq('body', text.get_content().replace('\r\n', '\n'), want)
        cte = str(text['content-transfer-encoding'])
        ascii_short = all(ord(c) < 128 for c in want) and \
            all(len(l) <= 76 for l in want.split('\n'))
        eq('body encoding', cte, '7bit' if ascii_short else
           'quoted-printable')
        for i, a in enumerate(atts):
            p = parts[i + 1]
            eq('attachment %d name' % i, p.get_filename(), a['filename'])
            eq('attachment %d disposition' % i, p.get_content_disposition(),
               'attachment')
            ct = a['content_type'].split(';')[0].strip()
            eq('attachment %d type' % i, p.get_content_type(), ct)
            if a.get('description') is not None:
                eq('attachment %d description' % i,
                   str(p['content-description']), a['description'])
            with open(os.path.join(base, a['file']), 'rb') as f:
                want_bytes = f.read()
            got = p.get_payload(decode=True)
            eq('attachment %d sha256' % i, hashlib.sha256(got).hexdigest(),
               hashlib.sha256(want_bytes).hexdigest())
    except email.errors.MessageError as e:
        fail('strict parse: %s: %s' % (type(e).__name__, e))
    sys.exit(0)


if __name__ == '__main__':
    main()
