#!/usr/bin/env python3
# mrtgen.py - small MRT files (RFC 6396) written for the BGP tests, so a
# test states the very paths it expects depeer to count.
#
#   mrtgen.py rib OUT TIME < SPEC
#       TABLE_DUMP_V2: a PEER_INDEX_TABLE of the peers named, then one
#       RIB_IPV4_UNICAST record per prefix (its entries in SPEC order),
#       every record stamped TIME (Unix seconds).  SPEC lines:
#           PEER_AS PEER_IP PREFIX AS...
#       an AS written "{A,B}" is an AS_SET segment.
#   mrtgen.py updates OUT < SPEC
#       BGP4MP_MESSAGE_AS4 UPDATEs, one per line:
#           TIME A PEER_AS PEER_IP PREFIX AS...     an announcement
#           TIME W PEER_AS PEER_IP PREFIX           a withdrawal
#   mrtgen.py cut OUT N < IN      the first N bytes of IN (a truncated file)
#
# '#' lines and blank lines are skipped.  Standard library only.
import ipaddress
import struct
import sys


def mrt(time, typ, sub, body):
    return struct.pack(">IHHI", time, typ, sub, len(body)) + body


def attr(flags, typ, value):
    if len(value) > 255:
        return struct.pack(">BBH", flags | 0x10, typ, len(value)) + value
    return struct.pack(">BBB", flags, typ, len(value)) + value


def as_path(tokens):
    segs = b""
    seq = []

    def flush():
        nonlocal segs, seq
        if seq:
            segs += struct.pack(">BB", 2, len(seq))
            segs += b"".join(struct.pack(">I", a) for a in seq)
            seq = []

    for t in tokens:
        if t.startswith("{"):
            flush()
            members = [int(x) for x in t.strip("{}").split(",")]
            segs += struct.pack(">BB", 1, len(members))
            segs += b"".join(struct.pack(">I", a) for a in members)
        else:
            seq.append(int(t))
    flush()
    return segs


def attrs(tokens, nexthop):
    return (attr(0x40, 1, b"\x00") + attr(0x40, 2, as_path(tokens)) +
            attr(0x40, 3, ipaddress.IPv4Address(nexthop).packed))


def prefix_bytes(net):
    n = ipaddress.ip_network(net)
    nbytes = (n.prefixlen + 7) // 8
    return bytes([n.prefixlen]) + n.network_address.packed[:nbytes]


def lines():
    for line in sys.stdin:
        line = line.split("#", 1)[0].strip()
        if line:
            yield line.split()


def rib(out, time):
    entries = [(int(f[0]), f[1], f[2], f[3:]) for f in lines()]
    peers = []
    for pas, pip, _, _ in entries:
        if (pas, pip) not in peers:
            peers.append((pas, pip))
    body = struct.pack(">IH", 0x0a000001, 0) + struct.pack(">H", len(peers))
    for pas, pip in peers:
        # type 0x02: IPv4 address, 4-byte AS
        body += struct.pack(">BI", 0x02, 0x0a000000 + len(body))
        body += ipaddress.IPv4Address(pip).packed + struct.pack(">I", pas)
    data = mrt(time, 13, 1, body)
    prefixes = []
    for e in entries:
        if e[2] not in prefixes:
            prefixes.append(e[2])
    for seq, p in enumerate(prefixes):
        mine = [e for e in entries if e[2] == p]
        body = struct.pack(">I", seq) + prefix_bytes(p)
        body += struct.pack(">H", len(mine))
        for pas, pip, _, path in mine:
            a = attrs(path, pip)
            body += struct.pack(">HIH", peers.index((pas, pip)), time,
                                len(a)) + a
        data += mrt(time, 13, 2, body)
    with open(out, "wb") as f:
        f.write(data)


def updates(out):
    data = b""
    for f in lines():
        time, kind, pas, pip, pfx = int(f[0]), f[1], int(f[2]), f[3], f[4]
        if kind == "A":
            a = attrs(f[5:], pip)
            upd = struct.pack(">H", 0) + struct.pack(">H", len(a)) + a
            upd += prefix_bytes(pfx)
        else:
            w = prefix_bytes(pfx)
            upd = struct.pack(">H", len(w)) + w + struct.pack(">H", 0)
        msg = b"\xff" * 16 + struct.pack(">HB", 19 + len(upd), 2) + upd
        body = struct.pack(">IIHH", pas, 64999, 0, 1)
        body += ipaddress.IPv4Address(pip).packed
        body += ipaddress.IPv4Address("192.0.2.254").packed + msg
        data += mrt(time, 16, 4, body)
    with open(out, "wb") as fo:
        fo.write(data)


def main():
    if sys.argv[1] == "rib":
        rib(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "updates":
        updates(sys.argv[2])
    elif sys.argv[1] == "cut":
        data = sys.stdin.buffer.read()
        with open(sys.argv[2], "wb") as f:
            f.write(data[:int(sys.argv[3])])
    else:
        sys.exit("mrtgen.py: rib, updates or cut")


main()
