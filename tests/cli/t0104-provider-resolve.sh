#!/bin/sh
# depeer provider resolve: a provider's AS numbers and BGP prefixes filled
# in from the addresses in its evidence, with one Team Cymru bulk query
# kept as a source and one audit entry for what was added.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
DEPEER_READ_TIMEOUT_MS=800 DEPEER_RETRIES=1 DEPEER_BACKOFF_MS=100
export DEPEER_READ_TIMEOUT_MS DEPEER_RETRIES DEPEER_BACKOFF_MS
here=$(cd "$(dirname "$0")/../.." && pwd)
dp provider add "McColo Corporation" >/dev/null
dp evidence import --provider "McColo Corporation" \
    "$here/db/examples/mccolo-evidence.csv" >/dev/null

step "resolve fills the networks"
expect_code 0 dp provider resolve "McColo Corporation" --json
json_check "
eq(d['provider']['asns'], [26780])
eq(d['provider']['prefixes'], ['208.66.192.0/22', '208.72.168.0/21'])
eq(sorted(map(str, d['added'])), ['208.66.192.0/22', '208.72.168.0/21', '26780'])
assert isinstance(d['source'], int)"
expect_sql "SELECT count(*) FROM sources WHERE protocol = 'cymru'" 1
expect_code 0 dp log --json
json_check "eq(d[-1]['action'], 'provider.net.add')"
expect_code 0 dp verify

step "again: nothing new"
expect_code 0 dp provider resolve "McColo Corporation"
expect_out "nothing new"

step "bad input"
dp provider add Empty >/dev/null
expect_code 65 dp provider resolve Empty
expect_err "no evidence with an address"
expect_code 66 dp provider resolve Nobody
expect_code 64 dp provider resolve

finish
