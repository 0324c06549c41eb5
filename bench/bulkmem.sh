#!/bin/sh
# bulkmem.sh - "make bench": the peak memory (max RSS) of a cold "lookup
# --bulk --source whois --source cymru --json" of BULK_N addresses (default
# 100,000, the most a run takes) against the loopback registries
# (tests/fakenet), every answer new.  The registries are
# bench/gen-registries.py's for 10,000 addresses; the list takes about ten
# addresses from each of their networks, so that each address still
# costs a WHOIS answer of its own.  Reports the peak and the bytes per
# indicator; the target (BULK_TARGET_MB, default 200) is only reported,
# as in the other benchmarks.  Only 127.0.0.1 is ever asked.
#
#   DEPEER=path/to/depeer (./depeer)  BULK_N=100000  sh bench/bulkmem.sh
set -eu
: "${DEPEER:=./depeer}"
: "${BULK_N:=100000}"
: "${BULK_TARGET_MB:=200}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
for v in $(env | sed -n 's/^\(DEPEER_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$v"
done
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
export HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
    XDG_DATA_HOME="$dir/home/.local/share"
mkdir -p "$HOME"

python3 "$here/gen-registries.py" --v4 9000 --v6 1000 "$dir/data" >/dev/null
# BULK_N distinct addresses, round after round through the networks of
# the generated ones (a /23 for IPv4, a /64 for IPv6).
python3 - "$dir/data/addrs.txt" "$BULK_N" >"$dir/list" <<'PY'
import ipaddress, sys
base = [ipaddress.ip_address(l.strip()) for l in open(sys.argv[1])]
want = int(sys.argv[2])
seen, out, k = set(), [], 0
while len(out) < want and k < 512:
    for a in base:
        net = ipaddress.ip_network("%s/%d" % (a, 23 if a.version == 4
                                               else 64), strict=False)
        b = net.network_address + ((int(a) - int(net.network_address) + k)
                                   % 512)
        if b not in seen:
            seen.add(b)
            out.append(str(b))
            if len(out) == want:
                break
    k += 1
print("\n".join(out))
PY
n=$(wc -l <"$dir/list")

python3 "$root/tests/fakenet/fakenet.py" --state "$dir/net" \
    --routes "$dir/data/routes.txt" --max-seconds 3600 >"$dir/net.out" 2>&1 &
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
"$DEPEER" --db "$dir/bulk.db" init >/dev/null
# The child's peak resident memory, from getrusage(2): no time(1) needed.
kb=$(DEPEER_CONNECT_TO=$(cat "$dir/net/connect_to") \
    DEPEER_CA_BUNDLE=$dir/net/ca.pem python3 - "$DEPEER" "$dir" <<'PY'
import resource, subprocess, sys
d = sys.argv[2]
with open(d + "/out.json", "wb") as out, open(d + "/err", "wb") as err:
    rc = subprocess.call([sys.argv[1], "--db", d + "/bulk.db", "lookup",
                          "--bulk", d + "/list", "--source", "whois",
                          "--source", "cymru", "--json"],
                         stdout=out, stderr=err)
if rc != 0:
    sys.exit("depeer lookup --bulk: exit %d" % rc)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
asked=$(wc -l <"$dir/net/log" | tr -d ' ')
echo "lookup --bulk, $n addresses, $asked requests, every answer new:"
awk -v kb="$kb" -v n="$n" -v t="$BULK_TARGET_MB" 'BEGIN {
	printf "  peak memory %.1f MB, %d bytes an indicator (target < %d MB: %s)\n",
	    kb / 1024, kb * 1024 / n, t, kb / 1024 < t ? "met" : "MISSED" }'
