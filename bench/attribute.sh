#!/bin/sh
# attribute.sh - "make bench": "depeer attribute" end to end over
# LINES (default 10,000,000) generated log lines ("UNIX_SECONDS
# ADDRESS", uniformly random IPv4 addresses, 300 lines a second; the
# generation is not timed) with the RouteViews table of 2014-05-13
# (../shared/routing/ipasn_20140513.dat.gz, 512,621 prefixes, imported
# with "prefixes import" and exported as a lookup file): lines/s and MB/s
# on one file with one thread, on the same lines as two files with
# --jobs 2, and on the one file with --jobs 2 (the threads cut it
# between them at line ends: a thread left without a file takes half of
# what another has yet to read).  Beside it, the Python pipeline a researcher would write on
# pyasn (Debian's python3-pyasn: read the lines, look each address up,
# count per hour and origin AS), timed on PY_LINES (default 1,000,000)
# of the same lines, its rate extrapolated to LINES.  Both count the
# same thing; the totals are checked equal on the lines both read.
# Targets (issue 14): at least 10 M lines/s on one core, about twice
# that with two files on two cores.  Each timed run is the median of
# RUNS (bench/lib.sh).
#
#   DEPEER=path/to/depeer LINES=10000000 PY_LINES=1000000 RUNS=3 \
#   sh bench/attribute.sh
set -eu
: "${DEPEER:=./depeer}"
: "${LINES:=10000000}"
: "${PY_LINES:=1000000}"
: "${ROUTING:=$(dirname "$0")/../../shared/routing}"
PY=${DEBIAN_PYTHON:-/usr/bin/python3}
. "$(dirname "$0")/lib.sh"
table=$ROUTING/ipasn_20140513.dat.gz
if [ ! -r "$table" ]; then
	echo "bench/attribute.sh: needs $table (the RouteViews table of" \
	    "2014-05-13 from ../shared/routing; see its MANIFEST.md)" >&2
	exit 66
fi
bench_tmpdir
dir=$BENCH_DIR
export DEPEER_CONFIG=$dir/config
: > "$DEPEER_CONFIG"
db=$dir/case.db

"$DEPEER" --db "$db" init >/dev/null
"$DEPEER" --db "$db" prefixes import "$table" --name rib.20140513 \
    --date 2014-05-13T06:00:00Z --format ipasn >/dev/null
"$DEPEER" --db "$db" prefixes export rib.20140513 -o "$dir/t.ptab" \
    >/dev/null

# The lines: awk's rand() is enough for uniform addresses.
gen() {
	awk -v n="$1" -v seed="$2" -v t0="$3" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++)
			printf "%d %d.%d.%d.%d\n", t0 + int(i / 300),
			    int(rand() * 256), int(rand() * 256),
			    int(rand() * 256), int(rand() * 256)
	}'
}
half=$((LINES / 2))
gen "$half" 1 1400000000 > "$dir/a.log"
gen "$((LINES - half))" 2 $((1400000000 + half / 300)) > "$dir/b.log"
cat "$dir/a.log" "$dir/b.log" > "$dir/all.log"
head -n "$PY_LINES" "$dir/all.log" > "$dir/py.log"
bytes=$(wc -c < "$dir/all.log")
zcat "$table" > "$dir/ipasn.dat"

one() {
	"$DEPEER" attribute --table-file "$dir/t.ptab" --jobs 1 \
	    "$dir/all.log" > "$dir/one.csv"
}
two() {
	"$DEPEER" attribute --table-file "$dir/t.ptab" --jobs 2 \
	    "$dir/a.log" "$dir/b.log" > "$dir/two.csv"
}
split() {
	"$DEPEER" attribute --table-file "$dir/t.ptab" --jobs 2 \
	    "$dir/all.log" > "$dir/split.csv"
}
depeer_py() {
	"$DEPEER" attribute --table-file "$dir/t.ptab" --jobs 1 \
	    "$dir/py.log" > "$dir/dpy.csv"
}
# The pipeline on pyasn: the same counts, keyed the same way (pyasn
# gives one origin a prefix; unmatched addresses have none).
cat > "$dir/count_pyasn.py" <<'PY'
import collections, sys, time
import pyasn
asndb = pyasn.pyasn(sys.argv[1])
counts = collections.Counter()
with open(sys.argv[2]) as f:
    for line in f:
        t, ip = line.split(None, 2)[:2]
        t = int(t)
        asn, prefix = asndb.lookup(ip)
        counts[(t - t % 3600, "AS%d" % asn if asn else "unmatched")] += 1
print("interval_start,key,count")
for (t, k), n in sorted(counts.items()):
    print("%s,%s,%d" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)),
                        k, n))
PY
pyasn_run() {
	"$PY" "$dir/count_pyasn.py" "$dir/ipasn.dat" "$dir/py.log" > "$dir/py.csv"
}

i=1
while [ "$i" -le "$RUNS" ]; do
	timed one one
	timed two two
	timed split split
	timed pyasn pyasn_run
	timed depeer_py depeer_py
	i=$((i + 1))
done

# The same counts from one thread and two, and the same totals as pyasn
# on the lines both read (pyasn keeps one origin of a multi-origin
# prefix, so only the totals per interval are compared).
cmp -s "$dir/one.csv" "$dir/two.csv" ||
    { echo "bench/attribute.sh: --jobs 2 counted differently" >&2; exit 1; }
cmp -s "$dir/one.csv" "$dir/split.csv" ||
    { echo "bench/attribute.sh: one file cut between two threads counted" \
    "differently" >&2; exit 1; }
tot() {
	awk -F, 'NR > 1 { s[$1] += $3 } END { for (k in s) print k, s[k] }' \
	    "$1" | sort
}
if [ "$(tot "$dir/dpy.csv")" != "$(tot "$dir/py.csv")" ]; then
	echo "bench/attribute.sh: pyasn's totals differ from depeer's" >&2
	exit 1
fi

# The CPU time of one more run of each (user + system, from time(1)):
# the rate per CPU second does not depend on what else the machine runs,
# the wall-clock medians above do.
cpu() {
	/usr/bin/time -f '%U %S' -o "$dir/cpu" "$@" > /dev/null
	awk '{ printf "%.3f", $1 + $2 }' "$dir/cpu"
}
c1=$(cpu "$DEPEER" attribute --table-file "$dir/t.ptab" --jobs 1 \
    "$dir/all.log")
cp=$(cpu "$PY" "$dir/count_pyasn.py" "$dir/ipasn.dat" "$dir/py.log")

rate() {	# lines seconds -> "12.3 M lines/s"
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? n / s / 1e6 : 0) }'
}
mbs() {
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s / 1e6 : 0) }'
}
t1=$(median one)
t2=$(median two)
ts=$(median split)
tp=$(median pyasn)
r1=$(rate "$LINES" "$t1")
r2=$(rate "$LINES" "$t2")
rs=$(rate "$LINES" "$ts")
rp=$(rate "$PY_LINES" "$tp")
echo "attribute: $LINES lines ($((bytes / 1000000)) MB), 2014 table;" \
    "pyasn on $PY_LINES lines"
report_row "depeer attribute, 1 file, 1 job" one \
    "$r1 M/s $(mbs "$bytes" "$t1") MB/s $(verdict "$r1" '>=' 10)"
report_row "depeer attribute, 2 files, --jobs 2" two \
    "$r2 M/s x$(ratio "$t1" "$t2") $(verdict "$(ratio "$t1" "$t2")" '>=' 1.6)"
report_row "depeer attribute, 1 file, --jobs 2" split \
    "$rs M/s x$(ratio "$t1" "$ts") $(verdict "$(ratio "$t1" "$ts")" '>=' 1.6)"
report_row "python3 + pyasn, $PY_LINES lines" pyasn \
    "$rp M/s (x$(ratio "$r1" "$rp") slower)"
echo "  per CPU second: depeer $(rate "$LINES" "$c1") M lines/s" \
    "($c1 s), pyasn $(rate "$PY_LINES" "$cp") M lines/s ($cp s)"
