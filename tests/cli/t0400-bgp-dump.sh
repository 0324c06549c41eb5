#!/bin/sh
# bgp dump: every MRT file of bgpdump's own tests (../shared/routing/
# bgpdump: TABLE_DUMP, TABLE_DUMP_V2 with ADD-PATH, a record over 64 KiB,
# BGP4MP and BGP4MP_ET updates, 4,096 withdrawals in one UPDATE, an NLRI
# with bits set past its length) printed as bgpdump's expected -m output
# says, and the truncated RouteViews RIB excerpt as the installed
# bgpdump -m prints it; the differences bgpdump's own quirks make are
# filtered, each one named below.  Needs ../shared/routing (or
# DEPEER_ROUTING) and bgpdump(1).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

R=${DEPEER_ROUTING:-$TOP/../shared/routing}
if [ ! -d "$R/bgpdump/expect" ] || ! command -v bgpdump >/dev/null 2>&1
then
	fail "needs the routing data of ../shared/routing (see its" \
	    "MANIFEST.md; or set DEPEER_ROUTING) and bgpdump (make deps)"
	finish
fi

# The filter applied to bgpdump's lines, and only to bgpdump's: each
# rule is a place where bgpdump prints something depeer(1)'s choice
# differs from on purpose (depeer-bgp(1) DUMP lists them):
#  1. IPv6 addresses: bgpdump shortens a single group of zeros to "::"
#     (2001:7f8:30::2:1:0:8447); RFC 5952, inet_ntop(3) and depeer do
#     not (2001:7f8:30:0:2:1:0:8447).  Rewritten in RFC 5952 form; the
#     addresses with an IPv4 tail (::ffff:193.0.0.56) are the same in
#     both and left alone.
#  2. A route with no next hop at all: bgpdump prints its placeholder
#     255.255.255.255, depeer an empty field.
#  3. (--mask, for bgpdump 1.6.2 only) 1.6.2 prints NLRI prefixes with
#     the bits past their length set as in the file; its later versions
#     (the expected outputs) and depeer clear them.
cat >filter.py <<'PY'
import ipaddress, re, sys
mask = "--mask" in sys.argv
v6 = re.compile(r'^[0-9a-f:]*:[0-9a-f:]*$')
def addr(s):
    if v6.match(s) and "::" in s:
        return str(ipaddress.IPv6Address(s))
    return s
def field(s):
    if "/" in s:
        a, l = s.split("/", 1)
        if mask and ":" not in a and "." in a:
            return str(ipaddress.ip_network(s, strict=False))
        return addr(a) + "/" + l
    return addr(s)
for line in sys.stdin:
    f = line.rstrip("\n").split("|")
    f = [field(x) if ":" in x or "/" in x else x for x in f]
    if len(f) > 3 and f[2] in ("A", "B"):
        nh = 9 if f[0].endswith("_AP") else 8
        if f[nh] == "255.255.255.255":
            f[nh] = ""
    sys.stdout.write("|".join(f) + "\n")
PY

# same NAME [--mask]: $T/out (depeer's lines, from the last "run")
# equals $T/want (bgpdump's) filtered
same() {
	CHECKS=$((CHECKS + 1))
	"$PYTHON" filter.py "$@" <want >want.f || fail "the filter failed"
	if ! cmp -s "$T/out" want.f; then
		fail "$1: depeer's lines differ from bgpdump's:"
		diff "$T/out" want.f | head -10 >&2
	fi
}

step "bgpdump's test files, against its expected -m output"
for f in "$R"/bgpdump/*.gz; do
	b=$(basename "$f")
	step "$b"
	gzip -dc "$R/bgpdump/expect/$b.bgp.gz" >want
	case $b in
	updates.nlri_mask_trailing_bits.gz)
		# The UPDATE's NLRI ends in a prefix cut short, which bgpdump
		# keeps aside silently: warned about here, exit 65.
		expect_code 65 dp bgp dump "$f"
		expect_err "offset 84: prefix has bits set past its length /13; read as 11.8.0.0/13"
		expect_err "offset 87: prefix cut short by the end of its list; skipped"
		;;
	*)
		expect_code 0 dp bgp dump "$f"
		expect_err_empty
		;;
	esac
	same "$b"
	CHECKS=$((CHECKS + 1))
	[ -s "$T/out" ] || fail "$b: no lines"
done

step "the RouteViews RIB excerpt against the installed bgpdump -m"
RIB=$R/rib.20140523.0600_firstMB.bz2
bgpdump -m "$RIB" >want 2>/dev/null
expect_code 65 dp bgp dump "$RIB"
same rib --mask
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$T/out")" -eq 270005 ] ||
    fail "$(wc -l <"$T/out") lines, not 270005"
expect_err "offset 15273283: record of type 13 subtype 2 declares 1985 bytes but the file ends 1267 bytes into it; the file is truncated"
expect_err "the bzip2 stream ends early: the file is truncated"

step "the trailing bits as bgpdump 1.6.2 prints them (filtered by --mask)"
f=$R/bgpdump/updates.nlri_mask_trailing_bits.gz
bgpdump -m "$f" >want 2>/dev/null
CHECKS=$((CHECKS + 1))
grep -q '|11.13.0.0/13|' want ||
    fail "the installed bgpdump no longer prints 11.13.0.0/13: drop --mask"
expect_code 65 dp bgp dump "$f"
expect_out_re '^BGP4MP\|1289168632\|A\|12\.0\.1\.63\|7018\|11\.8\.0\.0/13\|'
same trailing --mask

step "the filter is needed: without it the IPv6 and next-hop lines differ"
gzip -dc "$R/bgpdump/expect/updates.20100722.2015.gz.bgp.gz" >want
expect_code 0 dp bgp dump "$R/bgpdump/updates.20100722.2015.gz"
CHECKS=$((CHECKS + 1))
cmp -s "$T/out" want && fail "no IPv6 address bgpdump shortens differently"
gzip -dc "$R/bgpdump/expect/bview.ipv6_unicast_add_path.gz.bgp.gz" >want
expect_code 0 dp bgp dump "$R/bgpdump/bview.ipv6_unicast_add_path.gz"
expect_out "|IGP||100|0||NAG||"
CHECKS=$((CHECKS + 1))
grep -q '|IGP|255.255.255.255|100|' want ||
    fail "bgpdump no longer prints 255.255.255.255 for no next hop"

finish
