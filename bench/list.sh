#!/bin/sh
# list.sh - "make bench" (BENCH=list): "depeer --json evidence list" of a
# large case beside "sqlite3 -json" of the same rows and columns (the same
# joins: provider name, files, retractions), both to /dev/null, RUNS runs
# each (default 3, alternating; bench/lib.sh); prints the medians and their
# ratio.  Target: depeer at most 0.8x the sqlite3 shell's time on 5,000,000
# rows.
#
#   DEPEER=path/to/depeer  BENCH_ROWS=1000000 (default; the target is for
#   BENCH_ROWS=5000000, which takes a few minutes more)  RUNS=3
#   sh bench/list.sh
set -eu
: "${DEPEER:=./depeer}"
: "${BENCH_ROWS:=1000000}"
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 shell missing (make deps)" >&2; exit 69; }
bench_tmpdir
dir=$BENCH_DIR

# Rows as bench/import.sh makes them, with notes that need escaping
# (quotes, a backslash, a newline) and non-ASCII families.
awk -v n="$BENCH_ROWS" 'BEGIN {
	split("c2 spam-source malware-host phishing botnet-ctrl scan other", k, " ")
	split("Srizbi Rustock Mega-D Pushdo Dedler Störm", f, " ")
	split("sinkhole sandbox honeypot spamtrap passive-dns", s, " ")
	print "kind,indicator,observed_at,family,source,note"
	for (i = 0; i < n; i++) {
		t = i % 4
		if (t == 0 || t == 1)
			ind = sprintf("208.%d.%d.%d", 66 + i % 7, int(i / 256) % 256, i % 254 + 1)
		else if (t == 2)
			ind = sprintf("cc%d.example-botnet%d.com", i, i % 97)
		else
			ind = sprintf("http://update%d.example.net/gate.php?id=%d", i % 1000, i)
		note = i % 10 == 0 ? sprintf("\"row %d, \"\"quoted\"\" \\ path\nsecond line\"", i) : \
		    sprintf("\"row %d, seen twice\"", i)
		printf "%s,%s,2008-%02d-%02dT%02d:%02d:%02dZ,%s,%s,%s\n",
		    k[i % 7 + 1], ind, i % 12 + 1, i % 28 + 1, i % 24, i % 60,
		    (i * 7) % 60, f[i % 6 + 1], s[i % 5 + 1], note
	}
}' > "$dir/rows.csv"
db=$dir/case.db
"$DEPEER" --db "$db" init >/dev/null
"$DEPEER" --db "$db" provider add McColo --asn 26780 >/dev/null
"$DEPEER" --db "$db" evidence import --provider McColo "$dir/rows.csv" >/dev/null
rm -f "$dir/rows.csv"

# The columns and joins of db_evidence_iter(), retracted rows left out as
# the default listing does.
sql="SELECT e.id, e.provider_id, p.name, e.kind, e.indicator,
    e.indicator_type, e.observed_at, e.family, e.source, e.note,
    e.recorded_at, e.audit_seq, e.row_hash, f.pos, f.name, a.sha256,
    a.size, a.id, r.reason, r.retracted_at, r.audit_seq
  FROM evidence e LEFT JOIN providers p ON p.id = e.provider_id
  LEFT JOIN evidence_files f ON f.evidence_id = e.id
  LEFT JOIN artifacts a ON a.id = f.artifact_id
  LEFT JOIN evidence_retractions r ON r.evidence_id = e.id
  WHERE r.evidence_id IS NULL ORDER BY e.id, f.pos"

peer_list() {
	sqlite3 -json "$db" "$sql" >/dev/null
}
depeer_list() {
	"$DEPEER" --db "$db" --json evidence list >/dev/null
}

# A first read of each, so that both start with the file in the page cache.
sqlite3 "$db" "SELECT count(*) FROM evidence" >/dev/null
i=1
while [ "$i" -le "$RUNS" ]; do
	timed peer peer_list
	timed depeer depeer_list
	i=$((i + 1))
done
r=$(ratio "$(median depeer)" "$(median peer)")

printf 'JSON listing of %s evidence rows, median of %s runs\n' "$BENCH_ROWS" "$RUNS"
report_row "sqlite3 -json (same columns)" peer
report_row "depeer --json evidence list" depeer
printf '  depeer/sqlite3 = %s (target <= 0.80 at 5,000,000 rows)\n' "$r"
