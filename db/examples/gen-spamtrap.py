#!/usr/bin/env python3
"""gen-spamtrap.py - write db/examples/spamtrap-2008.csv, the synthetic
spamtrap series of the McColo demo ("make demo").

SYNTHETIC DATA, made to look like what a spamtrap saw around McColo's
cut-off, not a measurement: hourly counts of spam connections from
2008-10-14 to 2008-12-08 (UTC) with a daily cycle (busiest in the US
afternoon), quieter weekends, hour-to-hour correlated noise (AR(1) in
log space) and Poisson counts; at 2008-11-11 21:00 (the cut-off was
about 21:23) the level falls to 32% of before (a 68% drop), and from
2008-11-25 it climbs back linearly to 55% of before by the end, as the
botnets found new command-and-control.  Fixed seed: the file is the
same on every run.

  python3 db/examples/gen-spamtrap.py > db/examples/spamtrap-2008.csv
"""
import calendar
import math
import random

rng = random.Random(20081111)
start = calendar.timegm((2008, 10, 14, 0, 0, 0))
end = calendar.timegm((2008, 12, 9, 0, 0, 0))
cut = calendar.timegm((2008, 11, 11, 21, 0, 0))
rebound = calendar.timegm((2008, 11, 25, 0, 0, 0))


def poisson(lam):
    # Normal approximation with continuity; lam is in the thousands.
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


print("# SYNTHETIC spamtrap series for the McColo demo "
      "(db/examples/gen-spamtrap.py); not a measurement")
print("time,value")
noise = 0.0
t = start
while t < end:
    tm = __import__("time").gmtime(t)
    hour, wday = tm.tm_hour, tm.tm_wday  # Monday 0
    daily = 1.0 + 0.25 * math.cos(2 * math.pi * (hour - 18) / 24)
    weekly = 0.85 if wday >= 5 else 1.0
    noise = 0.7 * noise + rng.gauss(0, 0.06)
    level = 1.0
    if t >= cut:
        level = 0.32
    if t >= rebound:
        level = 0.32 + (0.55 - 0.32) * (t - rebound) / (end - rebound)
    lam = 3000.0 * daily * weekly * level * math.exp(noise)
    print("%s,%d" % (__import__("time").strftime("%Y-%m-%dT%H:%M:%SZ", tm),
                     poisson(lam)))
    t += 3600
