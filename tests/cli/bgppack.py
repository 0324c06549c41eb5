#!/usr/bin/env python3
# bgppack.py DB PART [IMPORT_ID] - the packed links or triplets of the BGP
# imports in the case database DB (table bgp_packed; the format is in
# src/bgp_pack.h), read independently of depeer's C code: one record a
# line, "import a b paths vantage" for links and "import a b c paths"
# for triplets, sorted as stored.  Exits 1 on data that does not follow
# the format (the fault and its byte offset on stderr).
import sqlite3
import sys


def varints(data, off):
    while off < len(data):
        v, shift, start = 0, 0, off
        while True:
            if off >= len(data):
                raise ValueError('ends inside a number at byte %d' % start)
            b = data[off]
            off += 1
            v |= (b & 0x7f) << shift
            if not b & 0x80:
                break
            shift += 7
            if shift > 63:
                raise ValueError('number too long at byte %d' % start)
        if b == 0 and off - start > 1:
            raise ValueError('number not in its shortest form at byte %d'
                             % start)
        yield v, start


def unpack(data, records, nkey):
    if len(data) < 1 or data[0] != 1:
        raise ValueError('not version 1')
    it = varints(data, 1)
    out, prev = [], None
    for _ in range(records):
        vals = []
        d, _ = next(it)
        if prev is None:
            key = [d] + [next(it)[0] for _ in range(nkey - 1)]
        else:
            key = [prev[0] + d]
            k = 1
            while k < nkey and d == 0:
                d, _ = next(it)
                # the last key field must grow: stored minus one
                key.append(prev[k] + d + (1 if k == nkey - 1 else 0))
                k += 1
            key += [next(it)[0] for _ in range(nkey - k)]
        for v in key:
            if v > 0xffffffff:
                raise ValueError('AS number past 32 bits')
        vals = key + [next(it)[0] for _ in range(4 - nkey)]
        if prev is not None and key <= prev[:nkey]:
            raise ValueError('records out of order')
        out.append(vals)
        prev = vals
    if next(it, None) is not None:
        raise ValueError('bytes after the last record')
    return out


def main():
    db, part = sys.argv[1], sys.argv[2]
    nkey = {'links': 2, 'triplets': 3}[part]
    q = 'SELECT import_id, records, data FROM bgp_packed WHERE part = ?'
    args = [part]
    if len(sys.argv) > 3:
        q += ' AND import_id = ?'
        args.append(int(sys.argv[3]))
    con = sqlite3.connect(db)
    for imp, records, data in con.execute(q + ' ORDER BY import_id', args):
        try:
            rows = unpack(bytes(data), records, nkey)
        except (ValueError, StopIteration) as e:
            sys.exit('bgppack: import %d %s: %s' % (imp, part, e or 'short'))
        for r in rows:
            print(imp, *r)


main()
