#!/bin/sh
# import.sh - "make bench": import N evidence rows from CSV with depeer
# (validation, row hashes and the audit entry included) beside the sqlite3
# shell's ".import" of the same file into a bare table, in the same run.
# Each side runs RUNS times (default 3, alternating, each into a fresh
# database) and is reported as its median (bench/lib.sh).
#
#   DEPEER=path/to/depeer  ROWS=1000000 (default)  RUNS=3  sh bench/import.sh
set -eu
: "${DEPEER:=./depeer}"
: "${ROWS:=1000000}"
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 shell missing (make deps)" >&2; exit 69; }
bench_tmpdir
dir=$BENCH_DIR

# Realistic rows: addresses across McColo's prefixes and beyond, domains
# and URLs, RFC 3339 times, families, sources, notes with commas (quoted).
awk -v n="$ROWS" 'BEGIN {
	split("c2 spam-source malware-host phishing botnet-ctrl scan other", k, " ")
	split("Srizbi Rustock Mega-D Pushdo Dedler Storm", f, " ")
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
		printf "%s,%s,2008-%02d-%02dT%02d:%02d:%02dZ,%s,%s,\"row %d, seen twice\"\n",
		    k[i % 7 + 1], ind, i % 12 + 1, i % 28 + 1, i % 24, i % 60,
		    (i * 7) % 60, f[i % 6 + 1], s[i % 5 + 1], i
	}
}' > "$dir/rows.csv"
size=$(wc -c < "$dir/rows.csv")

rate() { awk -v n="$ROWS" -v s="$1" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

# Peer: the sqlite3 shell importing the same CSV into a bare table (WAL,
# one transaction, as .import does), in a fresh database.
peer_import() {
	sqlite3 "$dir/peer.db" <<SQL >/dev/null
PRAGMA journal_mode = WAL;
CREATE TABLE rows (kind TEXT, indicator TEXT, observed_at TEXT, family TEXT,
    source TEXT, note TEXT);
.import --csv --skip 1 $dir/rows.csv rows
SQL
}
depeer_import() {
	"$DEPEER" --db "$dir/depeer.db" evidence import --provider McColo "$dir/rows.csv" >/dev/null
}
depeer_verify() {
	"$DEPEER" --db "$dir/depeer.db" verify >/dev/null
}

i=1
while [ "$i" -le "$RUNS" ]; do
	rm -f "$dir/peer.db" "$dir/peer.db-wal" "$dir/peer.db-shm"
	timed peer peer_import
	rm -f "$dir/depeer.db" "$dir/depeer.db-wal" "$dir/depeer.db-shm"
	"$DEPEER" --db "$dir/depeer.db" init >/dev/null
	"$DEPEER" --db "$dir/depeer.db" provider add McColo --asn 26780 >/dev/null
	timed depeer depeer_import
	timed verify depeer_verify
	i=$((i + 1))
done
peer_secs=$(median peer)
dp_secs=$(median depeer)
r=$(ratio "$(rate "$dp_secs")" "$(rate "$peer_secs")")

printf 'import of %s CSV rows (%s bytes), median of %s runs\n' "$ROWS" "$size" "$RUNS"
report_row "sqlite3 .import (bare table)" peer "$(rate "$peer_secs") rows/s"
report_row "depeer evidence import" depeer "$(rate "$dp_secs") rows/s"
printf '  depeer/sqlite3 = %s (target >= 0.80: %s)\n' "$r" "$(verdict "$r" '>=' 0.8)"
report_row "depeer verify (all rows)" verify
