#!/bin/sh
# depeer impact --at EVENT_ID and --provider: the event of a provider's
# timeline gives the time (event:ID or the bare ID, the same numbers as
# its time given by hand); with --provider, the provider's last
# upstream-lost or de-peered event by time (not a later offline or note,
# not one recorded later for an earlier time); an unknown event or
# provider, or a timeline without such an event, is refused.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2008-12-30T00:00:00Z
export DEPEER_NOW
# 14 days of hourly counts on each side of 2008-11-11T21:00:00Z with a
# daily cycle: 100 before, 40 after.
python3 - >"$T/s.csv" <<'PY'
import math
at = 1226437200
for h in range(-14 * 24, 14 * 24):
    t = at + h * 3600
    lvl = (100 if h < 0 else 40) * (1 + 0.3 * math.sin(2 * math.pi * (t % 86400) / 86400))
    print("%d,%d" % (t, round(lvl + (h * 7919 % 11) - 5)))
PY
dp measure import "$T/s.csv" --series trap >/dev/null 2>&1 ||
    fail "cannot import the series"
dp provider add McColo --asn AS26780 >/dev/null
dp provider add Atrivo --asn AS27595 >/dev/null
dp event add McColo upstream-lost --upstream AS3561 \
    --at 2008-11-08T12:00:00Z >/dev/null
dp event add McColo de-peered --at 2008-11-11T21:00:00Z >/dev/null
dp event add McColo offline --at 2008-11-12T09:00:00Z >/dev/null
dp event add McColo note --note "a later note" \
    --at 2008-11-13T00:00:00Z >/dev/null
# recorded last, but for an earlier time: not the last withdrawal
dp event add McColo upstream-lost --upstream AS174 \
    --at 2008-11-05T00:00:00Z >/dev/null
dp event add Atrivo offline --at 2008-11-11T21:00:00Z >/dev/null

step "event:ID and the bare ID give the event's time"
expect_code 0 dp impact --series trap --at 2008-11-11T21:00:00Z --json
cp "$T/out" "$T/bytime"
json_check 'eq(d["at"], "2008-11-11T21:00:00Z"); assert d["change_pct"] < -50, d'
expect_code 0 dp impact --series trap --at event:2 --json
cmp -s "$T/out" "$T/bytime" || fail "--at event:2 differs from its time"
expect_code 0 dp impact --series trap --at 2 --json
cmp -s "$T/out" "$T/bytime" || fail "--at 2 differs from its time"
expect_code 0 dp impact --series trap --at event:1 --json
json_check 'eq(d["at"], "2008-11-08T12:00:00Z")'

step "--provider: the last upstream-lost or de-peered event"
expect_code 0 dp impact --series trap --provider McColo --json
cmp -s "$T/out" "$T/bytime" || fail "--provider McColo took another event"
expect_code 0 dp impact --series trap --provider McColo
expect_out "the event at 2008-11-11T21:00:00Z"

step "refused"
db_snap
expect_code 66 dp impact --series trap --at event:99
expect_err "no event 99"
expect_code 66 dp impact --series trap --provider Atrivo
expect_err "the timeline of provider 'Atrivo' has no upstream-lost or de-peered event"
expect_code 66 dp impact --series trap --provider Nope
expect_err "no provider named 'Nope'"
expect_code 64 dp impact --series trap --at event:0
expect_code 64 dp impact --series trap --at event:
expect_code 64 dp impact --series trap --at 2 --provider McColo
expect_err "give one"
expect_code 64 dp impact --series trap
expect_err "--provider P"
expect_code 66 dp impact --series nosuch --at event:2
expect_db_unchanged
finish
