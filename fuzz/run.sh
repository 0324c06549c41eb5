#!/bin/sh
# run.sh - "make fuzz": run every libFuzzer target in $1 (the build folder)
# for FUZZ_SECONDS each (default 30), starting from seed inputs: the
# project's own fixtures for that parser and the small hand-made inputs of
# fuzz/seeds/<target>/.  A crash leaves its input in
# $1/fuzz-out/<target>/ and fails the run.  For each target it prints
# libFuzzer's final statistics ("#RUNS DONE cov: ft: corp: exec/s:"),
# its total run count and the size of the corpus kept in $1/corpus/.
# FUZZ_JOBS targets run at a time (default: one per CPU); each report is
# printed whole, in name order.
set -eu
bdir=$1
secs=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $jobs in ''|*[!0-9]*|0) jobs=1 ;; esac
status=0

# Run one target; its report goes to $out/report, its status to $out/rc.
run_one() {
	name=$(basename "$1")
	{
		echo "fuzz: $name for ${secs}s"
		if ! "$1" -max_total_time="$secs" -timeout=10 \
		    -rss_limit_mb=2048 -artifact_prefix="$3/" "$2" \
		    >"$3/log" 2>&1; then
			echo "fuzz: $name FAILED; see $3/log and the input in $3/"
			tail -n 30 "$3/log"
			echo 1 >"$3/rc"
		else
			grep -a 'DONE' "$3/log" | tail -n 1
			grep -a '^Done ' "$3/log" | tail -n 1
			echo "fuzz: $name corpus $(find "$2" -type f | wc -l)" \
			    "files, $(du -sk "$2" | cut -f1) KiB"
			echo 0 >"$3/rc"
		fi
	} >"$3/report"
}

# Wait for the oldest running target and print its report.
pids=
outs=
reap() {
	set -- $pids
	wait "$1" || true
	shift
	pids=$*
	set -- $outs
	cat "$1/report"
	[ "$(cat "$1/rc" 2>/dev/null)" = 0 ] || status=1
	shift
	outs=$*
}

for bin in "$bdir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus="$bdir/corpus/$name"
	out="$bdir/fuzz-out/$name"
	mkdir -p "$corpus" "$out"
	# Seeds per target: the inputs that parser really meets.
	case $name in
	fuzz_csv) seeds="db/examples tests/fixtures/evidence" ;;
	fuzz_whois) seeds="tests/fixtures/whois tests/fixtures/iana tests/fixtures/irr tests/fixtures/answers" ;;
	fuzz_dns) seeds="tests/fixtures/dns" ;;
	fuzz_rdap) seeds="tests/fixtures/rdap" ;;
	fuzz_cymru) seeds="tests/fixtures/cymru" ;;
	fuzz_ripestat) seeds="tests/fixtures/ripestat" ;;
	fuzz_rpsl) seeds="tests/fixtures/irr" ;;
	fuzz_ipnet) seeds="db/examples" ;;
	fuzz_jsonl) seeds="db/examples fuzz/seeds/jsonl" ;;
	fuzz_config) seeds="fuzz/seeds/config" ;;
	fuzz_bulk) seeds="fuzz/seeds/bulk" ;;
	fuzz_time) seeds="fuzz/seeds/time" ;;
	fuzz_validate) seeds="fuzz/seeds/validate fuzz/seeds/bulk" ;;
	fuzz_template) seeds="fuzz/seeds/template tests/mustache templates" ;;
	fuzz_mail) seeds="fuzz/seeds/mail" ;;
	fuzz_addr) seeds="fuzz/seeds/addr" ;;
	fuzz_inbox_parse) seeds="tests/fixtures/mail" ;;
	fuzz_measure) seeds="fuzz/seeds/measure" ;;
	*) seeds="fuzz/seeds/${name#fuzz_}" ;;
	esac
	for d in $seeds; do
		[ -d "$d" ] && find "$d" -type f -size -1024k -exec cp {} "$corpus/" \;
	done
	rm -f "$out/rc" "$out/report"
	run_one "$bin" "$corpus" "$out" &
	pids="$pids $!"
	outs="$outs $out"
	set -- $pids
	[ $# -lt "$jobs" ] || reap
done
while [ -n "${pids# }" ]; do
	reap
done
exit $status
