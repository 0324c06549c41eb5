#!/bin/sh
# lpm.sh - "make bench": longest-prefix match on the prefix tables' lookup
# files (src/ptab.h) beside Debian's python3-pyasn in the same run:
#   - IPv4: the 2014 RouteViews table (512,621 prefixes, from
#     ../shared/routing), 10,000,000 uniformly random addresses, one core:
#     lookups/s one by one and with the batch call; target >= 120 M/s
#     (batch); pyasn timed on 1,000,000 of them (it is slow);
#   - IPv6: a generated table of nested allocations (IPV6_PREFIXES,
#     default 50,000; /12 to /128), 10,000,000 addresses inside its
#     prefixes; target >= 40 M/s (batch); pyasn on 1,000,000;
#   - building the 2014 table's file (target: a second or two) and
#     opening a synthetic 1,000,000-prefix file (target < 10 ms, the
#     median of 21 opens, the file in the page cache);
# each the median of RUNS (bench/lib.sh), with the rate from the CPU time
# beside the wall clock's (a busy machine disturbs it far less).  Driver:
# bench/lpm-driver.c.
#
#   DEPEER=path/to/depeer DRIVER=path/to/lpm-driver N=10000000 \
#   PYASN_N=1000000 RUNS=3 sh bench/lpm.sh
set -eu
: "${DEPEER:=./depeer}"
: "${DRIVER:=$(dirname "$DEPEER")/lpm-driver}"
: "${N:=10000000}"
: "${PYASN_N:=1000000}"
: "${IPV6_PREFIXES:=50000}"
. "$(dirname "$0")/lib.sh"
bench_tmpdir
dir=$BENCH_DIR
PY=${DEBIAN_PYTHON:-/usr/bin/python3}
R=$(cd "$(dirname "$0")/.." && pwd)/../shared/routing
T14=$R/ipasn_20140513.dat.gz
if [ ! -f "$T14" ]; then
	echo "lpm: $T14 is missing (the routing fixtures beside the tree);" \
	    "benchmark skipped"
	exit 0
fi
have_pyasn=yes
"$PY" -c 'import pyasn' 2>/dev/null || have_pyasn=no

# "name value" lines of the driver's output: the value of name
val() {
	awk -v k="$1" '$1 == k { print $2 }' "$2"
}
# the median of a list of numbers on standard input
med() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	    else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

zcat "$T14" >"$dir/t14.dat"
"$PY" - "$dir/t6.dat" "$IPV6_PREFIXES" <<'EOF'
import sys, random, ipaddress
rnd = random.Random(6)
out, want = sys.argv[1], int(sys.argv[2])
seen = {}
tops = [ipaddress.ip_network(t) for t in ("2001::/16", "2400::/12",
        "2600::/12", "2800::/12", "2a00::/12", "2c00::/12")]
while len(seen) < want:
    t = rnd.choice(tops)
    plen = rnd.choice((19, 20, 22, 24, 28, 29, 32, 32, 32, 36, 40, 44, 48, 48))
    a = int(t.network_address) | (rnd.getrandbits(128 - t.prefixlen) &
        ~((1 << (128 - plen)) - 1) & ((1 << (128 - t.prefixlen)) - 1))
    seen.setdefault(ipaddress.ip_network((a, plen)), rnd.randint(1, 400000))
    if rnd.random() < 0.2:
        sub = rnd.choice((48, 56, 64, 128))
        if sub > plen:
            b = a | (rnd.getrandbits(128 - plen) & ~((1 << (128 - sub)) - 1))
            seen.setdefault(ipaddress.ip_network((b, sub)), rnd.randint(1, 65535))
with open(out, "w") as f:
    for n, asn in seen.items():
        f.write("%s\t%d\n" % (n.compressed, asn))
EOF

printf 'longest-prefix match (one core; %s addresses a run, %s runs)\n' \
    "$N" "$RUNS"
build4=""
build6=""
b4=""
s4=""
b6=""
s6=""
c4=""
c6=""
i=1
while [ "$i" -le "$RUNS" ]; do
	"$DRIVER" build "$dir/t14.ptab" <"$dir/t14.dat" >"$dir/b4.out"
	build4="$build4 $(val build_s "$dir/b4.out")"
	"$DRIVER" build "$dir/t6.ptab" <"$dir/t6.dat" >"$dir/b6.out"
	build6="$build6 $(val build_s "$dir/b6.out")"
	"$DRIVER" look4 "$dir/t14.ptab" "$N" "$i" >"$dir/l4.out"
	b4="$b4 $(val batch_mps "$dir/l4.out")"
	c4="$c4 $(val batch_cpu_mps "$dir/l4.out")"
	s4="$s4 $(val single_mps "$dir/l4.out")"
	"$DRIVER" look6 "$dir/t6.ptab" "$N" "$i" >"$dir/l6.out"
	b6="$b6 $(val batch6_mps "$dir/l6.out")"
	c6="$c6 $(val batch6_cpu_mps "$dir/l6.out")"
	s6="$s6 $(val single6_mps "$dir/l6.out")"
	i=$((i + 1))
done
m=$(echo $b4 | tr ' ' '\n' | med)
printf '  IPv4, 2014 table (%s prefixes; %s%% of random addresses matched)\n' \
    "$(val prefixes "$dir/b4.out")" "$(awk -v m="$(val matched "$dir/l4.out")" \
    -v n="$N" 'BEGIN { printf "%.1f", 100 * m / n }')"
printf '    %-32s %8s M/s   (runs: %s)\n' "depeer ptab, one by one" \
    "$(echo $s4 | tr ' ' '\n' | med)" "$s4"
printf '    %-32s %8s M/s   target >= 120: %s   (runs: %s)\n' \
    "depeer ptab, batch" "$m" "$(verdict "$m" '>=' 120)" "$b4"
printf '    %-32s %8s M/s   (runs: %s)\n' "depeer ptab, batch, CPU time" \
    "$(echo $c4 | tr ' ' '\n' | med)" "$c4"
m6=$(echo $b6 | tr ' ' '\n' | med)
printf '  IPv6, generated table (%s prefixes; addresses inside them)\n' \
    "$(val prefixes "$dir/b6.out")"
printf '    %-32s %8s M/s   (runs: %s)\n' "depeer ptab, one by one" \
    "$(echo $s6 | tr ' ' '\n' | med)" "$s6"
printf '    %-32s %8s M/s   target >= 40: %s   (runs: %s)\n' \
    "depeer ptab, batch" "$m6" "$(verdict "$m6" '>=' 40)" "$b6"
printf '    %-32s %8s M/s   (runs: %s)\n' "depeer ptab, batch, CPU time" \
    "$(echo $c6 | tr ' ' '\n' | med)" "$c6"

if [ "$have_pyasn" = yes ]; then
	"$DRIVER" addrs4 "$PYASN_N" 1 >"$dir/a4"
	awk 'NR % 4 != 0' "$dir/t6.dat" | head -n 1 >/dev/null
	"$PY" - "$dir/t14.dat" "$dir/a4" "$dir/t6.dat" "$PYASN_N" <<'EOF'
import sys, time, random, ipaddress, pyasn
t14, a4, t6, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
t0 = time.perf_counter()
db = pyasn.pyasn(t14)
t1 = time.perf_counter()
addrs = [l.strip() for l in open(a4)]
t2 = time.perf_counter()
for a in addrs:
    db.lookup(a)
t3 = time.perf_counter()
print("    %-32s %8.2f M/s   (%d lookups in %.2f s; table loaded in %.2f s)"
      % ("pyasn (Debian), IPv4", n / (t3 - t2) / 1e6, n, t3 - t2, t1 - t0))
db6 = pyasn.pyasn(t6)
pfx = [ipaddress.ip_network(l.split("\t")[0]) for l in open(t6)]
rnd = random.Random(1)
a6 = []
for i in range(n):
    p = pfx[rnd.randrange(len(pfx))]
    h = 128 - p.prefixlen
    a6.append(str(ipaddress.IPv6Address(int(p.network_address) |
              (rnd.getrandbits(h) if h else 0))))
t4 = time.perf_counter()
for a in a6:
    db6.lookup(a)
t5 = time.perf_counter()
print("    %-32s %8.2f M/s   (%d lookups in %.2f s)"
      % ("pyasn (Debian), IPv6", n / (t5 - t4) / 1e6, n, t5 - t4))
EOF
else
	echo "    pyasn: not importable from $PY (make deps); not compared"
fi

bm=$(echo $build4 | tr ' ' '\n' | med)
printf '  building the 2014 table'"'"'s lookup file: %s s (target <= 2: %s; runs:%s)\n' \
    "$bm" "$(verdict "$bm" '<' 2.001)" "$build4"
printf '  building the IPv6 table'"'"'s lookup file: %s s (runs:%s)\n' \
    "$(echo $build6 | tr ' ' '\n' | med)" "$build6"
"$DRIVER" synth 1000000 "$dir/s1m.ptab" >"$dir/s.out"
op=""
oc=""
i=1
while [ "$i" -le "$RUNS" ]; do
	"$DRIVER" open "$dir/s1m.ptab" >"$dir/o.out"
	op="$op $(val open_ms "$dir/o.out")"
	oc="$oc $(val open_cpu_ms "$dir/o.out")"
	i=$((i + 1))
done
om=$(echo $op | tr ' ' '\n' | med)
printf '  opening a 1,000,000-prefix lookup file (%s bytes): %s ms (target < 10: %s; runs:%s)\n' \
    "$(wc -c <"$dir/s1m.ptab" | tr -d ' ')" "$om" "$(verdict "$om" '<' 10)" "$op"
printf '  the same, CPU time: %s ms (runs:%s)\n' \
    "$(echo $oc | tr ' ' '\n' | med)" "$oc"
