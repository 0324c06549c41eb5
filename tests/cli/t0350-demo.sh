#!/bin/sh
# make demo (db/examples/demo.sh): the McColo case end to end on the
# loopback test network, as a first command on a fresh machine would run
# it: it succeeds, tells each step of the story (resolution, complaints
# sent and answered, the baseline, the cut-off found by watch, the
# rehoming and the second cut-off, the measured drop, the journalist's
# update sent, the report, the bundle checked), and leaves the files it
# names: a report with its chart, a bundle that sha256sum -c accepts, the
# update as the local mail server received it.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

step "the demo runs"
mkdir "$T/tmp"
TMPDIR=$T/tmp DEPEER=$DEPEER expect_code 0 sh "$TOP/db/examples/demo.sh"
dir=$(ls -d "$T"/tmp/depeer-demo.* 2>/dev/null | head -n 1)
[ -n "$dir" ] || fail "the demo left no folder"
grep -q "complaint 1 sent to abuse@gblx.example via smtp://mail.test:587: 250" "$T/out" ||
    fail "complaint 1 was not sent"
expect_out "complaint 1: mail 1 auto-reply, ticket Ticket#2008111010000042 (in-reply-to): sent -> acknowledged"
expect_out "complaint 2: mail 2 reply (in-reply-to): sent -> answered"
expect_out "McColo: first run, baseline recorded: online, upstreams AS3549, AS6939"
expect_out_re "^McColo: offline: no prefix of AS26780 announced"
expect_out_re "^McColo: upstream-lost AS3549: "
expect_out_re "^McColo: rehomed AS1299: "
expect_out "means:       fell 68% (95% interval: a fall of 66% to 69%"
expect_out "             week 3: fell 61%"
expect_out "drafted status update 3 to Demo Journalist <reporter@news.example> (The Example Post)"
expect_out "complaint 3 sent to reporter@news.example"
expect_out_re "^bundle intact: [0-9]+ files match SHA256SUMS; 10 registry answers, 2 complaints, 2 mails"
expect_out_re "^intact: 39 audit entries"
expect_out "The report (open it in a browser): $dir/report.html"
expect_no_err "depeer: "
expect_no_out "$TOP"

step "the files it names"
grep -q '<svg' "$dir/report.html" || fail "the report has no chart"
grep -q 'is alleged to host abuse' "$dir/report.html" ||
    fail "the report has no summary"
(cd "$dir/bundle" && sha256sum --quiet -c SHA256SUMS) ||
    fail "the bundle does not check"
(cd "$dir/media-bundle" && sha256sum --quiet -c SHA256SUMS) ||
    fail "the journalist's bundle does not check"
python3 - "$dir/net/mail/3.eml" "$dir/media-bundle/SHA256SUMS" <<'PY' ||
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
    policy=email.policy.strict)
assert m["To"] == "Demo Journalist <reporter@news.example>", m["To"]
att = {p.get_filename(): p.get_content() for p in m.iter_attachments()}
assert sorted(att) == ["SHA256SUMS", "report.html"], sorted(att)
assert att["SHA256SUMS"] == open(sys.argv[2]).read()
assert "208.66.194.37" not in att["report.html"]
body = m.get_body(("plain",)).get_content()
assert "2008-11-11 21:30 UTC: AS3549 stopped carrying" in body, body
PY
    fail "the update the journalist received"
finish
