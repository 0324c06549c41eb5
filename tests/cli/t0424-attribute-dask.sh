#!/bin/sh
# depeer attribute as the mapper of a real distributed job: a Dask
# LocalCluster of two worker processes (Debian's python3-distributed,
# loopback only) runs "depeer attribute --table-file" over each worker's
# share of six logs (tests/dask/attribute_job.py); "attribute --merge"
# adds up the two partial CSVs, which must equal one run over all six,
# and "--merge --series" stores them as one run's --series would.
. "$(dirname "$0")/lib.sh"

PYD=${DEBIAN_PYTHON:-/usr/bin/python3}
if ! "$PYD" -c 'import distributed' 2>/dev/null; then
	echo "$TEST_NAME: needs Debian's python3-distributed (make deps)" >&2
	exit 2
fi
JOB=$(cd "$(dirname "$0")/../dask" && pwd)/attribute_job.py

step "the table, exported for the job"
cat > t.txt <<'EOF'
208.66.192.0	22	26780
10.0.0.0	8	64500
10.1.0.0	16	64501
192.0.2.0	24	64502_64503
EOF
expect_code 0 dp prefixes import t.txt --name rib --date 2008-11-01T00:00:00Z \
    --format pfx2as
expect_code 0 dp prefixes export rib -o rib.ptab
awk 'BEGIN { srand(24)
	for (f = 0; f < 6; f++) for (i = 0; i < 2000; i++) {
		r = rand()
		if (r < .3)
			a = "208.66.19" int(rand() * 4) "." int(rand() * 256)
		else if (r < .6)
			a = "10.1." int(rand() * 256) "." int(rand() * 256)
		else if (r < .8)
			a = "10." int(rand() * 256) ".0.1"
		else if (r < .9)
			a = "192.0.2." int(rand() * 256)
		else
			a = "8.8.8.8"
		printf "%d %s\n", 1226400000 + int(rand() * 86400), a \
		    > ("trap" f ".log")
	} }'

step "two Dask workers, each over its share"
mkdir job
# Bounded: the cluster starts in a few seconds on an idle machine.
expect_code 0 timeout 120 "$PYD" "$JOB" "$DEPEER" "$T/rib.ptab" "$T/job" \
    "$T/trap0.log" "$T/trap1.log" "$T/trap2.log" "$T/trap3.log" \
    "$T/trap4.log" "$T/trap5.log"
[ "$(sort -u job/workers.txt | wc -l)" = 2 ] ||
    fail "the parts were not made by two worker processes"
for p in job/part-0.csv job/part-1.csv; do
	[ "$(head -n 1 "$p")" = interval_start,key,count ] ||
	    fail "$p is not attribute's CSV"
done
cmp -s job/part-0.csv job/part-1.csv && fail "both workers counted the same"

step "merged, the parts equal one run over every file"
expect_code 0 dp attribute --merge job/part-0.csv job/part-1.csv
mv "$T/out" merged.csv
expect_code 0 dp attribute --table-file rib.ptab trap0.log trap1.log \
    trap2.log trap3.log trap4.log trap5.log
cmp -s merged.csv "$T/out" || fail "merged: $(diff merged.csv "$T/out")"
total=$(awk -F, 'NR > 1 { s += $3 } END { print s }' merged.csv)
[ "$total" = 12000 ] || fail "the merged counts hold $total lines of 12000"

step "the reducer stores what one run would"
expect_code 0 dp attribute --merge job/part-0.csv job/part-1.csv \
    --series dask
expect_code 0 dp attribute --table-file rib.ptab --series one trap0.log \
    trap1.log trap2.log trap3.log trap4.log trap5.log
expect_code 0 dp measure show dask:AS26780 --json
mv "$T/out" dask.json
expect_code 0 dp measure show one:AS26780 --json
json_check "
o = json.load(open('dask.json'))
eq(o['values'], d['values']); eq(o['total'], d['total'])"
expect_code 0 dp verify

finish
