#!/bin/sh
# depeer attribute with a lookup file (--table-file, no case): the CSV
# and JSON outputs, each --by and --multi, both log layouts, compressed
# input and standard input, malformed lines reported and --strict, the
# same counts from one thread and two, and the command line's refusals.
. "$(dirname "$0")/lib.sh"

step "a small table, exported as a lookup file"
cat > pfx2as.txt <<'EOF'
208.66.192.0	22	26780
10.0.0.0	16	64500
10.0.1.0	24	64501
192.0.2.0	24	64502_64503
2001:db8::	32	64504
EOF
expect_code 0 dp prefixes import pfx2as.txt --name small \
    --date 2008-11-01T00:00:00Z --format pfx2as
expect_code 0 dp prefixes export small -o small.ptab
[ -s small.ptab ] || fail "no lookup file written"
rm -f "$DB"

step "counts per hour and origin AS, no case database"
cat > a.log <<'EOF'
# spamtrap a
1226437200 208.66.192.1
1226437201 208.66.195.255 helo=x
1226437202 10.0.1.7
2008-11-11T21:59:59Z 10.0.2.7
2008-11-11T17:00:00-05:00 192.0.2.9
1226440801 8.8.8.8
1226440802 2001:db8::1
1226440803 ::ffff:208.66.192.9
EOF
expect_code 0 dp attribute --table-file small.ptab a.log
cat > want <<'EOF'
interval_start,key,count
2008-11-11T21:00:00Z,AS26780,2
2008-11-11T21:00:00Z,AS64500,1
2008-11-11T21:00:00Z,AS64501,1
2008-11-11T22:00:00Z,AS26780,1
2008-11-11T22:00:00Z,AS64502_AS64503,1
2008-11-11T22:00:00Z,AS64504,1
2008-11-11T22:00:00Z,unmatched,1
EOF
cmp -s "$T/out" want || fail "counts: $(diff want "$T/out")"
expect_err_empty
[ ! -e "$DB" ] || fail "--table-file created a case database"

step "--multi split counts a multi-origin line whole under each origin"
expect_code 0 dp attribute --table-file small.ptab --multi split a.log
expect_out "2008-11-11T22:00:00Z,AS64502,1"
expect_out "2008-11-11T22:00:00Z,AS64503,1"
expect_no_out "AS64502_AS64503"

step "--by prefix, --interval 1d, --format json"
expect_code 0 dp attribute --table-file small.ptab --by prefix \
    --interval 1d --format json a.log
json_check "
eq(d, [{'interval_start': '2008-11-11T00:00:00Z', 'key': k, 'count': n}
       for k, n in [('10.0.0.0/16', 1), ('10.0.1.0/24', 1),
                    ('192.0.2.0/24', 1), ('2001:db8::/32', 1),
                    ('208.66.192.0/22', 3), ('unmatched', 1)]])"

step "a CSV with a header naming its columns, gzip on standard input"
cat > b.csv <<'EOF'
id,"Src_IP",subject,timestamp
1,208.66.192.1,"hello, world",1226437200
2,10.0.0.9,x,2008-11-11T21:30:00Z
EOF
gzip -c b.csv > b.csv.gz
expect_code 0 sh -c "'$DEPEER' attribute --table-file small.ptab - \
    < b.csv.gz"
cat > want <<'EOF'
interval_start,key,count
2008-11-11T21:00:00Z,AS26780,1
2008-11-11T21:00:00Z,AS64500,1
EOF
cmp -s "$T/out" want || fail "CSV log: $(diff want "$T/out")"

step "malformed lines: counted, their first numbers on stderr and in --json"
cat > bad.log <<'EOF'
1226437200 208.66.192.1
1226437200 010.1.1.1
yesterday 10.0.0.1
1226437200
1226437200 10.0.0.1
EOF
expect_code 0 dp attribute --table-file small.ptab bad.log
expect_err "depeer: warning: 'bad.log': 3 malformed lines skipped (lines 2, 3, 4): line 2: the address is not an IPv4 or IPv6 address"
expect_out "2008-11-11T21:00:00Z,AS26780,1"
expect_out "2008-11-11T21:00:00Z,AS64500,1"
expect_code 0 dp attribute --table-file small.ptab bad.log --json
json_check "
eq(d['lines'], 5); eq(d['used'], 2); eq(d['malformed'], 3)
eq(d['files'][0]['malformed_lines'], [2, 3, 4])
eq(d['files'][0]['why'], 'the address is not an IPv4 or IPv6 address')
eq(d['tables'][0]['lines'], 2)
eq(len(d['counts']), 2)"

step "--strict: the first malformed line is fatal, nothing printed"
expect_code 65 dp attribute --table-file small.ptab --strict bad.log
expect_err "'bad.log': line 2: the address is not an IPv4 or IPv6 address (--strict)"
expect_out_empty

step "no line could be read; a header naming no address"
printf 'a b\nc d\n' > junk.log
expect_code 65 dp attribute --table-file small.ptab junk.log
expect_err "no line could be read"
printf 'time,host\n1,2\n' > nohead.csv
expect_code 65 dp attribute --table-file small.ptab nohead.csv
expect_err "names no address column"

step "several files: the same counts from one thread and from two"
awk 'BEGIN { srand(3); for (f = 0; f < 4; f++) for (i = 0; i < 3000; i++)
	printf "%d 10.0.%d.%d\n", 1226437200 + int(rand() * 20000),
	    int(rand() * 3), int(rand() * 256) > ("m" f ".log") }'
expect_code 0 dp attribute --table-file small.ptab --jobs 1 m0.log m1.log \
    m2.log m3.log
mv "$T/out" one.csv
expect_code 0 dp attribute --table-file small.ptab --jobs 2 m0.log m1.log \
    m2.log m3.log
cmp -s one.csv "$T/out" || fail "--jobs 2 counted differently"
total=$(awk -F, 'NR > 1 { s += $3 } END { print s }' one.csv)
[ "$total" = 12000 ] || fail "counted $total lines of 12000"

step "the command line"
expect_code 64 dp attribute --table-file small.ptab
expect_code 64 dp attribute --table-file small.ptab --table x a.log
expect_code 64 dp attribute --table-file small.ptab --by origin a.log
expect_code 64 dp attribute --table-file small.ptab --multi half a.log
expect_code 64 dp attribute --table-file small.ptab --format xml a.log
expect_code 64 dp attribute --table-file small.ptab --interval 7m a.log
expect_code 64 dp attribute --table-file small.ptab --jobs 0 a.log
expect_code 64 dp attribute --at yesterday a.log
expect_code 64 dp attribute --table-file small.ptab --add a.log
expect_code 64 dp attribute --merge --table-file small.ptab a.log
expect_code 66 dp attribute --table-file small.ptab nosuch.log
expect_code 66 dp attribute --table-file nosuch.ptab a.log
head -c 100 small.ptab > cut.ptab
expect_code 65 dp attribute --table-file cut.ptab a.log
expect_err "cut.ptab"
expect_err "export the table again with 'depeer prefixes export NAME -o FILE'"
expect_code 66 dp attribute a.log
[ ! -e "$DB" ] || fail "a refused run created a case database"

finish
