# lib.sh - what the benchmarks share: each side of a comparison is run
# RUNS times (default 3), alternating with its peer so that a slow spell
# of the machine hits both, and reported as the median of its runs, so
# that one noisy run can neither meet nor miss a target.  Sourced by
# bench/*.sh after "set -eu":
#
#	. "$(dirname "$0")/lib.sh"
#
#	bench_tmpdir               make $BENCH_DIR (removed at exit, unless
#	                           the script sets its own EXIT trap: then
#	                           that trap must remove it)
#	timed NAME CMD [ARG...]    run CMD (a command or a shell function)
#	                           once, and add its wall-clock seconds to
#	                           the runs of NAME; CMD's status is returned
#	median NAME                the median of NAME's runs, in seconds to
#	                           the millisecond (the mean of the middle
#	                           two for an even count)
#	runs_of NAME               every run of NAME, in order: "1.21 1.19 1.30"
#	report_row LABEL NAME [NOTE]
#	                           one line of a report: LABEL, NAME's median
#	                           in seconds, NOTE (a target, a rate), and
#	                           the runs it is the median of
#	ratio A B                  A / B to two decimals (0 when B is 0)
#	verdict A OP B             "met" or "MISSED": whether A OP B holds,
#	                           OP being "<" or ">="
#	now                        seconds since the epoch, to nanoseconds
#
# A script times each side in a loop of its own, for instance:
#
#	i=1
#	while [ "$i" -le "$RUNS" ]; do
#		rm -f "$BENCH_DIR/peer.db"
#		timed peer peer_import
#		fresh_case
#		timed depeer depeer_import
#		i=$((i + 1))
#	done
#	report_row "sqlite3 .import" peer
#	report_row "depeer evidence import" depeer \
#	    "$(verdict "$(ratio ...)" '>=' 0.5)"
#
# Setting up a run (a fresh database, a started server) stays outside
# "timed".  RUNS=1 gives a quick look; a median of one run is that run.

: "${RUNS:=3}"
# Numbers are written and read with a decimal point, whatever the locale.
LC_ALL=C
export LC_ALL
case $RUNS in
''|*[!0-9]*|0)
	echo "bench: RUNS must be a positive whole number, not '$RUNS'" >&2
	exit 64
	;;
esac

now() {
	date +%s.%N
}

bench_tmpdir() {
	BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/depeer-bench.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$BENCH_DIR'" EXIT
	trap 'exit 130' INT TERM
}

# The runs are kept in $BENCH_DIR/NAME.runs, one number a line.
timed() {
	_tn=$1
	shift
	_ta=$(now)
	_trc=0
	"$@" || _trc=$?
	_tb=$(now)
	awk -v a="$_ta" -v b="$_tb" 'BEGIN { printf "%.3f\n", b - a }' \
	    >>"$BENCH_DIR/$_tn.runs"
	return "$_trc"
}

median() {
	sort -n "$BENCH_DIR/$1.runs" | awk '{ v[NR] = $1 }
	    END {
		if (NR == 0)
			exit 1
		if (NR % 2)
			printf "%.3f", v[(NR + 1) / 2]
		else
			printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2
	    }'
}

runs_of() {
	awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 }' "$BENCH_DIR/$1.runs"
}

report_row() {
	printf '  %-34s %8.2f s  %-24s (runs: %s)\n' "$1" "$(median "$2")" \
	    "${3:-}" "$(runs_of "$2")"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

verdict() {
	awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
		ok = op == "<" ? a < b : a >= b
		printf "%s", (ok ? "met" : "MISSED")
	}'
}
