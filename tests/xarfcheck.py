#!/usr/bin/env python3
#
# xarfcheck.py - validate XARF v4 reports against the schemas in
# tests/xarf-v4 with python3-jsonschema (Draft 2020-12), every schema file
# registered by its $id so that nothing is fetched, formats checked
# (uuid, email, hostname, uri, date-time where the module can).
#
# Usage:  python3 tests/xarfcheck.py [--schema-only] SCHEMADIR FILE.json...
#
# SCHEMADIR is tests/xarf-v4 (its schemas/v4 holds the master schema and
# types/).  Each FILE holds one report.  Besides the schema, a depeer
# report's evidence items must carry "sha256:<hex>" of their decoded
# payload (--schema-only leaves that out, for the spec's own samples,
# whose hashes are placeholders).  Prints "ok FILE" per report; exits 1
# after naming each invalid one with its first errors, 2 when it cannot
# run.

import base64
import hashlib
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write('xarfcheck: python3-jsonschema is needed (make deps)\n')
    sys.exit(2)

MASTER = 'https://xarf.org/schemas/v4/xarf-v4-master.json'


def load_schemas(root):
    out = {}
    for dirpath, _, files in os.walk(os.path.join(root, 'schemas')):
        for name in sorted(files):
            if name.endswith('.json'):
                with open(os.path.join(dirpath, name), encoding='utf-8') as f:
                    s = json.load(f)
                out[s['$id']] = s
    if MASTER not in out:
        sys.stderr.write('xarfcheck: no master schema under %s\n' % root)
        sys.exit(2)
    return out


def validator(schemas):
    cls = jsonschema.Draft202012Validator
    fc = cls.FORMAT_CHECKER
    try:
        # jsonschema >= 4.18: a registry of the resources, no retrieval.
        from referencing import Registry, Resource
        reg = Registry().with_resources(
            (uri, Resource.from_contents(s)) for uri, s in schemas.items())
        return cls(schemas[MASTER], registry=reg, format_checker=fc)
    except ImportError:
        # Debian 12's 4.10: a resolver whose store holds every schema.
        res = jsonschema.RefResolver(MASTER, schemas[MASTER], store=schemas)
        return cls(schemas[MASTER], resolver=res, format_checker=fc)


def check_hashes(report):
    errs = []
    for i, ev in enumerate(report.get('evidence', [])):
        h = ev.get('hash', '')
        if not h.startswith('sha256:'):
            errs.append('evidence %d: hash %r is not sha256:' % (i, h))
            continue
        data = base64.b64decode(ev['payload'], validate=True)
        if hashlib.sha256(data).hexdigest() != h[7:].lower():
            errs.append('evidence %d: the hash is not that of the '
                        'payload' % i)
        if 'size' in ev and ev['size'] != len(data):
            errs.append('evidence %d: size %d, payload %d bytes'
                        % (i, ev['size'], len(data)))
    return errs


def main():
    args = sys.argv[1:]
    schema_only = args[:1] == ['--schema-only']
    if schema_only:
        args = args[1:]
    if len(args) < 2:
        sys.stderr.write('usage: xarfcheck.py [--schema-only] SCHEMADIR '
                         'FILE.json...\n')
        sys.exit(2)
    v = validator(load_schemas(args[0]))
    bad = 0
    for path in args[1:]:
        with open(path, encoding='utf-8') as f:
            report = json.load(f)
        errs = ['%s: %s' % ('/'.join(str(p) for p in e.absolute_path) or
                            '(top)', e.message)
                for e in sorted(v.iter_errors(report), key=str)]
        if not schema_only:
            errs += check_hashes(report)
        if errs:
            bad += 1
            sys.stderr.write('xarfcheck: %s: invalid\n' % path)
            for e in errs[:5]:
                sys.stderr.write('    %s\n' % e)
        else:
            print('ok %s' % path)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
