#!/bin/sh
# lookup.sh - "make bench": resolve 1,000 addresses of one case (900 IPv4,
# 100 IPv6, in 51 networks of the five RIRs; bench/gen-registries.py) to
# origin AS and abuse contact against the loopback registries
# (tests/fakenet) with LATENCY_MS added to every request: depeer's
# "lookup --bulk", then the same again answered from its store, beside a
# shell loop of Debian's whois(1) client doing by hand what depeer does
# (IANA, the RIR it refers to with depeer's query string, Team Cymru).
# Every fact of both is checked against what the generator authored; a
# wrong or missing one fails the run (exit 1); a target missed is only
# reported, as in bench/import.sh.  Only 127.0.0.1 is ever asked.  Each
# side runs RUNS times (default 3: depeer from a fresh database, then from
# its store, then the loop) and is reported as its median (bench/lib.sh).
#
#   DEPEER=path/to/depeer (./depeer)  LATENCY_MS=50  RUNS=3  sh bench/lookup.sh
#   LOOP=0  leaves out the whois(1) loop (about 4 minutes a run at 50 ms)
#   LARGE=10000  then resolves that many addresses (9 in 10 IPv4) once
#                and three times more from the store, and reports the
#                median wall time and peak memory (max RSS) of those
#                cached runs, with --json and as text; LARGE=0 skips it
set -eu
: "${DEPEER:=./depeer}"
: "${LATENCY_MS:=50}"
: "${LOOP:=1}"
: "${LARGE:=10000}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$here/lib.sh"
# Nothing of the user's settings reaches depeer or whois(1): a config
# file or DEPEER_* variable could name a registry host that
# DEPEER_CONNECT_TO does not send to the loopback, or turn the cache off.
for v in $(env | sed -n 's/^\(DEPEER_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$v"
done
unset WHOIS_OPTIONS WHOIS_SERVER
for t in python3 whois; do
	command -v "$t" >/dev/null ||
	    { echo "bench: $t missing (make deps)" >&2; exit 69; }
done
if ! "$DEPEER" lookup --help 2>&1 | grep -q -e --bulk; then
	echo "bench: '$DEPEER lookup' has no --bulk" >&2
	exit 69
fi

net_pid=
dir=$(mktemp -d "${TMPDIR:-/tmp}/depeer-bench.XXXXXX")
# shellcheck disable=SC2317  # run by the trap
cleanup() {
	if [ -n "$net_pid" ]; then
		kill "$net_pid" 2>/dev/null || :
		wait "$net_pid" 2>/dev/null || :
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
BENCH_DIR=$dir
export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
    XDG_DATA_HOME="$dir/home/.local/share"
mkdir -p "$HOME"

python3 "$here/gen-registries.py" "$dir/data"
addrs=$dir/data/addrs.txt
n_addrs=$(wc -l < "$addrs")
n_v6=$(grep -c : "$addrs" || :)
n_nets=$(grep -c '^whois\.[a-z]*\.net	' "$dir/data/routes.txt" || :)

# The loopback registries; they stop by themselves after an hour.
python3 "$root/tests/fakenet/fakenet.py" --state "$dir/net" \
    --routes "$dir/data/routes.txt" --latency-ms "$LATENCY_MS" \
    --max-seconds 3600 > "$dir/net.out" 2>&1 &
net_pid=$!
i=0
while [ ! -f "$dir/net/ready" ]; do
	i=$((i + 1))
	if [ "$i" -gt 200 ] || ! kill -0 "$net_pid" 2>/dev/null; then
		echo "bench: fakenet did not start:" >&2
		tail -n 5 "$dir/net.out" >&2
		exit 69
	fi
	sleep 0.05
done
log=$dir/net/log
touch "$log"

lines() { wc -l < "$log" | tr -d ' '; }

# depeer: everything at once, then the same from the store.
status=0
dp() {	# dp RUN DB: output in $dir/outRUN.json, stderr in $dir/errRUN
	rc=0
	[ -f "$2" ] || "$DEPEER" --db "$2" init >/dev/null
	DEPEER_CONNECT_TO=$(cat "$dir/net/connect_to") \
	DEPEER_CA_BUNDLE=$dir/net/ca.pem \
	    "$DEPEER" --db "$2" lookup --bulk "$addrs" \
	    --source whois --source cymru --json \
	    > "$dir/out$1.json" 2> "$dir/err$1" || rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$dir/err$1" ]; then
		echo "bench: depeer lookup --bulk, run $1: exit $rc," \
		    "stderr:" >&2
		head -n 5 "$dir/err$1" >&2
		[ "$rc" -eq 0 ] || status=1
	fi
}

# The peer: whois(1) pointed at the fake servers, one address at a time,
# sending the query strings depeer sends (whois_query(), src/whois_parse.c)
# and reading each registry's abuse contact by that registry's rule.
while read -r name port; do
	case $name in
	whois.iana.org) p_iana=$port ;;
	whois.arin.net) p_arin=$port ;;
	whois.ripe.net) p_ripe=$port ;;
	whois.apnic.net) p_apnic=$port ;;
	whois.lacnic.net) p_lacnic=$port ;;
	whois.afrinic.net) p_afrinic=$port ;;
	whois.cymru.com) p_cymru=$port ;;
	esac
done < "$dir/net/ports"
ask() {	# ask PORT QUERY: whois(1), never anything but 127.0.0.1
	whois -h 127.0.0.1 -p "$1" -- "$2" || :
}
peer_loop() {
	while IFS= read -r ip; do
		abuse=
		refer=$(ask "$p_iana" "$ip" | sed -n 's/^refer: *//p')
		case $refer in
		whois.arin.net)
			abuse=$(ask "$p_arin" "n + $ip" |
			    sed -n 's/^OrgAbuseEmail: *//p' | head -n 1) ;;
		whois.ripe.net|whois.afrinic.net)
			[ "$refer" = whois.ripe.net ] && p=$p_ripe || p=$p_afrinic
			abuse=$(ask "$p" "-r $ip" | sed -n \
			    "s/^% Abuse contact for '.*' is '\(.*\)'\$/\1/p" |
			    head -n 1) ;;
		whois.apnic.net)
			# The block's mnt-irt: the irt object's abuse-mailbox.
			abuse=$(ask "$p_apnic" "-r $ip" |
			    sed -n 's/^abuse-mailbox: *//p' | head -n 1) ;;
		whois.lacnic.net)
			# abuse-c names a nic-hdl block; its e-mail.
			abuse=$(ask "$p_lacnic" "$ip" | awk '
			    $1 == "abuse-c:" { h = $2 }
			    $1 == "nic-hdl:" { cur = $2 }
			    $1 == "e-mail:" && h != "" && cur == h { print $2; exit }') ;;
		esac
		origin=$(ask "$p_cymru" " -v $ip" | awk -F'|' '
		    NF >= 7 && $1 ~ /^ *[0-9]/ { split($1, f, " "); print f[1]; exit }')
		echo "$ip ${origin:--} ${abuse:--}"
	done < "$addrs"
}
loop_to() {
	peer_loop > "$1"
}

# Run i: depeer from a fresh database (outc<i>.json), again from its store
# (outw<i>.json), then the loop (loop<i>.txt).  The requests of the first
# run are counted by phase: fakenet's log lines up to l1, l2 and l3.
i=1
while [ "$i" -le "$RUNS" ]; do
	timed cold dp "c$i" "$dir/bench$i.db"
	[ "$i" -ne 1 ] || l1=$(lines)
	timed cached dp "w$i" "$dir/bench$i.db"
	[ "$i" -ne 1 ] || l2=$(lines)
	if [ "$LOOP" != 0 ]; then
		timed loop loop_to "$dir/loop$i.txt"
	fi
	[ "$i" -ne 1 ] || l3=$(lines)
	i=$((i + 1))
done

# Every fact beside the authored one (expected.txt) and the loop's.
python3 - "$dir" "$LOOP" "$RUNS" > "$dir/facts.txt" 2>&1 <<'PY' || status=1
import json, sys
d, loop, runs = sys.argv[1], sys.argv[2] != "0", int(sys.argv[3])
exp = {}
for l in open(d + "/data/expected.txt"):
    ip, asn, abuse = l.split()
    exp[ip] = (int(asn), abuse)
def loop_facts(path):
    peer = {}
    for l in open(path):
        ip, asn, abuse = l.split()
        peer[ip] = (int(asn) if asn.isdigit() else asn, abuse)
    return peer
bad = 0
def check(name, gots):
    """Every run's facts (gots: one dict a run) against the authored."""
    global bad
    nw = nm = 0
    shown = []
    for r, got in enumerate(gots, 1):
        wrong = [ip for ip in exp if ip in got and got[ip] != exp[ip]]
        missing = [ip for ip in exp if ip not in got]
        nw += len(wrong)
        nm += len(missing)
        shown += ["    run %d: %s: %s, authored %s" %
                  (r, ip, got.get(ip, "missing"), exp[ip])
                  for ip in (wrong + missing)[:5 - len(shown)]]
    print("  %-34s %4d wrong %4d missing" %
          ("%s (%d run%s)" % (name, len(gots), "s" if len(gots) > 1 else ""),
           nw, nm))
    for s in shown:
        print(s)
    bad += nw + nm
def depeer(path):
    got = {}
    try:
        with open(path) as f:
            out = json.load(f)
    except ValueError as e:
        print("bench: %s: %s" % (path, e), file=sys.stderr)
        out = []
    for o in out:
        got[o["canonical"]] = (o["origin_asns"],
                               (o["abuse_emails"] or ["-"])[0])
    # One origin AS, the authored one; the abuse address first.
    return {ip: (v[0][0] if len(v[0]) == 1 else v[0], v[1])
            for ip, v in got.items()}
print("facts (origin AS, first abuse address) beside the authored ones")
rng = range(1, runs + 1)
peers = [loop_facts("%s/loop%d.txt" % (d, r)) for r in rng] if loop else []
if loop:
    check("whois(1) loop", peers)
cold = [depeer("%s/outc%d.json" % (d, r)) for r in rng]
check("depeer", cold)
check("depeer, from the cache", [depeer("%s/outw%d.json" % (d, r)) for r in rng])
if loop:
    diff = sum(1 for c, p in zip(cold, peers) for ip in exp
               if c.get(ip) != p.get(ip))
    print("  %-34s %4d differ" % ("depeer beside the loop", diff))
    bad += diff
sys.exit(1 if bad else 0)
PY

printf 'lookup of %s addresses (%s IPv6) in %s networks of the five RIRs,\n' \
    "$n_addrs" "$n_v6" "$n_nets"
printf 'origin AS and abuse contact, %s ms per request; median of %s runs\n' \
    "$LATENCY_MS" "$RUNS"
if [ "$LOOP" != 0 ]; then
	report_row "whois(1) loop (IANA, RIR, Cymru)" loop
fi
report_row "depeer lookup --bulk" cold \
    "(target < 3 s: $(verdict "$(median cold)" '<' 3))"
report_row "depeer, answered from the cache" cached \
    "(target < 0.2 s: $(verdict "$(median cached)" '<' 0.2))"
if [ "$LOOP" != 0 ]; then
	r=$(ratio "$(median loop)" "$(median cold)")
	printf '  loop/depeer = %s (target >= 20: %s)\n' "$r" \
	    "$(verdict "$r" '>=' 20)"
fi

cat "$dir/facts.txt"

# Requests per server in each phase, from fakenet's log; a Team Cymru
# bulk session is one connection ("begin") carrying one line an address.
echo "requests per server in the first run" \
    "(whois.cymru.com: queries / connections)"
awk -F'\t' -v l1="$l1" -v l2="$l2" -v l3="$l3" -v loop="$LOOP" '
	{ p = NR <= l1 ? 1 : NR <= l2 ? 2 : NR <= l3 ? 3 : 0 }
	p == 0 { next }
	$2 == "begin" { conn[$1, p]++; next }
	{ q[$1, p]++; seen[$1] = 1 }
	$1 != "whois.cymru.com" || $2 ~ /^ *-v / { conn[$1, p]++ }
	function cell(s, p) {
		if (s == "whois.cymru.com")
			return sprintf("%d / %d", q[s, p], conn[s, p])
		return sprintf("%d", q[s, p])
	}
	END {
		printf "  %-24s %14s %14s %14s\n", "", "loop", "depeer",
		    "cached"
		n = split("whois.iana.org whois.arin.net whois.ripe.net " \
		    "whois.apnic.net whois.lacnic.net whois.afrinic.net " \
		    "whois.cymru.com", order, " ")
		for (i = 1; i <= n; i++) {
			s = order[i]
			printf "  %-24s %14s %14s %14s\n", s,
			    loop != "0" ? cell(s, 3) : "-", cell(s, 1),
			    cell(s, 2)
		}
		for (s in seen) {
			known = 0
			for (i = 1; i <= n; i++)
				if (order[i] == s)
					known = 1
			if (!known)
				printf "  %-24s %14s %14s %14s\n", s,
				    loop != "0" ? cell(s, 3) : "-",
				    cell(s, 1), cell(s, 2)
		}
	}' "$log"

# ---- many addresses, answered from the store ----
# The memory of a cached run must not grow with the number of addresses
# (each lookup is printed and released as it is done, each shared answer
# parsed once), and its time stays small.
if [ "$LARGE" -gt 0 ]; then
	kill "$net_pid" 2>/dev/null || :
	wait "$net_pid" 2>/dev/null || :
	net_pid=
	v6=$((LARGE / 10))
	python3 "$here/gen-registries.py" --v4 $((LARGE - v6)) --v6 "$v6" \
	    "$dir/large" >/dev/null
	python3 "$root/tests/fakenet/fakenet.py" --state "$dir/net2" \
	    --routes "$dir/large/routes.txt" --latency-ms "$LATENCY_MS" \
	    --max-seconds 3600 > "$dir/net2.out" 2>&1 &
	net_pid=$!
	i=0
	while [ ! -f "$dir/net2/ready" ]; do
		i=$((i + 1))
		if [ "$i" -gt 200 ] || ! kill -0 "$net_pid" 2>/dev/null; then
			echo "bench: fakenet did not start" >&2
			exit 69
		fi
		sleep 0.05
	done
	# measure OUT ARGS...: one run of depeer; prints "SECONDS MAXRSS-KB
	# CPU-SECONDS" (its own peak and user+system time, from getrusage of
	# the child: on a busy machine the wall time says less), or fails.
	measure() {
		_out=$1
		shift
		DEPEER_CONNECT_TO=$(cat "$dir/net2/connect_to") \
		DEPEER_CA_BUNDLE=$dir/net2/ca.pem \
		python3 - "$_out" "$DEPEER" --db "$dir/large.db" lookup \
		    --bulk "$dir/large/addrs.txt" --source whois \
		    --source cymru "$@" <<'PY'
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    t = time.monotonic()
    rc = subprocess.call(sys.argv[2:], stdout=out)
    secs = time.monotonic() - t
if rc != 0:
    sys.exit("bench: depeer exited %d" % rc)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %d %.3f" % (secs, ru.ru_maxrss, ru.ru_utime + ru.ru_stime))
PY
	}
	median() { sort -n | sed -n 2p; }
	"$DEPEER" --db "$dir/large.db" init >/dev/null
	measure "$dir/large0.json" --json >/dev/null || status=1
	for mode in json text; do
		for k in 1 2 3; do
			if [ "$mode" = json ]; then
				measure "$dir/large$k.$mode" --json
			else
				measure "$dir/large$k.$mode"
			fi || status=1
		done > "$dir/large.$mode"
	done
	python3 - "$dir" <<'PY' || status=1
import json, sys
d = sys.argv[1]
exp = {}
for l in open(d + "/large/expected.txt"):
    ip, asn, abuse = l.split()
    exp[ip] = (int(asn), abuse)
bad = 0
for name in ("large0.json", "large1.json"):
    got = {o["canonical"]: (o["origin_asns"], (o["abuse_emails"] or ["-"])[0])
           for o in json.load(open(d + "/" + name))}
    bad += sum(1 for ip in exp
               if got.get(ip) != ([exp[ip][0]], exp[ip][1]))
    assert all(s["cached"] for o in json.load(open(d + "/large1.json"))
               for s in o["sources"]), "a cached run asked the network"
if bad:
    print("bench: %d wrong or missing facts in the large runs" % bad)
    sys.exit(1)
PY
	printf '%s addresses answered from the store (median of 3):\n' "$LARGE"
	for mode in json text; do
		secs=$(awk '{ print $1 }' "$dir/large.$mode" | median)
		kb=$(awk '{ print $2 }' "$dir/large.$mode" | median)
		cpu=$(awk '{ print $3 }' "$dir/large.$mode" | median)
		mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
		printf '  %-34s %8s s  (target < 0.3 s: %s; CPU %s s)  %6s MB max RSS (target < 40 MB: %s)\n' \
		    "depeer lookup --bulk, $mode" "$secs" \
		    "$(verdict "$secs" '<' 0.3)" "$cpu" "$mb" \
		    "$(verdict "$mb" '<' 40)"
	done
fi
exit "$status"
