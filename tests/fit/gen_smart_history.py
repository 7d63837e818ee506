#!/usr/bin/env python3
"""gen_smart_history.py - 24 quarters (2020-Q1 .. 2025-Q4) of check-ins for
examples/smart_hardware/history/strategy.bsc, generated from a known map.

  python3 tests/fit/gen_smart_history.py [--seed N] [--truth] > history.csv

The model is gen_history.py's (its docstring; the same SplitMix64 and
Box-Muller numbers): each objective's deviation from its plan is a random
walk of its own plus, for each planted cause, strength x the cause's
deviation `lag` quarters earlier; each KR scores 0.05 + 0.85 plan(t) +
deviation, plan(t) = (t + 1) / 28 (the strategy's horizon runs to 2026-Q4,
a year past the history, so that `bscc sim` has a year to decide on), and
its value is baseline + (target - baseline) x score.  --truth prints the
planted map.  The planted map differs from the one the strategy writes:
用戶研究 -> 功能採納 has no effect, 用戶研究 -> iterate acts two quarters
later, not one.
"""
import sys

from gen_history import Rng, rows_of

PERIODS = 24
HORIZON = 28
# objective, KR, baseline, target, CSV unit (examples/smart_hardware/history/strategy.bsc)
KRS = [
    ("營收結構", "營收佔比", 30.0, 45.0, "%"),
    ("nps", "nps_score", 55.0, 75.0, ""),
    ("功能採納", "新功能採納率", 50.0, 85.0, "%"),
    ("適老化", "老年模式使用率", 10.0, 20.0, "%"),
    ("iterate", "cycle", 4.0, 2.0, ""),
    ("客服時效", "響應達標率", 80.0, 95.0, "%"),
    ("用戶研究", "專家認證率", 20.0, 80.0, "%"),
    ("協作文化", "協作培訓覆蓋率", 30.0, 100.0, "%"),
]
ORDER = ["用戶研究", "協作文化", "適老化", "客服時效", "iterate", "功能採納", "nps", "營收結構"]
SD = {"用戶研究": 0.006, "協作文化": 0.006, "適老化": 0.006, "客服時效": 0.002, "iterate": 0.002,
      "功能採納": 0.002, "nps": 0.002, "營收結構": 0.001}
TRUTH = [
    ("用戶研究", "iterate", 0.5, 2),
    ("用戶研究", "功能採納", 0.0, 1),
    ("協作文化", "客服時效", 0.6, 1),
    ("協作文化", "iterate", 0.3, 1),
    ("iterate", "功能採納", 0.6, 1),
    ("iterate", "nps", 0.4, 1),
    ("客服時效", "nps", 0.5, 0),
    ("功能採納", "nps", 0.3, 0),
    ("適老化", "nps", 0.3, 1),
    ("nps", "營收結構", 0.5, 1),
    ("功能採納", "營收結構", 0.3, 1),
]


def period(t):
    return "%d-Q%d" % (2020 + t // 4, t % 4 + 1)


def generate(seed):
    return rows_of(Rng(seed), TRUTH, ORDER, SD, KRS, PERIODS, HORIZON, period, 4, "gen_smart_history")


def main(argv):
    seed, truth = 1, False
    i = 0
    while i < len(argv):
        if argv[i] == "--seed":
            seed = int(argv[i + 1])
            i += 1
        elif argv[i] == "--truth":
            truth = True
        else:
            sys.stderr.write("usage: gen_smart_history.py [--seed N] [--truth]\n")
            return 2
        i += 1
    if truth:
        for c, e, s, lag in TRUTH:
            print("%s %s %g %d" % (c, e, s, lag))
        return 0
    print("period,kr,value,unit")
    print("\n".join(generate(seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
