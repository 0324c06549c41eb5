#!/bin/sh
# report.sh - "make bench": issue 13's targets on a provider with
# BENCH_ROWS evidence rows (default 1,000,000) and a one-year hourly
# series (8,760 intervals, a cut-off in the middle recorded as an
# upstream-lost event):
#
#   report --format html   under 1 s   beside the sqlite3 shell folding
#                                       the same rows by kind and family
#   impact --provider      under 1 s
#   evidence list --provider: its first row under 100 ms, beside the
#                                       sqlite3 shell's first row of the
#                                       same query
#
# Each figure is the median of RUNS runs (bench/lib.sh).
#
#   DEPEER=path/to/depeer  BENCH_ROWS=1000000  RUNS=3  sh bench/report.sh
set -eu
: "${DEPEER:=./depeer}"
: "${BENCH_ROWS:=1000000}"
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 shell missing (make deps)" >&2; exit 69; }
bench_tmpdir
dir=$BENCH_DIR
export HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
DEPEER_NOW=2009-01-05T00:00:00Z
export DEPEER_NOW

awk -v n="$BENCH_ROWS" 'BEGIN {
	split("c2 spam-source malware-host phishing botnet-ctrl scan other", k, " ")
	split("Srizbi Rustock Mega-D Pushdo Dedler Storm", f, " ")
	print "kind,indicator,observed_at,family,source,note"
	for (i = 0; i < n; i++) {
		if (i % 2 == 0)
			ind = sprintf("208.%d.%d.%d", 66 + i % 7, int(i / 256) % 256, i % 254 + 1)
		else
			ind = sprintf("cc%d.example-botnet%d.com", i, i % 97)
		printf "%s,%s,2008-%02d-%02dT%02d:%02d:%02dZ,%s,sinkhole,row %d\n",
		    k[i % 7 + 1], ind, i % 12 + 1, i % 28 + 1, i % 24, i % 60,
		    (i * 7) % 60, f[i % 6 + 1], i
	}
}' >"$dir/rows.csv"
# 2008, hourly: a daily cycle, 60% less from the cut-off on.
awk 'BEGIN {
	srand(20081111)
	start = 1199145600; at = 1226438580
	print "time,value"
	for (h = 0; h < 8760; h++) {
		t = start + h * 3600
		v = 1000 * (1 + 0.4 * sin(6.2831853 * (h % 24) / 24))
		if (t >= at)
			v *= 0.4
		printf "%d,%d\n", t, v * (0.8 + 0.4 * rand())
	}
}' >"$dir/trap.csv"
db=$dir/case.db
"$DEPEER" --db "$db" init >/dev/null
"$DEPEER" --db "$db" provider add McColo --asn 26780 >/dev/null
"$DEPEER" --db "$db" evidence import --provider McColo "$dir/rows.csv" \
    >/dev/null 2>&1
rm -f "$dir/rows.csv"
"$DEPEER" --db "$db" measure import "$dir/trap.csv" --series trap \
    --interval 1h >/dev/null
"$DEPEER" --db "$db" event add McColo upstream-lost --upstream AS3549 \
    --at 2008-11-11T21:23:00Z >/dev/null

report_html() {
	"$DEPEER" --db "$db" report McColo --format html -o "$dir/r.html" \
	    --force
}
peer_fold() {
	sqlite3 "$db" "SELECT kind, family, count(*), min(observed_at),
	    max(observed_at) FROM evidence WHERE provider_id = 1
	    GROUP BY kind, family" >/dev/null
}
impact() {
	"$DEPEER" --db "$db" impact --series trap --provider McColo >/dev/null
}
# The time until the first row's line has been read (the header is the
# first line of the text listing, so the second line).
first_row() {
	_name=$1
	shift
	python3 - "$@" >>"$BENCH_DIR/$_name.runs" <<'PY'
import subprocess, sys, time
t = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE,
    stderr=subprocess.DEVNULL)
for _ in range(int(sys.argv[1] != "sqlite3") + 1):
    if not p.stdout.readline():
        sys.exit("no row")
print("%.3f" % (time.monotonic() - t))
p.kill()
p.wait()
PY
}

sqlite3 "$db" "SELECT count(*) FROM evidence" >/dev/null
i=1
while [ "$i" -le "$RUNS" ]; do
	timed peer peer_fold
	timed html report_html
	timed impact impact
	first_row first "$DEPEER" --db "$db" evidence list --provider McColo
	first_row peerfirst sqlite3 "$db" "SELECT e.id, e.kind, e.indicator,
	    e.observed_at FROM evidence e WHERE e.provider_id = 1 ORDER BY
	    e.id LIMIT 1"
	i=$((i + 1))
done
printf 'a provider with %s evidence rows and a one-year hourly series, median of %s runs\n' \
    "$BENCH_ROWS" "$RUNS"
report_row "sqlite3: the rows by kind, family" peer
report_row "depeer report --format html" html \
    "$(verdict "$(median html)" '<' 1) (< 1 s)"
report_row "depeer impact --provider" impact \
    "$(verdict "$(median impact)" '<' 1) (< 1 s)"
report_row "sqlite3: first row of the provider" peerfirst
report_row "depeer evidence list: first row" first \
    "$(verdict "$(median first)" '<' 0.1) (< 0.1 s)"
printf '  report.html: %s bytes\n' "$(wc -c <"$dir/r.html")"
