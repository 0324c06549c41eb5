#!/bin/sh
# depeer lookup --bulk --json: the rows, written straight from each lookup
# (resolve_json.c: lookup_json_write()), make one array in the layout of
# every other JSON output of depeer (jansson's two-space indentation, keys
# in the documented order), fresh and from the store, with empty arrays,
# nulls, warnings, IPv6 and AS numbers among the rows.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS

cat >"$T/list" <<'EOF2'
208.66.192.1
208.66.193.7
AS26780
2001:db8::1
192.0.2.3
208.66.194.0/24
EOF2

# The output must be exactly the pretty form of what it parses to: the
# whole array re-dumped with two-space indentation (Python writes \u00xx
# in lower case where jansson writes upper case).
layout='import re
raw = open(sys.argv[1], encoding="utf-8").read()
want = json.dumps(d, indent=2, ensure_ascii=False) + "\n"
want = re.sub(r"\\u00([0-9a-f]{2})", lambda m: "\\u00" + m.group(1).upper(),
    want)
if raw != want:
    i = next(k for k in range(min(len(raw), len(want))) if raw[k] != want[k])
    raise AssertionError("layout differs at %d: %r, want %r"
        % (i, raw[max(0, i - 60):i + 60], want[max(0, i - 60):i + 60]))
keys = ["query", "canonical", "type", "prefixes", "range", "origin_asns",
    "origins", "netname", "handle", "org", "country", "country_from", "rir",
    "abuse_emails", "contacts", "sources", "warnings"]
for x in d:
    eq(list(x), keys)
    for s in x["sources"] + [c["source"] for c in x["contacts"]]:
        eq(list(s), ["id", "protocol", "server", "query", "fetched_at",
            "sha256", "size", "cached", "reused"])
eq([x["canonical"] for x in d], ["208.66.192.1", "208.66.193.7", "AS26780",
    "2001:db8::1", "192.0.2.3", "208.66.194.0/24"])'

step "first run: asked, the rows one JSON array"
expect_code 0 dp lookup --bulk "$T/list" --json
json_check "$layout
assert not any(s['cached'] for x in d for s in x['sources'])
eq(d[0]['abuse_emails'], ['abuse@mccolo.example'])
assert d[4]['warnings'], d[4]
eq(d[4]['abuse_emails'], [])"

step "second run: from the store, the same layout"
expect_code 0 dp lookup --bulk "$T/list" --json
json_check "$layout
assert all(s['cached'] for x in d[:2] for s in x['sources'])
eq(d[2]['type'], 'asn')
eq(d[2]['range'], None)
eq(d[5]['type'], 'cidr')
eq(d[0]['range'], d[1]['range'])
assert d[0]['range'] is not None"

finish
