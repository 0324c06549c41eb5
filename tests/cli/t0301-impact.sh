#!/bin/sh
# depeer impact on synthetic spamtrap series made here with a fixed seed
# (hourly counts with a daily and weekly cycle, hour-to-hour noise): a
# 60% drop at the event and a rebound from the third week, the JSON
# fields, the same numbers on every run, the plain text, a gap at the
# event and too short a window, and every bad --at, --window and series.
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

# gen SEED DROP GAP: 4 weeks before 2008-11-11T21:00:00Z and 4 after;
# from the third week after, the level is back to 80%; GAP hours before
# the event are left out.
gen() {
	python3 - "$@" <<'PY'
import math, random, sys
seed, drop, gap = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
at = 1226437200
e = 0.0
for h in range(-28 * 24, 28 * 24):
    t = at + h * 3600
    hod, dow = (t % 86400) // 3600, ((t // 86400) + 3) % 7
    e = 0.6 * e + rnd.gauss(0, 0.2)
    lvl = 30 * (1 + 0.5 * math.sin(2 * math.pi * hod / 24)) * \
        (0.7 if dow >= 5 else 1.0) * math.exp(e)
    if t >= at:
        lvl *= 0.8 if t >= at + 14 * 86400 else 1 - drop
    if -gap <= h < 0:
        continue
    # Poisson by inversion (the means are small)
    k, p, u = 0, math.exp(-lvl), rnd.random()
    s = p
    while u > s:
        k += 1
        p *= lvl / k
        s += p
    print("%d,%d" % (t, k))
PY
}
gen 1 0.6 0 >"$T/drop.csv"
gen 2 0.6 20 >"$T/gap.csv"
AT=2008-11-11T21:00:00Z
dp measure import "$T/drop.csv" --series spamtrap >/dev/null 2>&1
dp measure import "$T/gap.csv" --series gappy >/dev/null 2>&1
db_snap

step "a 60% drop: the JSON fields, in intervals that hold it"
expect_code 0 dp impact --series spamtrap --at "$AT" --json
cp "$T/out" "$T/first.json"
json_check 'eq(sorted(d), sorted(["series", "at", "window_s", "n_before",
"n_after", "before_mean", "after_mean", "change_pct", "ci95",
"same_hours_change_pct", "its_change_pct", "its_ci95",
"weekly_change_pct", "conclusive", "reason"]))
eq(d["series"], "spamtrap"); eq(d["at"], "2008-11-11T21:00:00Z")
eq(d["window_s"], 604800); eq(d["n_before"], 168); eq(d["n_after"], 168)
lo, hi = d["ci95"]
if not (lo < -60 < hi and hi < 0): raise SystemExit("ci95 %r" % d["ci95"])
lo, hi = d["its_ci95"]
if not (lo < -60 < hi): raise SystemExit("its_ci95 %r" % d["its_ci95"])
if abs(d["same_hours_change_pct"] + 60) > 12: raise SystemExit("same hours")
if abs(d["change_pct"] - (100 * (d["after_mean"] / d["before_mean"] - 1))) > 1e-3:
    raise SystemExit("change_pct is not the change of the means")
eq(d["conclusive"], True); eq(d["reason"], None)'

step "the rebound shows week by week"
json_check 'w = d["weekly_change_pct"]; eq(len(w), 4)
if not (w[0] < -45 and w[1] < -45 and w[2] > -35 and w[3] > -35):
    raise SystemExit("weeks %r" % w)'

step "the same data give the same numbers (fixed seed)"
expect_code 0 dp impact --series spamtrap --at "$AT" --json
cmp -s "$T/out" "$T/first.json" || fail "a second run differs"
CHECKS=$((CHECKS + 1))

step "the text says each number with its method and interval"
expect_code 0 dp impact --series spamtrap --at "$AT"
expect_out "series 'spamtrap': the event at 2008-11-11T21:00:00Z, 7 days before against 7 days after"
expect_out "data:        168 and 168 of the 168 intervals of 1h on each side have a count"
expect_out_re "^means: +fell [0-9]+% \(95% interval: a fall of [0-9]+% to [0-9]+%; moving-block bootstrap over whole days, 2000 resamples, seed 20081111\)$"
expect_out_re "^same hours: +fell [0-9]+% \(each hour of the week after against the same hour before; no interval\)$"
expect_out_re "^model: +fell [0-9]+% \(95% interval: a fall of [0-9]+% to [0-9]+%; Poisson regression with hour-of-day and day-of-week terms"
expect_out_re "^weeks after: week 1: fell [0-9]+%$"
expect_out "conclusive:  yes"

step "a longer window sees part of the rebound; an event inside an hour"
expect_code 0 dp impact --series spamtrap --at "$AT" --window 28d --json
json_check 'eq(d["n_after"], 672); eq(d["window_s"], 28 * 86400)
if not -60 < d["change_pct"] < -30: raise SystemExit(d["change_pct"])'
expect_code 0 dp impact --series spamtrap --at 2008-11-11T21:23:00Z --json
json_check 'eq(d["at"], "2008-11-11T21:23:00Z"); eq(d["n_after"], 168)'

step "data that cannot carry a conclusion: exit 0, conclusive false"
expect_code 0 dp impact --series gappy --at "$AT" --json
json_check 'eq(d["conclusive"], False)
if not d["reason"].startswith("a gap at the event: 20 of the 48 intervals"):
    raise SystemExit(d["reason"])'
expect_code 0 dp impact --series gappy --at "$AT"
expect_out "conclusive:  no: a gap at the event"
expect_code 0 dp impact --series spamtrap --at "$AT" --window 2d --json
json_check 'eq(d["conclusive"], False)
if not d["reason"].startswith("too few points: 48 intervals"):
    raise SystemExit(d["reason"])'

step "bad --at, --window and series"
expect_code 65 dp impact --series spamtrap --at 2009-01-01T00:00:00Z
expect_err "depeer: series 'spamtrap': 2009-01-01T00:00:00Z is outside the series, which runs from 2008-10-14T21:00:00Z to 2008-12-09T21:00:00Z"
expect_code 65 dp impact --series spamtrap --at "$AT" --window 30d
expect_err "a window of 30 days reaches beyond the series"
expect_err "the data allow --window 28d at most"
expect_code 64 dp impact --series spamtrap --at "$AT" --window 36h
expect_err "is not whole days"
expect_code 64 dp impact --series spamtrap --at "$AT" --window week
expect_code 66 dp impact --series spamtrap --at event:3
expect_err "no event 3"
expect_code 66 dp impact --series spamtrap --at 12
expect_code 64 dp impact --series spamtrap --at event:x
expect_code 64 dp impact --series spamtrap --at tomorrow
expect_code 64 dp impact --series spamtrap
expect_err "needs --at TIME"
expect_code 64 dp impact --at "$AT"
expect_code 64 dp impact --series "$(printf 'x\033]0;y\007')" --at "$AT"
expect_no_err "$(printf '\033')"
expect_code 64 dp impact extra --series spamtrap --at "$AT"
expect_code 66 dp impact --series nosuch --at "$AT"
expect_err "no series named 'nosuch'"
expect_code 66 dp --db "$T/none.db" impact --series spamtrap --at "$AT"
expect_db_unchanged
finish
