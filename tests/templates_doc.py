#!/usr/bin/env python3
#
# templates_doc.py - the THE TEMPLATES section of man/depeer-templates.5
# from drafted messages, so that the page shows what the templates write.
#
# Usage: python3 tests/templates_doc.py TEMPLATES_DIR NAME=FILE.eml...
#
# Prints the mdoc text of the section (without its .Sh line): for each
# NAME, its audience, summary and deadline from the template's metadata
# block, the attachments, and a literal block with To, Subject and the
# body as a mail reader decodes it; after the first message, the body is
# cut at its "-- details" separator.  tests/cli/t0214 compares the result
# with the page; run that test with DEPEER_UPDATE_DOC=1 to rewrite it.

import email
import email.policy
import sys
import textwrap


def meta(path):
    text = open(path, encoding='utf-8').read()
    block = text[:text.index('\n}}\n')]
    out = {}
    for line in block.splitlines()[1:]:
        k, v = line.split(':', 1)
        out[k.strip()] = v.strip()
    return out


def esc(line):
    line = line.replace('\\', '\\e')
    if line.startswith('.') or line.startswith("'"):
        line = '\\&' + line
    return line


def main():
    tdir = sys.argv[1]
    out = ['Each template below is shown as drafted from the bundled McColo '
           'example evidence',
           '.Pq Pa db/examples/',
           'and the registry answers of the test network, with',
           '.Ev DEPEER_NOW',
           'set to the dates of 2008 shown: the headers that matter, then '
           'the body.',
           'The complaint to the hosting provider was drafted first, and',
           'marked as sent, so that the follow-up and the escalation have',
           'a notice to cite.']
    for i, arg in enumerate(sys.argv[2:]):
        name, path = arg.split('=', 1)
        m = email.message_from_bytes(open(path, 'rb').read(),
                                     policy=email.policy.strict)
        body = m.get_body(('plain',)).get_content().replace('\r\n', '\n')
        if i > 0 and '\n-- details' in body:
            body = body[:body.index('\n-- details')].rstrip('\n') + \
                '\n\n-- details --- (counts, records, notices: cut here)\n'
        d = meta('%s/%s.mustache' % (tdir, name))
        out.append('.Ss %s' % name)
        # mdoc: each sentence on a line of its own
        sentences = ['To %s; %s.' % (d['audience'], d['summary'])]
        if 'due-days' in d:
            sentences.append('The deadline is %s days after the draft.' %
                             d['due-days'])
        else:
            sentences.append('It sets no deadline.')
        sentences.append('Attached: ' + ', '.join(
            p.get_filename() for p in m.iter_attachments()) + '.')
        for sentence in sentences:
            out.extend(textwrap.wrap(sentence, 72, break_on_hyphens=False))
        out.append('.Bd -literal -offset 2n')
        out.append(esc('To: ' + m['to']))
        out.append(esc('Subject: ' + m['subject']))
        out.append('')
        out.extend(esc(line) for line in body.rstrip('\n').split('\n'))
        out.append('.Ed')
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
