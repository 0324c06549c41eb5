#!/bin/sh
# mrt.sh - "make bench": the MRT reader beside bgpdump -m (Debian's
# bgpdump) on the same files, entries per second, best of RUNS (default
# 3) each, alternating the two:
#
#   - the RouteViews RIB excerpt (../shared/routing/
#     rib.20140523.0600_firstMB.bz2, 270,005 entries) as it is (bzip2)
#     and decompressed;
#   - bgpdump's updates.20160811.1600.gz (41,234 entries) as it is
#     (gzip) and decompressed;
#
# for "depeer bgp dump" (the same lines as bgpdump, to /dev/null) and
# for the reader alone (bench/mrt-driver.c: mrt_next() in a loop, REPEAT
# times over the file, timed inside the process).  Target: the reader
# alone at least 8 times bgpdump -m's entries per second.  The bzip2 file
# is read both on every CPU (the default) and with libbz2 alone on one
# thread (DEPEER_ZREAD_THREADS=1), to show what the threads bring.
#
#   DEPEER=path/to/depeer DRIVER=path/to/mrt-driver RUNS=3 \
#   DEPEER_ROUTING=../shared/routing sh bench/mrt.sh
set -eu
: "${DEPEER:=./depeer}"
: "${DRIVER:=$(dirname "$DEPEER")/mrt-driver}"
: "${REPEAT:=10}"
. "$(dirname "$0")/lib.sh"
R=${DEPEER_ROUTING:-$(dirname "$0")/../../shared/routing}
if [ ! -f "$R/rib.20140523.0600_firstMB.bz2" ]; then
	echo "bench/mrt.sh: needs ../shared/routing (see its MANIFEST.md;" \
	    "or set DEPEER_ROUTING)" >&2
	exit 66
fi
for t in bgpdump "$DEPEER" "$DRIVER"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "bench/mrt.sh: needs $t (make deps; make bench builds" \
		    "the driver)" >&2
		exit 69
	fi
done
bench_tmpdir
dir=$BENCH_DIR

RIB=$R/rib.20140523.0600_firstMB.bz2
UPD=$R/bgpdump/updates.20160811.1600.gz
# The excerpt ends inside its bzip2 stream: bzip2 -d says so and stops.
bzip2 -dc "$RIB" >"$dir/rib.mrt" 2>/dev/null || true
gzip -dc "$UPD" >"$dir/upd.mrt"

# best NAME: the fastest run of NAME, in seconds
best() {
	sort -n "$dir/$1.runs" | head -n 1
}
# rate N SECONDS: entries per second, in thousands
rate() {
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s / 1000 : 0) }'
}

bgpdump_m() {
	bgpdump -m "$1" >/dev/null 2>&1
}
depeer_dump() {
	"$DEPEER" bgp dump "$1" >/dev/null 2>&1 || [ $? -eq 65 ]
}
depeer_dump1() {
	DEPEER_ZREAD_THREADS=1 depeer_dump "$1"
}
# driver FILE NAME: the reader alone, REPEAT passes, its own time added
# to NAME's runs (per pass)
driver() {
	"$DRIVER" "$REPEAT" "$1" >"$dir/driver.out"
	awk -v r="$REPEAT" '{ printf "%.6f\n", $2 / r }' "$dir/driver.out" \
	    >>"$dir/$2.runs"
}

echo "bench: MRT reading beside bgpdump -m (entries/s, best of $RUNS)"
for input in "$RIB" "$dir/rib.mrt" "$UPD" "$dir/upd.mrt"; do
	name=$(basename "$input")
	n=$("$DEPEER" --json bgp dump --count "$input" 2>/dev/null |
	    "${DEBIAN_PYTHON:-/usr/bin/python3}" -c \
	    'import json, sys; print(json.load(sys.stdin)[0]["elements"])')
	key=$(echo "$name" | tr -c 'a-z0-9\n' '_')
	i=1
	while [ "$i" -le "$RUNS" ]; do
		timed "bgpdump_$key" bgpdump_m "$input"
		timed "dump_$key" depeer_dump "$input"
		driver "$input" "reader_$key"
		case $input in
		*.bz2)
			timed "dump1_$key" depeer_dump1 "$input"
			DEPEER_ZREAD_THREADS=1 driver "$input" "reader1_$key"
			;;
		esac
		i=$((i + 1))
	done
	b=$(best "bgpdump_$key")
	d=$(best "dump_$key")
	m=$(best "reader_$key")
	kb=$(rate "$n" "$b")
	kd=$(rate "$n" "$d")
	km=$(rate "$n" "$m")
	x=$(ratio "$km" "$kb")
	echo "  $name: $n entries"
	printf '    %-28s %9s k/s  %.3f s\n' "bgpdump -m" "$kb" "$b"
	printf '    %-28s %9s k/s  %.3f s  %sx bgpdump\n' "depeer bgp dump" \
	    "$kd" "$d" "$(ratio "$kd" "$kb")"
	printf '    %-28s %9s k/s  %.3f s  %sx bgpdump: target 8x %s\n' \
	    "reader alone (mrt_next)" "$km" "$m" "$x" "$(verdict "$x" '>=' 8)"
	case $input in
	*.bz2)
		d=$(best "dump1_$key")
		m=$(best "reader1_$key")
		kd=$(rate "$n" "$d")
		km=$(rate "$n" "$m")
		printf '    %-28s %9s k/s  %.3f s  %sx bgpdump\n' \
		    "bgp dump, bzip2 on 1 thread" "$kd" "$d" \
		    "$(ratio "$kd" "$kb")"
		printf '    %-28s %9s k/s  %.3f s  %sx bgpdump\n' \
		    "reader, bzip2 on 1 thread" "$km" "$m" \
		    "$(ratio "$km" "$kb")"
		;;
	esac
done
