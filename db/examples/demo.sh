#!/bin/sh
# demo.sh - "make demo": the McColo case (2008) end to end, replayed on
# the loopback test network (tests/fakenet/) with no internet:
#
#   1. the provider and its evidence from the bundled case files;
#   2. its upstreams resolved from recorded registry answers (authored in
#      the registries' real formats from public facts, marked as such);
#   3. complaints drafted to both upstreams and sent to the local mail
#      server; the desks' replies (authored) imported;
#   4. a journalist added, and watch's baseline taken;
#   5. the cut-off of 2008-11-11 found by watch between two runs;
#   6. a synthetic spamtrap series (db/examples/gen-spamtrap.py: a drop at
#      the cut-off and a partial rebound) measured with impact;
#   7. a status update drafted for the journalist and sent, the report
#      written as HTML, the case bundle exported and verified.
#
# Times are 2008's (DEPEER_NOW).  The case database, the report, the
# bundles and the mail the local server received stay in the folder it
# prints at the end (under $TMPDIR, or /tmp).
set -eu
: "${DEPEER:=./depeer}"
top=$(cd "$(dirname "$0")/../.." && pwd)
# The bundled files are named as in the source tree, db/examples/...
cd "$top"
here=db/examples
dir=$(mktemp -d "${TMPDIR:-/tmp}/depeer-demo.XXXXXX")
net=$dir/net
db=$dir/case.db
fakenet_pid=
cleanup() {
	[ -z "$fakenet_pid" ] || kill "$fakenet_pid" 2>/dev/null || :
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

run() {
	line=""
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_./:,+=@-]*|"") line="$line '$a'" ;;
		*) line="$line $a" ;;
		esac
	done
	printf '\n$ depeer%s\n' "$line" | sed -e "s|$dir/||g"
	[ -z "${DEMO_TIMES:-}" ] || date +%s.%N >&2
	"$DEPEER" --db "$db" "$@"
}
say() {
	printf '\n# %s\n' "$*"
}
at() {
	DEPEER_NOW=$1
	export DEPEER_NOW
}

# The loopback network: registries (WHOIS, RDAP, RIPEstat, Team Cymru,
# RADB) answering from recorded files, and a mail server.
mkdir -p "$net"
python3 -S "$top/tests/fakenet/fakenet.py" --state "$net" \
    --routes "$top/tests/fakenet/watch.txt" \
    --routes "$top/tests/fakenet/routes.txt" --max-seconds 120 \
    >"$net/stdout" 2>&1 &
fakenet_pid=$!
i=0
while [ ! -f "$net/ready" ]; do
	i=$((i + 1))
	if [ $i -gt 400 ]; then
		echo "demo: the test network did not start:" >&2
		tail -n 5 "$net/stdout" >&2
		exit 69
	fi
	sleep 0.05
done
DEPEER_CONNECT_TO=$(cat "$net/connect_to")
DEPEER_CA_BUNDLE=$net/ca.pem
DEPEER_DNS_SERVER=$(cat "$net/dns_server")
# The demo's own configuration, so that yours is left alone.
DEPEER_CONFIG=$dir/config
export DEPEER_CONNECT_TO DEPEER_CA_BUNDLE DEPEER_DNS_SERVER DEPEER_CONFIG
: >"$DEPEER_CONFIG"
unset DEPEER_FROM DEPEER_SMTP_URL DEPEER_SMTP_USER DEPEER_SMTP_PASSWORD

echo "depeer demo: the McColo case (San Jose, de-peered 2008-11-11)"
echo "everything runs on this machine: recorded registry answers and a local"
echo "mail server on the loopback network; no internet"

say "1. The provider and what we recorded against it"
at 2008-11-10T08:00:00Z
run init
run config set from "Demo Researcher <researcher@example.org>"
run config set smtp_url smtp://mail.test:587
# One local server: no pause between two messages is needed.
run config set smtp_pace 0
run provider add "McColo" --asn AS26780 \
	--prefix 208.66.192.0/22 --prefix 208.72.168.0/21 \
	--prefix 208.72.173.0/24 --country US --url http://www.mccolo.com/ \
	--note "Hosting provider in San Jose, California."
run evidence import --provider McColo "$here/mccolo-evidence.csv"
run evidence add --provider McColo --kind c2 \
	--indicator 208.66.194.37 --observed-at "2008-10-02 10:05 -0400" \
	--family Srizbi --source "example sinkhole" \
	--note "Illustrative example row with the sinkhole log excerpt attached." \
	--file "$here/sinkhole-excerpt.txt"

say "2. Who carries its traffic: the upstreams, from the registries"
run provider resolve McColo
run upstreams McColo

say "3. Complaints to both upstreams, sent to the local mail server"
at 2008-11-10T09:00:00Z
run complaint draft --provider McColo --upstream AS3549 --upstream AS6939
run complaint send 1 2
# The desks' answers (authored for the demo), in reply to what was sent.
for f in gblx-ack:1 he-answer:2; do
	name=${f%:*} id=${f#*:}
	"$DEPEER" --db "$db" --json complaint show "$id" >"$dir/c$id.json"
	mid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["message_id"])' "$dir/c$id.json")
	subj=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["subject"])' "$dir/c$id.json")
	sed -e "s|@MSGID@|<$mid>|g" -e "s|@SUBJECT@|$subj|" \
	    -e "s|@TO@|researcher@example.org|" \
	    "$here/replies/$name.eml.in" >"$dir/$name.eml"
done
at 2008-11-10T09:30:00Z
run inbox import "$dir/gblx-ack.eml"

say "4. A journalist follows the case; watch takes its baseline"
at 2008-11-10T12:00:00Z
run media add "Demo Journalist" reporter@news.example \
	--outlet "The Example Post" --provider McColo
run watch

say "5. Still live on the day; then watch, run again from cron, finds the routes gone"
at 2008-11-11T21:00:00Z
run evidence import --provider McColo "$here/mccolo-more.jsonl"
echo offline >"$net/phase"
at 2008-11-11T21:30:00Z
run watch
at 2008-11-11T23:30:00Z
run inbox import "$dir/he-answer.eml"
echo rehomed >"$net/phase"
at 2008-11-15T03:00:00Z
run watch
echo offline >"$net/phase"
at 2008-11-16T02:00:00Z
run watch
run timeline McColo

say "6. What it did to the spam: a spamtrap's hourly counts (synthetic)"
at 2008-12-09T08:00:00Z
run measure import "$here/spamtrap-2008.csv" --series spamtrap --interval 1h
run impact --series spamtrap --at event:1 --window 14d

say "7. A status update to the journalist, the report, the bundle"
at 2008-12-09T09:00:00Z
run report McColo --to-media --series spamtrap --at event:1 \
	--bundle "$dir/media-bundle"
run complaint send 3
run report McColo --series spamtrap --at event:1 --format html \
	-o "$dir/report.html"
# The whole case, for colleagues: evidence, registry answers, messages.
run export bundle McColo -o "$dir/bundle"
run verify --bundle "$dir/bundle"
run verify

echo
echo "The report (open it in a browser): $dir/report.html"
echo "The case bundle for colleagues:    $dir/bundle"
echo "  check it: cd $dir/bundle && sha256sum -c SHA256SUMS"
echo "What the journalist was sent:      $net/mail/3.eml"
echo "The case database:                 $db"
echo "  try: ./depeer --db $db timeline McColo"
