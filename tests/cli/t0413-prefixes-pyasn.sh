#!/bin/sh
# depeer prefixes lookup agrees with an independent implementation,
# Debian's python3-pyasn, over the same table: 1,000,000 uniformly random
# IPv4 addresses (fixed seed) on each of the RouteViews tables of 2008
# and 2014 in ../shared/routing, and 1,000,000 IPv6 addresses on a
# generated IPv6 table of nested allocations (/12 to /128); every address
# must get the same prefix and origin.  pyasn is imported from Debian's
# interpreter ($DEBIAN_PYTHON); without it, or without the tables, the
# test says so and is skipped.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

R=$TOP/../shared/routing
PY=${DEBIAN_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import pyasn' 2>/dev/null; then
	echo "# $TEST_NAME: skipped: Debian's python3-pyasn is not" \
	    "importable from $PY (make deps)"
	exit 0
fi
N=${PYASN_ADDRS:-1000000}

# compare TABLE FILE SEED FAMILY: N addresses of FAMILY (4 or 6) drawn
# with SEED, looked up by pyasn in FILE and by depeer in TABLE
compare() {
	"$PY" - "$2" "$3" "$4" "$N" "$T/addrs" "$T/pyasn.out" <<'EOF' ||
import sys, random, ipaddress, pyasn
path, seed, fam, n, addrs, out = sys.argv[1:7]
seed, n = int(seed), int(n)
db = pyasn.pyasn(path)
rnd = random.Random(seed)
pfx = []
if fam == "6":
    import gzip
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        pfx = [ipaddress.ip_network(l.split("\t")[0]) for l in f
               if l.strip() and not l.startswith(";")]
with open(addrs, "w") as fa, open(out, "w") as fo:
    for i in range(n):
        if fam == "4":
            a = ipaddress.IPv4Address(rnd.getrandbits(32))
        elif i % 4 == 3:
            # anywhere in 2000::/3
            a = ipaddress.IPv6Address((1 << 125) | rnd.getrandbits(125))
        else:
            # inside (or at an edge of) a random prefix of the table
            p = pfx[rnd.randrange(len(pfx))]
            host = 128 - p.prefixlen
            r = rnd.choice((0, (1 << host) - 1)) if i % 8 == 0 \
                else rnd.getrandbits(host) if host else 0
            a = ipaddress.IPv6Address(int(p.network_address) | r)
        s = a.compressed
        fa.write(s + "\n")
        asn, prefix = db.lookup(s)
        fo.write("%s\t%s\t%s\n" % (s, prefix if prefix else "-",
                 asn if asn is not None else "-"))
EOF
	fail "pyasn failed on $2"
	expect_code 0 dp prefixes lookup "$1" - <"$T/addrs"
	CHECKS=$((CHECKS + 1))
	if ! cmp -s "$T/out" "$T/pyasn.out"; then
		fail "$1: $(diff "$T/pyasn.out" "$T/out" | grep -c '^<') of $N" \
		    "addresses differ from pyasn's answers"
		diff "$T/pyasn.out" "$T/out" | head -n 6 | sed 's/^/    | /' >&2
	fi
	matched=$(grep -vc '	-	-$' "$T/out")
	echo "# $TEST_NAME: $1: $N addresses, $matched matched, all as pyasn"
	[ "$matched" -gt $((N / 4)) ] || fail "$1: too few addresses matched"
}

step "the 2008 and 2014 RouteViews tables, IPv4"
for f in ipasn_20080501_v12.dat.gz ipasn_20140513.dat.gz; do
	if [ ! -f "$R/$f" ]; then
		echo "# $TEST_NAME: $R/$f is missing; skipped"
		continue
	fi
	expect_code 0 dp prefixes import "$R/$f" --name "t${f#ipasn_}"
	compare "t${f#ipasn_}" "$R/$f" 20081111 4
done

step "a generated IPv6 table"
"$PY" - "$T/ipasn6_20240501.dat" <<'EOF' || fail "cannot generate the IPv6 table"
import sys, random, ipaddress
rnd = random.Random(6)
seen = {}
def add(net, asn):
    seen.setdefault(net, asn)
# RIR blocks, allocations in them, announcements nested in those, down
# to /64, /127 and /128; some adjacent, some covering each other
for top in ("2001::/16", "2400::/12", "2600::/12", "2a00::/12", "2c00::/12"):
    t = ipaddress.ip_network(top)
    add(t, rnd.randint(1, 400000))
    for _ in range(1500):
        plen = rnd.choice((19, 20, 22, 24, 28, 29, 32, 32, 32, 40, 44, 48))
        a = int(t.network_address) | (rnd.getrandbits(128 - t.prefixlen) &
            ~((1 << (128 - plen)) - 1) & ((1 << (128 - t.prefixlen)) - 1))
        n = ipaddress.ip_network((a, plen))
        asn = rnd.randint(1, 4200000000)
        add(n, asn)
        for _ in range(rnd.choice((0, 0, 1, 3))):
            sub = rnd.choice((48, 56, 64, 96, 127, 128))
            if sub <= plen:
                continue
            b = int(n.network_address) | (rnd.getrandbits(128 - plen) &
                ~((1 << (128 - sub)) - 1))
            add(ipaddress.ip_network((b, sub)), rnd.randint(1, 65535))
# (no ::/0: pyasn cannot load a /0; tests/unit/check_ptab.c checks /0
# against a brute-force scan)
with open(sys.argv[1], "w") as f:
    f.write("; IP-ASN32-DAT file (generated)\n")
    for n, asn in seen.items():
        f.write("%s\t%d\n" % (n.compressed, asn))
EOF
expect_code 0 dp prefixes import "$T/ipasn6_20240501.dat" --json
json_check 'assert d["prefixes6"] > 7000, d["prefixes6"]; eq(d["prefixes4"], 0)'
compare ipasn6_20240501 "$T/ipasn6_20240501.dat" 6 6

finish
