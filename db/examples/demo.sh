#!/bin/sh
# demo.sh - "make demo": record the McColo case (2008) from the bundled
# example files into a fresh case database in a temporary folder, and show
# it.  The indicators are illustrative addresses inside McColo's real
# prefixes, marked as such in every row; the provider facts are public.
set -eu
: "${DEPEER:=./depeer}"
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/depeer-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
db="$dir/case.db"
run() {
	line=""
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_./:,+=@-]*|"") line="$line '$a'" ;;
		*) line="$line $a" ;;
		esac
	done
	printf '\n$ depeer%s\n' "$line" | sed "s|$here/|db/examples/|g"
	"$DEPEER" --db "$db" "$@"
}

echo "depeer demo: the McColo case (San Jose, de-peered 2008-11-11)"
echo "case database: $db (removed at the end)"
run init
run provider add "McColo Corporation" --asn AS26780 \
	--prefix 208.66.192.0/22 --prefix 208.72.168.0/21 \
	--prefix 208.72.173.0/24 --country US --url http://www.mccolo.com/ \
	--note "Hosting provider in San Jose. Upstreams Global Crossing (AS3549) and Hurricane Electric (AS6939) cut it off on 2008-11-11 about 21:23 UTC."
run evidence import --provider "McColo Corporation" "$here/mccolo-evidence.csv"
run evidence import --provider "McColo Corporation" "$here/mccolo-more.jsonl"
run evidence add --provider "McColo Corporation" --kind c2 \
	--indicator 208.66.194.37 --observed-at "2008-10-02 10:05 -0400" \
	--family Srizbi --source "example sinkhole" \
	--note "Illustrative example row with the sinkhole log excerpt attached." \
	--file "$here/sinkhole-excerpt.txt"
run provider show "McColo Corporation"
run evidence list --provider "McColo Corporation"
run evidence show 11
# A complaint to McColo's own abuse desk, drafted for review.  The demo
# makes no registry lookups, so the address is given; the sender comes
# from the environment, so that your configuration is left alone.
DEPEER_FROM=${DEPEER_FROM:-"Demo Researcher <researcher@example.org>"}
export DEPEER_FROM
run complaint draft --provider "McColo Corporation" \
	--to abuse@mccolo.example --template provider-abuse
run complaint show 1
run log
run verify
