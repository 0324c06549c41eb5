#!/bin/sh
# export.sh - "make bench": the exports of a provider with BENCH_ROWS
# evidence rows (default 1,000,000, the size of the issue's benchmark):
# "export iodef" (the IODEF document, streamed through libxml2), "export
# bundle" (evidence.csv and the rest, hashed as written) and "verify
# --bundle" (the bundle rebuilt from the database and compared), each the
# median of RUNS runs with its peak memory (max RSS) of the last run.
# No target is set; the figures are reported, with sha256sum -c over the
# same bundle as the yardstick of reading it once.
#
#   DEPEER=path/to/depeer (./depeer)  BENCH_ROWS=1000000  sh bench/export.sh
set -eu
: "${DEPEER:=./depeer}"
: "${BENCH_ROWS:=1000000}"
. "$(dirname "$0")/lib.sh"
bench_tmpdir
dir=$BENCH_DIR
export HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"

awk -v n="$BENCH_ROWS" 'BEGIN {
	split("c2 spam-source malware-host phishing botnet-ctrl scan other", k, " ")
	print "kind,indicator,observed_at,family,source,note"
	for (i = 0; i < n; i++) {
		t = i % 4
		if (t == 0)
			ind = sprintf("208.%d.%d.%d", 66 + i % 7, int(i / 256) % 256, i % 254 + 1)
		else if (t == 1)
			ind = sprintf("2001:db8:%x::%x", i % 65536, i % 65535 + 1)
		else if (t == 2)
			ind = sprintf("cc%d.example-botnet%d.com", i, i % 97)
		else
			ind = sprintf("http://update%d.example.net/gate.php?id=%d&x=<%d>", i % 1000, i, i)
		printf "%s,%s,2008-%02d-%02dT%02d:%02d:%02dZ,Srizbi,honeypot,\"row %d, <&> \"\"quoted\"\"\"\n",
		    k[i % 7 + 1], ind, i % 12 + 1, i % 28 + 1, i % 24, i % 60,
		    (i * 7) % 60, i
	}
}' >"$dir/rows.csv"
db=$dir/case.db
"$DEPEER" --db "$db" init >/dev/null
"$DEPEER" --db "$db" provider add McColo --asn 26780 >/dev/null
"$DEPEER" --db "$db" evidence import --provider McColo "$dir/rows.csv" \
    >/dev/null 2>&1
rm -f "$dir/rows.csv"

# rss NAME CMD...: CMD run under time(1) (when there is one), its max RSS
# in KB into $dir/NAME.rss
rss() {
	_n=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$dir/$_n.rss" "$@"
	else
		"$@"
		echo "?" >"$dir/$_n.rss"
	fi
}
do_iodef() {
	rss iodef "$DEPEER" --db "$db" export iodef McColo -o "$dir/i.xml" --force
}
do_bundle() {
	rm -rf "$dir/b"
	rss bundle "$DEPEER" --db "$db" export bundle McColo -o "$dir/b" >/dev/null
}
do_verify() {
	rss verify "$DEPEER" --db "$db" verify --bundle "$dir/b" >/dev/null
}
do_sums() {
	(cd "$dir/b" && sha256sum --quiet -c SHA256SUMS)
}

i=1
while [ "$i" -le "$RUNS" ]; do
	timed iodef do_iodef
	timed bundle do_bundle
	timed verify do_verify
	timed sums do_sums
	i=$((i + 1))
done
printf 'exports of %s evidence rows, median of %s runs (max RSS of the last)\n' \
    "$BENCH_ROWS" "$RUNS"
report_row "export iodef" iodef "$(cat "$dir/iodef.rss") KB, $(wc -c <"$dir/i.xml") bytes"
report_row "export bundle" bundle "$(cat "$dir/bundle.rss") KB, $(du -sk "$dir/b" | cut -f1) KB on disk"
report_row "verify --bundle" verify "$(cat "$dir/verify.rss") KB"
report_row "sha256sum -c SHA256SUMS" sums "the yardstick"
