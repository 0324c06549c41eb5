#!/bin/sh
# draft.sh - "make bench": the data of a complaint drafted for a provider
# with ROWS evidence rows (default 1,000,000; one in 1,000 retracted):
# counts, the sample, evidence.csv capped at MAX_CSV bytes (default
# 10 MiB) and the cited records, read from the case alone.  Target: under
# 2 s.  Times "depeer complaint draft" once that command exists, else
# bench/draft-driver.c (draft_data_build() as the command calls it).
# The case is built once through "depeer evidence import"; each timed
# run is the median of RUNS (bench/lib.sh).
#
#   DEPEER=path/to/depeer DRIVER=path/to/draft-driver ROWS=1000000 \
#   MAX_CSV=10485760 RUNS=3 sh bench/draft.sh
set -eu
: "${DEPEER:=./depeer}"
: "${DRIVER:=$(dirname "$DEPEER")/draft-driver}"
: "${ROWS:=1000000}"
: "${MAX_CSV:=10485760}"
. "$(dirname "$0")/lib.sh"
bench_tmpdir
dir=$BENCH_DIR
db=$dir/case.db
export DEPEER_CONFIG=$dir/config
: > "$DEPEER_CONFIG"

awk -v n="$ROWS" 'BEGIN {
	split("c2 spam-source malware-host phishing botnet-ctrl scan other", k, " ")
	split("Srizbi Rustock Mega-D Pushdo Dedler Storm", f, " ")
	split("sinkhole sandbox honeypot spamtrap passive-dns", s, " ")
	print "kind,indicator,observed_at,family,source"
	for (i = 0; i < n; i++) {
		t = i % 4
		if (t == 0 || t == 1)
			ind = sprintf("208.66.%d.%d", 192 + int(i / 254) % 4, i % 254 + 1)
		else if (t == 2)
			ind = sprintf("cc%d.example-botnet%d.com", i, i % 97)
		else
			ind = sprintf("http://update%d.example.net/gate.php?id=%d", i % 1000, i)
		printf "%s,%s,2008-%02d-%02dT%02d:%02d:%02dZ,%s,%s\n",
		    k[i % 7 + 1], ind, i % 11 + 1, i % 28 + 1, i % 24, i % 60,
		    (i * 7) % 60, f[i % 6 + 1], s[i % 5 + 1]
	}
}' > "$dir/rows.csv"
"$DEPEER" --db "$db" init >/dev/null
"$DEPEER" --db "$db" provider add McColo --asn 26780 >/dev/null
t0=$(now)
"$DEPEER" --db "$db" evidence import --provider McColo "$dir/rows.csv" >/dev/null
"$DEPEER" --db "$db" evidence retract --reason "bench: taken back" \
    $(awk -v n="$ROWS" 'BEGIN { for (i = 500; i <= n && i <= 50000; i += 1000) printf "%d ", i }') \
    >/dev/null
t1=$(now)
printf 'complaint data for a provider with %s evidence rows (case built in %.0f s)\n' \
    "$ROWS" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"

draft_driver() {
	"$DRIVER" "$db" McColo - abuse@upstream.example "$MAX_CSV" > "$dir/out"
}
draft_command() {
	DEPEER_FROM="Bench <bench@example.org>" "$DEPEER" --db "$db" \
	    complaint draft --provider McColo --to abuse@upstream.example \
	    >/dev/null
}
have_command=no
if "$DEPEER" complaint draft --help >/dev/null 2>&1; then
	have_command=yes
fi
i=1
while [ "$i" -le "$RUNS" ]; do
	timed driver draft_driver
	if [ "$have_command" = yes ]; then
		timed command draft_command
	fi
	i=$((i + 1))
done
d=$(median driver)
report_row "draft_data_build (driver)" driver \
    "target < 2 s: $(verdict "$d" '<' 2)"
printf '  %s\n' "$(cat "$dir/out")"
if [ "$have_command" = yes ]; then
	c=$(median command)
	report_row "depeer complaint draft" command \
	    "target < 2 s: $(verdict "$c" '<' 2)"
fi
