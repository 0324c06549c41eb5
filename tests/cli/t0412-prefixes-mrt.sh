#!/bin/sh
# depeer prefixes import --format mrt: RIB dumps (TABLE_DUMP,
# TABLE_DUMP_V2, ADD-PATH, a record over 64 KiB, a cut-off RouteViews
# excerpt) give exactly the prefixes and origin sets that bgpdump's own
# output of the same files shows, dated by the dump; updates are refused.
# (bgpdump -m puts an ADD-PATH entry's path id before its path.)
# Reads bgpdump's test files and expected outputs, and the RouteViews
# excerpt, from ../shared/routing (skipped, saying so, when absent).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

R=$TOP/../shared/routing
if [ ! -d "$R/bgpdump/expect" ]; then
	echo "# $TEST_NAME: skipped: no ../shared/routing/bgpdump (the" \
	    "routing fixtures) beside the tree"
	exit 0
fi

# expected NAME: the canonical listing (prefix TAB origins) that the
# "bgpdump -m" lines on standard input show: per prefix, the last AS of
# each path, or every member of a final AS set; paths that are empty
# give nothing
expected() {
	python3 -c '
import sys, ipaddress
orig = {}
for line in sys.stdin:
    f = line.rstrip("\n").split("|")
    ap = f[0].endswith("_AP")
    if len(f) < 8 or f[2] != "B":
        continue
    path = f[7 if ap else 6].split()
    if not path:
        continue
    last = path[-1]
    if last.startswith("{"):
        asns = [int(x) for x in last.strip("{}").split(",")]
    else:
        asns = [int(last)]
    orig.setdefault(ipaddress.ip_network(f[5]), set()).update(asns)
key = lambda n: (n.version, int(n.network_address), n.prefixlen)
for n in sorted(orig, key=key):
    print("%s\t%s" % (n.compressed, ",".join(map(str, sorted(orig[n])))))
' >"$T/$1.want"
}

for f in bview.20020722.2337 bview.ipv4_unicast_add_path \
    bview.ipv6_unicast_add_path bview.64k_stream_overflow; do
	step "$f: the prefixes and origins bgpdump's expected output shows"
	run dp prefixes import "$R/bgpdump/$f.gz" --json
	[ "$RC" = 0 ] || fail "import of $f exit $RC: $(cat "$T/err")"
	json_check 'eq(d["format"], "mrt"); eq(d["date_from"], "mrt");
eq(d["compression"], "gzip")'
	zcat "$R/bgpdump/expect/$f.gz.bgp.gz" | expected "$f"
	expect_code 0 dp prefixes show "$f"
	if ! cmp -s "$T/out" "$T/$f.want"; then
		fail "$f: the table is not bgpdump's"
		diff "$T/$f.want" "$T/out" | head -n 5 | sed 's/^/    | /' >&2
	fi
	n=$(wc -l <"$T/$f.want")
	[ "$n" -gt 0 ] || fail "$f: nothing expected"
	sha=$(sha256sum <"$T/out" | cut -d' ' -f1)
	expect_sql "SELECT content_sha256 FROM prefix_tables WHERE name = '$f'" "$sha"
done

step "the dump's time dates the table"
expect_sql "SELECT taken_at FROM prefix_tables WHERE name = 'bview.20020722.2337'" \
    "$(zcat "$R/bgpdump/expect/bview.20020722.2337.gz.bgp.gz" | head -n 1 | cut -d'|' -f2)"

step "an entry with an empty AS path is reported, not dropped silently"
expect_code 0 dp prefixes import "$R/bgpdump/bview.ipv6_unicast_add_path.gz" \
    --name v6ap
expect_err_re "2 malformed record\(s\) skipped \(at byte [0-9]+, [0-9]+\): a RIB entry with an empty AS path"

step "updates are not a table"
db_snap
expect_refused 65 "BGP updates, not a RIB dump" \
    prefixes import "$R/bgpdump/updates.20020722.2238.gz"

step "the cut-off RouteViews excerpt: what bgpdump reads of it, a warning"
if [ -f "$R/rib.20140523.0600_firstMB.bz2" ] && command -v bgpdump \
    >/dev/null 2>&1; then
	run dp prefixes import "$R/rib.20140523.0600_firstMB.bz2" --name rv \
	    --json
	[ "$RC" = 0 ] || fail "import of the excerpt exit $RC: $(cat "$T/err")"
	expect_err "ends early (a cut-off download?)"
	json_check 'eq(d["truncated"], True); eq(d["taken_at"],
"2014-05-23T06:00:00Z"); eq(d["lines"], 270005); eq(d["prefixes6"], 0)'
	cp "$T/out" "$T/rv.json"
	bgpdump -m "$R/rib.20140523.0600_firstMB.bz2" 2>/dev/null |
	    expected rv
	json_check "eq(d['prefixes4'], $(wc -l <"$T/rv.want"))" "$T/rv.json"
	expect_code 0 dp prefixes show rv
	cmp -s "$T/out" "$T/rv.want" || fail "the excerpt's table is not bgpdump's"
else
	echo "# $TEST_NAME: the RouteViews excerpt or bgpdump is missing;" \
	    "that step is skipped"
fi

expect_code 0 dp verify
expect_out "intact"

finish
