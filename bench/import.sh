#!/bin/sh
# import.sh - "make bench": import N evidence rows from CSV with depeer
# (validation, row hashes and the audit entry included) beside the sqlite3
# shell's ".import" of the same file into a bare table, in the same run.
#
#   DEPEER=path/to/depeer  ROWS=1000000 (default)  sh bench/import.sh
set -eu
: "${DEPEER:=./depeer}"
: "${ROWS:=1000000}"
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 shell missing (make deps)" >&2; exit 69; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/depeer-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

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

now() { date +%s.%N; }
rate() { awk -v n="$ROWS" -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", n / (b - a) }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Peer: the sqlite3 shell importing the same CSV into a bare table (WAL,
# one transaction, as .import does), in a fresh database.
a=$(now)
sqlite3 "$dir/peer.db" <<SQL >/dev/null
PRAGMA journal_mode = WAL;
CREATE TABLE rows (kind TEXT, indicator TEXT, observed_at TEXT, family TEXT,
    source TEXT, note TEXT);
.import --csv --skip 1 $dir/rows.csv rows
SQL
b=$(now)
peer_rate=$(rate "$a" "$b")
peer_secs=$(secs "$a" "$b")

"$DEPEER" --db "$dir/depeer.db" provider add McColo --asn 26780 >/dev/null
a=$(now)
"$DEPEER" --db "$dir/depeer.db" evidence import --provider McColo "$dir/rows.csv" >/dev/null
b=$(now)
dp_rate=$(rate "$a" "$b")
dp_secs=$(secs "$a" "$b")

a=$(now)
"$DEPEER" --db "$dir/depeer.db" verify >/dev/null
b=$(now)
v_secs=$(secs "$a" "$b")

printf 'import of %s CSV rows (%s bytes)\n' "$ROWS" "$size"
printf '  %-34s %10s s %12s rows/s\n' "sqlite3 .import (bare table)" "$peer_secs" "$peer_rate"
printf '  %-34s %10s s %12s rows/s\n' "depeer evidence import" "$dp_secs" "$dp_rate"
awk -v a="$dp_rate" -v b="$peer_rate" 'BEGIN { printf "  depeer/sqlite3 = %.2f (target >= 0.50)\n", a / b }'
printf '  %-34s %10s s\n' "depeer verify (all rows)" "$v_secs"
