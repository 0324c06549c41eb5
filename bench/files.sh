#!/bin/sh
# files.sh - "make bench" (BENCH=files): attaching one large file with
# "depeer evidence add --file", verifying the case and exporting the file
# back, beside the sqlite3 shell doing the same with a blob in a bare
# table (readfile() into it, sha3() over it, writefile() out of it: each
# holds the whole file in memory), for files of 10 MB, 150 MB and
# 1,000,000,000 bytes (depeer's documented largest).  Each side runs RUNS
# times (default 3, alternating) and is reported as the median of its
# wall time and of its peak resident memory (/usr/bin/time -f %M).
# Target: depeer under 64 MB peak at every size, and the largest file
# stored, verified and exported.  Needs about 4 GB of free disk under
# TMPDIR for the largest size; the files are deleted after each size.
#
#   DEPEER=path/to/depeer  FILE_SIZES="10000000 150000000 1000000000"
#   RUNS=3  sh bench/files.sh
set -eu
: "${DEPEER:=./depeer}"
: "${FILE_SIZES:=10000000 150000000 1000000000}"
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 shell missing (make deps)" >&2; exit 69; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 69; }
bench_tmpdir
dir=$BENCH_DIR

# mtimed NAME CMD [ARG...]: timed (CMD a program, its output dropped),
# and CMD's peak resident set size in
# KiB added to the runs of NAME.rss; a failure is noted in NAME.failed
# with the last line CMD wrote on standard error.
mtimed() {
	_mn=$1
	shift
	_mrc=0
	timed "$_mn" /usr/bin/time -f %M -o "$dir/$_mn.rss1" "$@" \
	    >/dev/null 2>"$dir/$_mn.err" || _mrc=$?
	tail -n 1 "$dir/$_mn.rss1" >>"$dir/$_mn.rss.runs"
	if [ "$_mrc" -ne 0 ]; then
		grep -v '^Command exited' "$dir/$_mn.err" | tail -n 1 \
		    >"$dir/$_mn.failed"
	fi
	return 0
}

# row LABEL NAME: wall and memory medians, and the runs.
row() {
	_mb=$(median "$2.rss" | awk '{ printf "%.1f", $1 / 1024 }')
	_note=
	if [ -s "$dir/$2.failed" ]; then
		_note="FAILED: $(cat "$dir/$2.failed")"
	elif [ "$2" != peer_add ] && [ "${2#peer_}" != "$2" ] &&
	    [ -s "$dir/peer_add.failed" ]; then
		_note="(an empty table: the blob was never stored)"
	fi
	printf '  %-32s %8.2f s %8s MB  (runs: %s)%s\n' "$1" "$(median "$2")" \
	    "$_mb" "$(runs_of "$2")" "${_note:+
      $_note}"
}

# target NAME: depeer's peak under 64 MiB and no failure.
target() {
	_kb=$(median "$1.rss")
	if [ -s "$dir/$1.failed" ]; then
		echo MISSED
	else
		verdict "$_kb" '<' 65536
	fi
}

fail=0
for size in $FILE_SIZES; do
	rm -f "$dir"/*.runs "$dir"/*.failed
	head -c "$size" /dev/urandom >"$dir/big.bin"
	want=$(sha256sum "$dir/big.bin" | cut -d ' ' -f 1)
	i=1
	while [ "$i" -le "$RUNS" ]; do
		rm -f "$dir"/peer.db* "$dir/peer.out"
		mtimed peer_add sqlite3 "$dir/peer.db" "PRAGMA journal_mode = WAL;
		    CREATE TABLE t (b BLOB);
		    INSERT INTO t VALUES (readfile('$dir/big.bin'))"
		mtimed peer_verify sqlite3 "$dir/peer.db" \
		    "SELECT length(sha3(b, 256)) FROM t"
		mtimed peer_export sqlite3 "$dir/peer.db" \
		    "SELECT writefile('$dir/peer.out', b) FROM t"
		rm -f "$dir"/peer.db* "$dir/peer.out"
		rm -f "$dir"/case.db* "$dir/depeer.out"
		"$DEPEER" --db "$dir/case.db" init >/dev/null
		"$DEPEER" --db "$dir/case.db" provider add McColo >/dev/null
		mtimed add "$DEPEER" --db "$dir/case.db" evidence add \
		    --provider McColo --kind malware-host \
		    --indicator 208.66.194.20 --file "$dir/big.bin"
		mtimed verify "$DEPEER" --db "$dir/case.db" verify
		mtimed export "$DEPEER" --db "$dir/case.db" evidence export 1 \
		    -o "$dir/depeer.out"
		if [ -s "$dir/export.failed" ] ||
		    [ "$(sha256sum "$dir/depeer.out" | cut -d ' ' -f 1)" != "$want" ]; then
			echo "bench: the exported file differs" >>"$dir/export.failed"
		fi
		rm -f "$dir/depeer.out" "$dir"/case.db*
		i=$((i + 1))
	done
	rm -f "$dir/big.bin"
	printf 'a file of %s bytes, median of %s runs (wall time, peak memory)\n' \
	    "$size" "$RUNS"
	row "sqlite3 readfile() into a blob" peer_add
	row "sqlite3 sha3() of the blob" peer_verify
	row "sqlite3 writefile() of the blob" peer_export
	row "depeer evidence add --file" add
	row "depeer verify" verify
	row "depeer evidence export" export
	for n in add verify export; do
		v=$(target "$n")
		[ "$v" = met ] || fail=1
		printf '  depeer %-6s under 64 MB and done: %s\n' "$n" "$v"
	done
done
exit "$fail"
