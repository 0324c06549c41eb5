#!/usr/bin/env python3
#
# layers.py - check the layering rules of STYLE.md against the built tree.
#
# Usage (from the top of the tree, after the build; "make check" runs it):
#
#     python3 tests/layers.py BUILD_DIR [ALLOW_FILE]
#
# It reads the "#include "..."" lines of src/*.c and src/*.h, and the
# symbols of BUILD_DIR/<name>.o for every src/<name>.c (nm), and finds:
#
#   include-cycle: F...  src files that include each other in a ring
#   cycle: F...          source files that use each other in a ring: the
#                        strongly connected components of the graph
#                        "A.c uses a symbol defined in B.c"
#   sqlite: F            a file other than src/db*.c calls sqlite3_*()
#   store: F             a protocol or parser module (whois*, rdap*,
#                        cymru*, ripestat*, rpsl*, net*, mail*,
#                        inbox_parse, mrt*, zread, ptab*) calls the
#                        store
#                        (a db_* or audit_* function of ours)
#   stdout: F            a file outside the command layer (cmd*.c,
#                        depeer.c) writes to standard output: it refers
#                        to stdout, printf, puts, putchar or vprintf
#   exit: F              a file outside the command layer calls exit(),
#                        _exit(), _Exit() or quick_exit()
#
# F is a file name (whois.c); a ring lists its members sorted, so that the
# line stays the same whatever else changes in the tree.
#
# Two uses in util.c are the rules, not exceptions to them, and are
# accepted here rather than listed: util.c's die() calls exit() (STYLE.md:
# die() is the path for out-of-memory and "cannot happen", and exits 70),
# and util.c's message functions flush stdout before writing to stderr so
# that the two streams stay in order; neither writes to stdout.
#
# ALLOW_FILE (tests/layers.allow) lists violations that are known and
# being removed, one finding a line, in the form printed above; "#" starts
# a comment.  The check fails on a finding that is not listed, and on a
# listed line that is no longer found, so the list can only shrink.  Exit
# status: 0 clean, 1 a finding or a stale line, 2 cannot run.

import os
import re
import subprocess
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
PROTOCOL_RE = re.compile(r'^(whois|rdap|cymru|ripestat|rpsl|net|mail|inbox_parse|mrt|zread|ptab)')
COMMAND_RE = re.compile(r'^(cmd.*|depeer)\.c$')
STORE_RE = re.compile(r'^(db|audit)_')
STDOUT_SYMS = {'stdout', 'printf', 'puts', 'putchar', 'putchar_unlocked',
               'vprintf', '__printf_chk', '__vprintf_chk'}
EXIT_SYMS = {'exit', '_exit', '_Exit', 'quick_exit'}
# Per file: (kind, symbols) accepted by rule; see the header comment.
BUILTIN = {('util.c', 'exit'): {'exit'},
           ('util.c', 'stdout'): {'stdout'}}


def fail(msg):
    print('layers: ' + msg, file=sys.stderr)
    sys.exit(2)


def rings(graph):
    """The strongly connected components of graph (node -> set of nodes)
    that are rings: two or more nodes, or one node with an edge to itself.
    Each is returned as a sorted list; the list of them is sorted too.
    Found by reachability both ways, which is plenty for a few hundred
    files."""
    def reach(start, edges):
        seen, todo = set(), [start]
        while todo:
            n = todo.pop()
            for m in edges.get(n, ()):
                if m not in seen:
                    seen.add(m)
                    todo.append(m)
        return seen

    back = {}
    for a, bs in graph.items():
        for b in bs:
            back.setdefault(b, set()).add(a)
    done, out = set(), []
    for n in sorted(graph):
        if n in done:
            continue
        comp = (reach(n, graph) & reach(n, back)) | {n}
        done |= comp
        if len(comp) > 1 or n in graph.get(n, ()):
            out.append(sorted(comp))
    return sorted(out)


def read_symbols(path):
    """(defined, undefined) global symbol names of object file path."""
    try:
        res = subprocess.run(['nm', '-P', path], capture_output=True,
                             text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        fail('cannot read the symbols of %s: %s' % (path, e))
    defined, undefined = set(), set()
    for line in res.stdout.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind in ('U', 'w', 'v'):
            undefined.add(name)
        elif kind.isupper():
            defined.add(name)
    return defined, undefined


def include_graph():
    names = sorted(f for f in os.listdir('src') if f.endswith(('.c', '.h')))
    graph = {}
    for f in names:
        graph[f] = set()
        with open(os.path.join('src', f), encoding='utf-8',
                  errors='replace') as fp:
            for line in fp:
                m = INCLUDE_RE.match(line)
                if m and m.group(1) in names:
                    graph[f].add(m.group(1))
    return graph


def findings(build):
    """A dict: finding line -> list of detail lines explaining it."""
    out = {}
    inc = include_graph()
    for ring in rings(inc):
        out['include-cycle: ' + ' '.join(ring)] = [
            '%s includes %s' % (a, b)
            for a in ring for b in sorted(inc[a] & set(ring))]

    files = sorted(f for f in os.listdir('src') if f.endswith('.c'))
    owner, uses = {}, {}
    for f in files:
        obj = os.path.join(build, f[:-2] + '.o')
        if not os.path.exists(obj):
            fail('%s is missing; build first ("make")' % obj)
        defined, undefined = read_symbols(obj)
        uses[f] = undefined
        for s in defined:
            owner[s] = f
    graph = {f: {owner[s] for s in uses[f] if s in owner} - {f}
             for f in files}
    for ring in rings(graph):
        detail = []
        for a in ring:
            for b in sorted(graph[a] & set(ring)):
                syms = sorted(s for s in uses[a] if owner.get(s) == b)
                more = ' ...' if len(syms) > 4 else ''
                detail.append('%s -> %s: %s%s' % (a, b,
                              ', '.join(syms[:4]), more))
        out['cycle: ' + ' '.join(ring)] = detail

    def note(kind, f, syms):
        syms = set(syms) - BUILTIN.get((f, kind), set())
        if syms:
            out['%s: %s' % (kind, f)] = ['%s uses %s' % (f,
                                         ', '.join(sorted(syms)))]

    for f in files:
        if not f.startswith('db'):
            note('sqlite', f, (s for s in uses[f]
                               if s.startswith('sqlite3_')))
        if PROTOCOL_RE.match(f):
            note('store', f, (s for s in uses[f]
                              if STORE_RE.match(s) and s in owner))
        if not COMMAND_RE.match(f):
            note('stdout', f, uses[f] & STDOUT_SYMS)
            note('exit', f, uses[f] & EXIT_SYMS)
    return out


def read_allow(path):
    """A dict: allowed line -> its line number in path."""
    allow = {}
    if path is None:
        return allow
    try:
        with open(path, encoding='utf-8') as fp:
            for n, line in enumerate(fp, 1):
                line = line.split('#', 1)[0].strip()
                if line:
                    # Members of a ring may be listed in any order.
                    kind, _, rest = line.partition(':')
                    if kind in ('cycle', 'include-cycle'):
                        line = '%s: %s' % (kind,
                                           ' '.join(sorted(rest.split())))
                    else:
                        line = '%s: %s' % (kind, rest.strip())
                    allow[line] = n
    except OSError as e:
        fail('cannot read %s: %s' % (path, e.strerror))
    return allow


def main(argv):
    if len(argv) not in (2, 3):
        print('usage: layers.py BUILD_DIR [ALLOW_FILE]', file=sys.stderr)
        return 2
    build = argv[1]
    allow_path = argv[2] if len(argv) == 3 else None
    found = findings(build)
    allow = read_allow(allow_path)
    status = 0
    new = 0
    for line in sorted(found):
        if line in allow:
            continue
        status = new = 1
        print('layers: new layering violation: %s' % line)
        for d in found[line]:
            print('    ' + d)
    for line, n in sorted(allow.items(), key=lambda kv: kv[1]):
        if line in found:
            continue
        status = 1
        print('layers: %s:%d: "%s" no longer occurs; delete the line'
              % (allow_path, n, line))
    if new:
        print('layers: the rules are in the header of tests/layers.py; '
              'the allow list holds only the violations being removed, '
              'so fix a new one rather than list it')
    if status == 0:
        print('layers: ok (%d known violations listed in %s)'
              % (len(allow), allow_path or 'no file'))
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
