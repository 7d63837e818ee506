#!/usr/bin/env python3
"""gen_history.py - a history of check-ins generated from a known strategy map,
for `bscc fit` (docs/fit.md, "Testing against a known map").

  python3 tests/fit/gen_history.py [--seed N] [--null] [--truth] > history.csv

writes 24 quarters (2020-Q1 .. 2025-Q4) of check-ins for the key results of
examples/fit/strategy.bsc as `period,kr,value,unit` CSV rows.  --truth prints
the planted map instead, one `from to strength lag` line per link; --null
plants every strength at 0 (the history has no relation at all).

The model is the one bscc fit estimates.  Each objective o has a deviation
from its plan dev_o(t); an objective with no cause follows a random walk,
dev_o(t) = dev_o(t-1) + u_o(t), and one with causes

    dev_o(t) = w_o(t) + sum over causes c of  s_c * dev_c(t - L_c)

(dev before the first period is 0), w_o a random walk of its own.  Every
innovation is normal, N(0, SD[o]), independent.  Each KR of o then scores

    score(t) = 0.05 + 0.85 * plan(t) + dev_o(t),   plan(t) = (t + 1) / 24

(the straight on-track line of scoring, semantics.md §6.1: the firm runs a
little behind a plan it never quite meets, which the fit's drift absorbs),
and its value is baseline + (target - baseline) * score.  A history in
which some score leaves (0, 1), where scoring would clamp it, is refused
with exit status 3: the model would not hold there.

The random numbers are SplitMix64 and Box-Muller, written out here, so the
same seed gives the same file with any Python.
"""
import math
import sys

PERIODS = 24
# KRs of examples/fit/strategy.bsc: objective, name, baseline, target, CSV unit
KRS = [
    ("revenue", "hw_share", 30.0, 45.0, "%"),
    ("nps", "nps_score", 40.0, 70.0, ""),
    ("nps", "complaint_rate", 5.0, 2.0, "%"),
    ("delivery", "on_time", 60.0, 90.0, "%"),
    ("skills", "certified", 20.0, 80.0, "%"),
    ("culture", "trained", 30.0, 100.0, "%"),
]
# causes before effects
ORDER = ["skills", "culture", "delivery", "nps", "revenue"]
SD = {"skills": 0.007, "culture": 0.007, "delivery": 0.002, "nps": 0.002, "revenue": 0.001}
# the planted map: (cause, effect, strength, lag in quarters).  culture ->
# delivery is written in the strategy but has no effect; delivery -> revenue
# acts but the strategy does not write it.
TRUTH = [
    ("skills", "delivery", 0.6, 2),
    ("culture", "delivery", 0.0, 1),
    ("delivery", "nps", 0.7, 1),
    ("nps", "revenue", 0.5, 1),
    ("delivery", "revenue", 0.4, 0),
]
MASK = (1 << 64) - 1


class Rng:
    """SplitMix64; normal deviates by Box-Muller (both of each pair used)."""

    def __init__(self, seed):
        self.seed = seed
        self.state = seed & MASK
        self.spare = None

    def next64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return ((self.next64() >> 11) + 0.5) * 2.0 ** -53

    def normal(self):
        if self.spare is not None:
            z, self.spare = self.spare, None
            return z
        u1, u2 = self.uniform(), self.uniform()
        r = math.sqrt(-2.0 * math.log(u1))
        self.spare = r * math.sin(2 * math.pi * u2)
        return r * math.cos(2 * math.pi * u2)


def period(t):
    return "%d-Q%d" % (2020 + t // 4, t % 4 + 1)


def rows_of(rng, links, order, sd, krs, periods, horizon, period, digits, who):
    """The history's CSV rows: each objective's deviation (the module's
    docstring), then each KR's value in each period, `digits` decimals.
    Also gen_smart_history.py's, with its own map."""
    walk = {o: 0.0 for o in order}
    dev = {o: [0.0] * periods for o in order}
    for t in range(periods):
        for o in order:
            walk[o] += sd[o] * rng.normal()
            d = walk[o]
            for c, e, s, lag in links:
                if e == o and t - lag >= 0:
                    d += s * dev[c][t - lag]
            dev[o][t] = d
    rows = []
    for t in range(periods):
        plan = (t + 1) / horizon
        for o, kr, base, target, unit in krs:
            score = 0.05 + 0.85 * plan + dev[o][t]
            if not 0.0 < score < 1.0:
                sys.stderr.write("%s: seed %d: %s scores %.3f in %s, outside 0..1\n" % (who, rng.seed, kr, score, period(t)))
                sys.exit(3)
            rows.append("%s,%s,%.*f,%s" % (period(t), kr, digits, base + (target - base) * score, unit))
    return rows


def generate(seed, null):
    links = [(c, e, 0.0 if null else s, lag) for c, e, s, lag in TRUTH]
    return links, rows_of(Rng(seed), links, ORDER, SD, KRS, PERIODS, PERIODS, period, 6, "gen_history")


def main(argv):
    seed, null, truth = 1, False, False
    i = 0
    while i < len(argv):
        if argv[i] == "--seed":
            seed = int(argv[i + 1])
            i += 1
        elif argv[i] == "--null":
            null = True
        elif argv[i] == "--truth":
            truth = True
        else:
            sys.stderr.write("usage: gen_history.py [--seed N] [--null] [--truth]\n")
            return 2
        i += 1
    links, rows = generate(seed, null)
    if truth:
        for c, e, s, lag in links:
            print("%s %s %g %d" % (c, e, s, lag))
    else:
        print("period,kr,value,unit")
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
