#!/usr/bin/env python3
"""reference.py BSCC N [--null] - bscc fit against a plain re-implementation.

For seeds 1..N, generates a history with gen_history.py, computes the
deviations from plan from the CSV file as docs/fit.md §2.1 says, and fits
every effect of examples/fit/strategy.bsc as docs/fit.md §2.3-2.4 define it
-- the rows common to every lag 0..4, the lag combination with the least
residual sum of squares (ties to the first in lexicographic order), OLS by
the normal equations, se from s^2 (X'X)^-1 -- then compares lag, strength
and standard error with `bscc fit --format=json`.  Exit 1 on a difference.
"""
import itertools
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_history as g  # noqa: E402

STRATEGY = os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples", "fit", "strategy.bsc")
LINKS = [("skills", "delivery"), ("culture", "delivery"), ("delivery", "nps"), ("nps", "revenue")]
M = 4


def deviations(path):
    """docs/fit.md §2.1 from the CSV file itself: each KR's score is
    (value - baseline) / (target - baseline), an objective's the mean of its
    KRs' (weights 1), its plan (t + 1) / 24, its deviation the difference."""
    krs = {kr: (o, base, target) for o, kr, base, target, unit in g.KRS}
    scores = {}
    with open(path) as f:
        next(f)
        for line in f:
            per, kr, value, unit = line.rstrip("\n").split(",")
            t = (int(per[:4]) - 2020) * 4 + int(per[-1]) - 1
            o, base, target = krs[kr]
            scores.setdefault((o, t), []).append((float(value) - base) / (target - base))
    return {o: [sum(scores[(o, t)]) / len(scores[(o, t)]) - (t + 1) / g.PERIODS for t in range(g.PERIODS)]
            for o in g.ORDER}


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(n):
            if r != i:
                f = m[r][i] / m[i][i]
                for c in range(i, n + 1):
                    m[r][c] -= f * m[i][c]
    return [m[i][n] / m[i][i] for i in range(n)]


def ols(y, cols):
    n, p = len(y), len(cols) + 1
    x = [[1.0] + [c[i] for c in cols] for i in range(n)]
    xtx = [[sum(x[i][a] * x[i][b] for i in range(n)) for b in range(p)] for a in range(p)]
    beta = solve(xtx, [sum(x[i][a] * y[i] for i in range(n)) for a in range(p)])
    rss = sum((y[i] - sum(x[i][a] * beta[a] for a in range(p))) ** 2 for i in range(n))
    s2 = rss / (n - p)
    inv = [solve(xtx, [1.0 if r == c else 0.0 for r in range(p)]) for c in range(p)]
    return beta, [(s2 * inv[a][a]) ** 0.5 for a in range(p)], rss


def main(argv):
    bscc, n = argv[0], int(argv[1])
    null = "--null" in argv
    tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "bscc_fit_ref_%d.csv" % os.getpid())
    bad = checked = 0
    try:
        for seed in range(1, n + 1):
            gen = [sys.executable, os.path.join(HERE, "gen_history.py"), "--seed", str(seed)] + (["--null"] if null else [])
            with open(tmp, "w") as f:
                if subprocess.run(gen, stdout=f, stderr=subprocess.DEVNULL).returncode == 3:
                    continue
            out = json.loads(subprocess.run([bscc, "fit", STRATEGY, "--data", tmp, "--format=json", "--no-missing"],
                                            capture_output=True, text=True, check=True).stdout)
            got = {(l["from"], l["to"]): l for l in out["links"]}
            dev = deviations(tmp)
            dd = {o: [None] + [dev[o][t] - dev[o][t - 1] for t in range(1, g.PERIODS)] for o in dev}
            for e in ("delivery", "nps", "revenue"):
                causes = [c for c, ee in LINKS if ee == e]
                rows = range(M + 1, g.PERIODS)
                y = [dd[e][t] for t in rows]
                best = None
                for lags in itertools.product(range(M + 1), repeat=len(causes)):
                    fit = ols(y, [[dd[c][t - L] for t in rows] for c, L in zip(causes, lags)])
                    if best is None or fit[2] < best[0][2]:
                        best = (fit, lags)
                (beta, se, _), lags = best
                for j, c in enumerate(causes):
                    l = got[(c, e)]
                    checked += 1
                    if (l["lag"] != lags[j] or abs(l["strength"] - beta[j + 1]) > 1e-9 * max(1, abs(beta[j + 1]))
                            or abs(l["se"] - se[j + 1]) > 1e-9 * se[j + 1]):
                        bad += 1
                        print("reference: seed %d %s -> %s: bscc lag %d strength %.10g se %.10g, reference lag %d %.10g %.10g"
                              % (seed, c, e, l["lag"], l["strength"], l["se"], lags[j], beta[j + 1], se[j + 1]))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print("reference: %d links compared, %d differ" % (checked, bad))
    return 1 if bad or not checked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
