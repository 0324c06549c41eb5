#!/bin/sh
# impact.sh - "make bench": a one-year hourly spamtrap series (8,760
# intervals, from a raw log of LOG_LINES lines, default 1,000,000, and
# as a CSV of counts), imported, then "depeer impact" at a cut-off in
# the middle with WINDOW (default 7d) and with a window of 45 days (the most the year allows after it).
# Target: impact under 1 s.  Each timed run is the median of RUNS
# (bench/lib.sh).
#
#   DEPEER=path/to/depeer LOG_LINES=1000000 WINDOW=7d RUNS=3 \
#   sh bench/impact.sh
set -eu
: "${DEPEER:=./depeer}"
: "${LOG_LINES:=1000000}"
: "${WINDOW:=7d}"
. "$(dirname "$0")/lib.sh"
bench_tmpdir
dir=$BENCH_DIR
export DEPEER_CONFIG=$dir/config
: > "$DEPEER_CONFIG"

# 2008: hourly counts with a daily and weekly cycle, 60% less from the
# cut-off (2008-11-11T21:00:00Z) on; the log spreads the same shape over
# LOG_LINES lines, one address each.
awk -v n="$LOG_LINES" 'BEGIN {
	srand(20081111)
	start = 1199145600; at = 1226437200; hours = 8760
	for (h = 0; h < hours; h++) {
		t = start + h * 3600
		w[h] = 1 + 0.5 * sin(6.2831853 * (h % 24) / 24)
		if ((int(t / 86400) + 3) % 7 >= 5)
			w[h] *= 0.7
		if (t >= at)
			w[h] *= 0.4
		w[h] *= 0.8 + 0.4 * rand()
		sum += w[h]
	}
	for (h = 0; h < hours; h++) {
		c = int(w[h] / sum * n + 0.5)
		printf "%d,%d\n", start + h * 3600, c > "/dev/stderr"
		for (i = 0; i < c; i++)
			printf "%d,192.0.2.%d\n", start + h * 3600 + i % 3600,
			    i % 254 + 1
	}
}' > "$dir/trap.log" 2> "$dir/trap.csv"
lines=$(wc -l < "$dir/trap.log")
at=2008-11-11T21:00:00Z
db=$dir/case.db
"$DEPEER" --db "$db" init >/dev/null

import_log() {
	rm -f "$db"
	"$DEPEER" --db "$db" measure import "$dir/trap.log" --series trap \
	    >/dev/null 2>&1
}
import_csv() {
	rm -f "$dir/csv.db"
	"$DEPEER" --db "$dir/csv.db" measure import "$dir/trap.csv" \
	    --series trap >/dev/null 2>&1
}
impact() {
	"$DEPEER" --db "$db" impact --series trap --at "$at" \
	    --window "$WINDOW" > "$dir/out"
}
impact_half() {
	"$DEPEER" --db "$db" impact --series trap --at "$at" \
	    --window 45d --json > /dev/null
}
i=1
while [ "$i" -le "$RUNS" ]; do
	timed log import_log
	timed csv import_csv
	timed impact impact
	timed impact50 impact_half
	i=$((i + 1))
done
printf 'a one-year hourly series (8760 intervals) from a log of %s lines\n' \
    "$lines"
report_row "measure import (raw log, $lines lines)" log
report_row "measure import (CSV of 8760 counts)" csv
i7=$(median impact)
report_row "impact --window $WINDOW" impact "target < 1 s: $(verdict "$i7" '<' 1)"
i50=$(median impact50)
report_row "impact --window 45d" impact50 "target < 1 s: $(verdict "$i50" '<' 1)"
sed 's/^/  /' "$dir/out"
