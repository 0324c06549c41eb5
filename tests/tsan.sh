#!/bin/sh
# tsan.sh - the code that runs threads, under ThreadSanitizer: the unit
# suites of the threaded modules (the SHA-256 hasher thread, zread's
# hashing and decoding ahead, bzip2 blocks on several threads, bgp
# import's folds and store, attribute's workers), then the real binary
# over real files: "bgp import" of the RouteViews RIB excerpt (bzip2 on
# several threads), the same decompressed (the hasher thread) and a RIS
# updates file; "prefixes import" of a gzip table (decoded ahead);
# "attribute --jobs 2" over a plain and a gzip log, and over the gzip
# log alone (decoded ahead).  Any report fails the run (halt_on_error).
#
# Build first: make SANITIZE=thread build/tsan/depeer build/tsan/check_depeer
#   sh tests/tsan.sh            (DEPEER_ROUTING: the routing data, default
#                                ../shared/routing beside the tree)
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
B=$TOP/build/tsan
R=${DEPEER_ROUTING:-$TOP/../shared/routing}
TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
for f in "$B/depeer" "$B/check_depeer"; do
	[ -x "$f" ] || { echo "tsan: $f missing (make SANITIZE=thread" \
	    "build/tsan/depeer build/tsan/check_depeer)" >&2; exit 69; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/depeer-tsan.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "tsan: FAIL: $*" >&2; exit 1; }

# The suites whose code starts threads.
for s in hash zread bz2par bgp_obs bgp_store; do
	(cd "$TOP/tests" && DEPEER_TEST_FIXTURES=$TOP/tests/fixtures \
	    CK_RUN_SUITE=$s "$B/check_depeer") >"$T/unit.log" 2>&1 ||
	    { cat "$T/unit.log"; fail "unit suite $s"; }
	grep "Checks:" "$T/unit.log"
done

rib=$R/rib.20140523.0600_firstMB.bz2
upd=$R/bgpdump/updates.20160811.1600.gz
tab=$R/ipasn_20140513.dat.gz
for f in "$rib" "$upd" "$tab"; do
	[ -r "$f" ] || fail "'$f' missing: the routing data is needed" \
	    "(DEPEER_ROUTING)"
done
(bzip2 -dc "$rib" >"$T/rib.mrt") 2>/dev/null || true
dp() { "$B/depeer" --db "$T/t.db" "$@"; }
dp init >/dev/null
dp bgp import "$rib" "$T/rib.mrt" "$upd" >"$T/out" 2>"$T/err" ||
    { cat "$T/err"; fail "bgp import"; }
grep -c "^bgp import" "$T/out" | grep -qx 3 || fail "bgp import: 3 imports"
dp prefixes import "$tab" --name t14 --date 2014-05-13 >/dev/null \
    2>"$T/err" || { cat "$T/err"; fail "prefixes import"; }
python3 - "$T/log" <<'PY'
import random, sys
r = random.Random(14)
with open(sys.argv[1], "w") as f:
    for i in range(300000):
        f.write("%d %d.%d.%d.%d\n" % (1400000000 + i * 3, r.randint(1, 223),
                r.randint(0, 255), r.randint(0, 255), r.randint(0, 255)))
PY
gzip -c "$T/log" >"$T/log.gz"
dp attribute --table t14 --jobs 2 "$T/log" "$T/log.gz" >"$T/out" \
    2>"$T/err" || { cat "$T/err"; fail "attribute --jobs 2"; }
# one gzip file: decoded ahead by zread's thread
dp attribute --table t14 --jobs 2 "$T/log.gz" >"$T/out" \
    2>"$T/err" || { cat "$T/err"; fail "attribute --jobs 2, one gzip log"; }
dp verify >/dev/null 2>"$T/err" || { cat "$T/err"; fail "verify"; }
echo "tsan: no report"
