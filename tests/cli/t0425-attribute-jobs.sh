#!/bin/sh
# depeer attribute --jobs on one large plain file, which the threads cut
# between them at line ends: the same counts, line counts, malformed
# line numbers and --strict refusal as one thread, with CRLF lines, a
# last line without a newline and a CSV header that the lines of every
# piece are read under; a compressed file, which cannot be cut, too.
. "$(dirname "$0")/lib.sh"

step "a small table, exported as a lookup file"
cat > pfx2as.txt <<'EOF2'
10.0.0.0	16	64500
10.0.1.0	24	64501
192.0.2.0	24	64502_64503
EOF2
expect_code 0 dp prefixes import pfx2as.txt --name small \
    --date 2008-11-01T00:00:00Z --format pfx2as
expect_code 0 dp prefixes export small -o small.ptab

# big.log: 200,000 lines (about 4 MB, several times what a thread cuts
# at least), every third CRLF, a malformed line every 9,973rd, no
# newline after the last; big.csv: the same as "ip,ts" CSV.
awk 'BEGIN { srand(5); n = 200000
	print "# a spamtrap" > "big.log"; print "ip,ts" > "big.csv"
	for (i = 2; i <= n; i++) {
		t = 1226437200 + int(i / 3); a = "10.0." int(rand() * 3) "." int(rand() * 256)
		end = (i == n) ? "" : (i % 3 == 0 ? "\r\n" : "\n")
		if (i % 9973 == 0) {
			printf "not a line%s", end > "big.log"
			printf "x,y%s", end > "big.csv"
		} else {
			printf "%d %s%s", t, a, end > "big.log"
			printf "%s,%d%s", a, t, end > "big.csv"
		}
	} }'

for f in big.log big.csv; do
	step "$f: one thread and two give the same counts and line numbers"
	expect_code 0 dp attribute --json --table-file small.ptab --jobs 1 "$f"
	mv "$T/out" one.json
	json_check "
eq(d['lines'], 200000)
eq(d['malformed'], 20)
eq(d['files'][0]['malformed_lines'], [9973, 19946, 29919, 39892, 49865])
" one.json
	i=0
	while [ "$i" -lt 3 ]; do
		expect_code 0 dp attribute --json --table-file small.ptab \
		    --jobs 2 "$f"
		cmp -s one.json "$T/out" ||
		    fail "--jobs 2 differs: $(diff one.json "$T/out" | head)"
		i=$((i + 1))
	done

	step "$f: --strict names the same first bad line with two threads"
	expect_code 65 dp attribute --table-file small.ptab --jobs 1 --strict \
	    "$f"
	expect_err "line 9973: "
	mv "$T/err" one.err
	expect_code 65 dp attribute --table-file small.ptab --jobs 2 --strict \
	    "$f"
	cmp -s one.err "$T/err" || fail "--strict differs: $(cat "$T/err")"
done

step "a gzip file is read whole: the same counts with two threads"
expect_code 0 dp attribute --table-file small.ptab --jobs 1 big.log
mv "$T/out" one.csv
gzip -c big.log > big.log.gz
expect_code 0 dp attribute --table-file small.ptab --jobs 2 big.log.gz
cmp -s one.csv "$T/out" || fail "the gzip file counted differently"
finish
