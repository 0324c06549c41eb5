#!/bin/sh
# bgp.sh - "make bench": entries per second of "depeer bgp import" (MRT
# read, paths cleaned and counted, the observations stored with their
# audit entry in one transaction) beside "bgpdump -m > /dev/null" (RIPE
# NCC's reader printing every entry) on the same files, in the same run:
# the RouteViews RIB excerpt (bzip2, cut off mid-stream) and a RIS
# updates file (gzip), then the RIB excerpt decompressed, which leaves
# out the decompression both sides share.  Each side runs RUNS times
# (default 3, alternating, depeer into a fresh database each time) and
# is reported by its best run; the target is depeer >= 8x bgpdump.  For
# the bzip2 file it also times "bzip2 -dc" alone: decoding bzip2 is most
# of both sides' time there, and bounds what any reader can reach on
# the cores it has.
#
#   DEPEER=path/to/depeer  RUNS=3  ROUTING=../shared/routing  sh bench/bgp.sh
set -eu
: "${DEPEER:=./depeer}"
: "${ROUTING:=$(cd "$(dirname "$0")/.." && pwd)/../shared/routing}"
. "$(dirname "$0")/lib.sh"
command -v bgpdump >/dev/null || { echo "bench: bgpdump missing (make deps)" >&2; exit 69; }
rib=$ROUTING/rib.20140523.0600_firstMB.bz2
upd=$ROUTING/bgpdump/updates.20160811.1600.gz
for f in "$rib" "$upd"; do
	[ -r "$f" ] || { echo "bench: '$f' missing: the shared routing data (ROUTING) is needed" >&2; exit 66; }
done
bench_tmpdir
dir=$BENCH_DIR
# The decompressed excerpt (bzip2 complains of the cut: ignore it).
bzip2 -dc "$rib" >"$dir/rib.mrt" 2>/dev/null || true

# the best run to the millisecond (runs_of rounds to 10 ms, a quarter of
# an updates import)
best() {
	sort -n "$BENCH_DIR/$1.runs" | head -n 1
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

# one LABEL FILE: both readers over FILE, RUNS times each, alternating.
one() {
	label=$1 file=$2
	entries=$(bgpdump -m "$file" 2>/dev/null | wc -l)
	i=1
	while [ "$i" -le "$RUNS" ]; do
		timed "bgpdump-$label" sh -c 'bgpdump -m "$1" >/dev/null 2>&1' sh "$file"
		rm -f "$dir/c.db" "$dir/c.db-wal" "$dir/c.db-shm"
		"$DEPEER" --db "$dir/c.db" init >/dev/null
		timed "depeer-$label" sh -c '"$1" --db "$2" --json bgp import "$3" >"$4" 2>/dev/null' \
		    sh "$DEPEER" "$dir/c.db" "$file" "$dir/imp.json"
		i=$((i + 1))
	done
	elems=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["imports"][0]["elems"])' "$dir/imp.json")
	b=$(best "bgpdump-$label")
	d=$(best "depeer-$label")
	rb=$(rate "$entries" "$b")
	rd=$(rate "$elems" "$d")
	r=$(ratio "$rd" "$rb")
	printf '%s: %s (%s bgpdump lines, %s depeer elements), best of %s runs\n' \
	    "$label" "$(basename "$file")" "$entries" "$elems" "$RUNS"
	printf '  %-34s %8ss  %10s entries/s  runs: %s\n' "bgpdump -m > /dev/null" "$b" "$rb" "$(runs_of "bgpdump-$label")"
	printf '  %-34s %8ss  %10s entries/s  runs: %s\n' "depeer bgp import" "$d" "$rd" "$(runs_of "depeer-$label")"
	printf '  depeer/bgpdump = %s (target >= 8: %s)\n' "$r" "$(verdict "$r" '>=' 8)"
	case $file in
	*.bz2)
		# What decoding bzip2 costs both sides: the import decodes
		# blocks on every core, so it cannot take less than this
		# divided by the cores.
		i=1
		while [ "$i" -le "$RUNS" ]; do
			timed "bzip2-$label" sh -c 'bzip2 -dc "$1" >/dev/null 2>&1; exit 0' sh "$file"
			i=$((i + 1))
		done
		z=$(best "bzip2-$label")
		cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
		printf '  %-34s %8ss  runs: %s\n' "bzip2 -dc > /dev/null alone" "$z" "$(runs_of "bzip2-$label")"
		printf '  decoding alone on %s cores takes %ss: at most %s x bgpdump on this machine\n' \
		    "$cores" "$(awk -v z="$z" -v c="$cores" 'BEGIN { printf "%.3f", z / c }')" \
		    "$(awk -v z="$z" -v c="$cores" -v b="$b" 'BEGIN { printf "%.2f", (z > 0 ? b * c / z : 0) }')"
		;;
	esac
}

one "RIB excerpt" "$rib"
one "updates" "$upd"
one "RIB excerpt, decompressed" "$dir/rib.mrt"
