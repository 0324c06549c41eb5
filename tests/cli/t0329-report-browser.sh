#!/bin/sh
# depeer report --format html in a real browser (Debian's chromium,
# headless): screenshots at 390 px (a phone) and 1280 px wide are
# rendered, of the expected width and not blank; the DOM as rendered
# holds the summary and the chart; at 390 px nothing is wider than the
# screen (no horizontal scroll).  Headless chromium lays a window out at
# least 500 px wide, so the 390 px page is the report in a 390 px frame.  Without chromium the test is skipped,
# unless DEPEER_REQUIRE_BROWSER=1 (CI: .ci/run installs chromium with
# "make deps-browser"), when a missing browser or a page that does not
# render fails it.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

BROWSER=
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then
		BROWSER=$(command -v "$b")
		break
	fi
done
if [ -z "$BROWSER" ]; then
	if [ "${DEPEER_REQUIRE_BROWSER:-}" = 1 ]; then
		fail "DEPEER_REQUIRE_BROWSER=1 but no chromium (make deps-browser)"
	else
		echo "# $TEST_NAME: skipped: no chromium (make deps-browser;" \
		    "DEPEER_REQUIRE_BROWSER=1 makes this a failure)" >&2
	fi
	finish
fi

. "$(dirname "$0")/reportlib.sh"
expect_code 0 dp report McColo --format html -o "$T/report.html"

# browser ARGS...: chromium headless, bounded in time, its own profile
browser() {
	timeout 90 "$BROWSER" --headless --no-sandbox --disable-gpu \
	    --hide-scrollbars --no-first-run --disable-extensions \
	    --user-data-dir="$T/profile" "$@" 2>>"$T/browser.err"
}

# frame W PAGE: PAGE in a frame W px wide, and what it reports (a probe's
# message) written into the outer page's DOM
frame() {
	cat >"$T/frame$1.html" <<HTML
<!DOCTYPE html><html><body style="margin:0">
<iframe src="$2" style="border:0;width:$1px;height:2400px"></iframe>
<script>addEventListener("message", function (e) {
document.body.setAttribute("data-sw", e.data); });</script>
</body></html>
HTML
}
frame 390 report.html
for w in 390 1280; do
	step "rendered at $w px"
	rm -f "$T/shot$w.png"
	page=report.html
	[ $w = 390 ] && page=frame390.html
	browser --screenshot="$T/shot$w.png" --window-size=$w,2400 \
	    "file://$T/$page" >/dev/null
	CHECKS=$((CHECKS + 1))
	if [ ! -s "$T/shot$w.png" ]; then
		fail "no screenshot at $w px: $(tail -n 3 "$T/browser.err")"
		continue
	fi
	python3 - "$T/shot$w.png" "$w" >"$T/py.out" 2>&1 <<'PY' ||
import struct, sys, zlib
path, want = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", None
while pos < len(data):
    n, typ = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if typ == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif typ == b"IDAT":
        idat += body
    pos += 12 + n
assert w == want, "the screenshot is %d px wide, not %d" % (w, want)
assert depth == 8 and ctype in (2, 6), (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
# undo the PNG filters row by row
prev = bytearray(stride)
colours, dark, rows = set(), 0, 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        rows += 1
        for x in range(0, w, 2):
            px = bytes(line[x * bpp:x * bpp + 3])
            colours.add(px)
            if sum(px) < 200:
                dark += 1
assert len(colours) > 50, "%d colours: the page did not render" % len(colours)
share = dark / (rows * (w // 2))
assert share > 0.01, "only %.4f of the page is dark: no text" % share
print("%d colours, %.3f dark" % (len(colours), share))
PY
	fail "the $w px screenshot: $(cat "$T/py.out")"
done

step "the rendered DOM holds the summary and the chart"
browser --dump-dom --virtual-time-budget=2000 --window-size=1280,2400 \
    "file://$T/report.html" >"$T/dom.html"
CHECKS=$((CHECKS + 1))
grep -q 'is alleged to host abuse' "$T/dom.html" ||
    fail "the rendered page lacks the summary: $(tail -n 3 "$T/browser.err")"
CHECKS=$((CHECKS + 1))
grep -q '<svg' "$T/dom.html" && grep -q '<polyline' "$T/dom.html" ||
    fail "the rendered page lacks the chart"

step "at 390 px nothing is wider than the screen"
# A copy of the report with a line of script (the report has none) that
# tells the page around it its scroll width once it is laid out.
sed 's|</body>|<script>parent.postMessage(document.documentElement.scrollWidth + " " + document.documentElement.clientWidth, "*")</script></body>|' \
    "$T/report.html" >"$T/probe.html"
for w in 390 1280; do
	frame $w probe.html
	browser --dump-dom --virtual-time-budget=3000 --window-size=1300,2400 \
	    "file://$T/frame$w.html" >"$T/probe$w.dom"
	sw=$(sed -n 's/.*data-sw="\([0-9]*\) \([0-9]*\)".*/\1 \2/p' \
	    "$T/probe$w.dom" | head -1)
	CHECKS=$((CHECKS + 1))
	set -- $sw
	if [ $# -ne 2 ]; then
		fail "no scroll width measured at $w px"
	elif [ "$2" -ne $w ]; then
		fail "the frame is $2 px wide, not $w"
	elif [ "$1" -gt "$2" ]; then
		fail "at $w px the page is $1 px wide, wider than the screen"
	fi
done
finish
