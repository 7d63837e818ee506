#!/usr/bin/python3
"""sim_numpy.py - the smart-hardware model (examples/smart_hardware) in
NumPy, written as an analyst would: vectorised over samples, one portfolio
at a time, NumPy's own random generator.  Same semantics as `bscc sim`
(docs/simulation.md), so the means agree within Monte Carlo error, not bit
for bit.  A baseline for bench/sim_bench.sh.

    python3 bench/sim_numpy.py PORTFOLIOS SAMPLES

Portfolio p funds initiative i when bit i of p is set (like
tests/sim/simdrv.c and bench/sim_hand.c); prints one line of figures.
"""
import sys
import time

import numpy as np

T = 4
RNG = np.random.default_rng(42)


def pert(low, mode, high, n):
    a = 1 + 4 * (mode - low) / (high - low)
    b = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * RNG.beta(a, b, n)


def draw(n):
    """The uncertain inputs of n samples."""
    return {
        "revenue": pert(950e6, 1040e6, 1120e6, n),
        "premium": RNG.normal(22, 1.5, n),
        "complaint_rate": RNG.uniform(2.6, 3.2, n),
        "elderly_use": pert(16.5, 18, 21, n),
        "elderly_complaints": RNG.triangular(22, 26, 30, n),
        "elderly_ga": (RNG.random(n) < 0.7).astype(float),
        "certified": pert(55, 65, 75, n),
        "e_cycle": RNG.normal(-0.5, 0.15, n),
        "e_complaint_h": RNG.triangular(-18, -12, -4, n),
        "e_certified": RNG.normal(20, 5, n),
        "e_elderly": pert(0.05, 0.15, 0.3, n),
    }


def medians():
    big = 1_000_000
    return {
        "revenue": np.median(pert(950e6, 1040e6, 1120e6, big)), "premium": 22.0, "complaint_rate": 2.9,
        "elderly_use": np.median(pert(16.5, 18, 21, big)), "elderly_complaints": 26.0, "elderly_ga": 1.0,
        "certified": np.median(pert(55, 65, 75, big)), "e_cycle": -0.5, "e_complaint_h": np.median(RNG.triangular(-18, -12, -4, big)),
        "e_certified": 20.0, "e_elderly": np.median(pert(0.05, 0.15, 0.3, big)),
    }


def ramp(t, due):
    return 1.0 if t >= due else (t + 1) / (due + 1)


def lin(v, base, span):
    return np.clip((v - base) / span, 0.0, 1.0)


def level(t, base, outcome, due=3):
    return base + (outcome - base) * ramp(t, due)


def per_sample(x, qref):
    """Scores and objectives that no initiative can change: once per sample."""
    s = [dict() for _ in range(T)]
    Q = {o: [None] * T for o in (1, 2, 3, 4, 5, 6, 7, 13, 15)}
    for t in range(T):
        k = s[t]
        k[1] = lin(level(t, 70, 88), 70, 22)
        k[2] = lin(level(t, 58, 70), 58, 17)
        k[3] = lin(level(t, 14, 6), 14, -9)
        k[7] = lin(level(t, 72, 8), 72, -68)
        k[8] = lin(level(t, 20, 85), 20, 80)
        k[9] = lin(level(t, 30, 30), 30, 50)
        k[10] = lin(level(t, 45, 71), 45, 35)
        k[11] = lin(level(t, 4, 6), 4, 2)
        k[12] = lin(level(t, 10, 45, 2), 10, 80)
        k[14] = lin(level(t, 12, 15.5), 12, 6)
        k[15] = lin(level(t, 15, 22), 15, 10)
        k[16] = lin(level(t, 0, 12), 0, 40)
        k[17] = lin(level(t, 0, 45000), 0, 200000)
        rev = level(t, 760e6, x["revenue"])
        k[18] = lin(rev, 760e6, 290e6)
        k[19] = lin(rev / 2.2e9 * 100, 38, 7)
        k[20] = lin(level(t, 18, x["premium"]), 18, 6)
        k[21] = lin(level(t, 62, 78, 1), 62, 13)
        k[22] = lin(level(t, 4.1, 4.5), 4.1, 0.4)
        k[24] = lin(level(t, 4.0, x["complaint_rate"]), 4.0, -1.2)
        k[26] = lin(level(t, 20, 9), 20, -12)
        k[28] = lin(level(t, 31, x["elderly_complaints"]), 31, -9)
        k[29] = np.clip(x["elderly_ga"], 0, 1)
        k[31] = lin(level(t, 25, 52), 25, 35)
        k[32] = lin(level(t, 86, 94), 86, 9)
        k[33] = lin(level(t, 7, 3), 7, -4)
        k[35] = lin(level(t, 6, 12), 6, 10)
        k[36] = lin(level(t, 35, 88), 35, 65)
        k[37] = lin(level(t, 40, 72), 40, 40)
        Q[1][t] = np.clip(k[3], 0, 1)
        Q[2][t] = np.clip((1.0 + 0.4 + 0.0) / 3, 0, 1)
        Q[3][t] = np.clip((k[7] + k[8] + k[9]) / 3, 0, 1)
        Q[4][t] = np.clip((k[10] + k[11]) / 2, 0, 1)
        Q[5][t] = np.clip((k[12] + 0.5) / 2, 0, 1)
        Q[6][t] = np.clip((k[14] + k[15]) / 2, 0, 1)
        Q[7][t] = np.clip((k[16] + k[17]) / 2, 0, 1)
        Q[15][t] = np.clip((k[36] + k[37]) / 2, 0, 1)
        p = (k[32] + k[33]) / 2
        if qref is not None and t >= 1:
            p = p + 0.7 * (Q[15][t - 1] - qref[15][t - 1])
        Q[13][t] = np.clip(p, 0, 1)
    return s, Q


def per_portfolio(x, f, s, QS, qref):
    """The rest, for one portfolio (f: funded flags of the 4 initiatives)."""
    Q = {o: [None] * T for o in (0, 8, 9, 10, 11, 12, 14)}
    Q.update(QS)
    for t in range(T):
        k = s[t]
        on = t >= 1
        v0 = level(t, 72, 24) + (-24 if f[1] and on else 0)
        v23 = level(t, 60, 22) + (x["e_complaint_h"] if f[1] and on else 0)
        v25 = level(t, 60, 85) + (0.1 * 60 if f[0] and on else 0)
        v27 = level(t, 16, x["elderly_use"]) + (x["e_elderly"] * 16 if f[3] and on else 0)
        v30 = level(t, 3.5, 2.1) + (x["e_cycle"] if f[0] and on else 0)
        v34 = level(t, 30, x["certified"]) + (x["e_certified"] if f[2] and on else 0)
        Q[0][t] = np.clip((2 * lin(v0, 72, -48) + k[1] + k[2]) / 4, 0, 1)
        Q[14][t] = np.clip((lin(v34, 30, 50) + k[35]) / 2, 0, 1)

        def link(src, strength, lag):
            if qref is None or t < lag:
                return 0.0
            return strength * (Q[src][t - lag] - qref[src][t - lag])

        Q[8][t] = np.clip((k[18] + 2 * k[19] + k[20]) / 4 + link(9, 0.6, 1) + link(10, 0.4, 1), 0, 1)
        Q[10][t] = np.clip((lin(v25, 60, 25) + k[26]) / 2 + link(14, 0.4, 1) + link(12, 0.7, 1), 0, 1)
        Q[11][t] = np.clip((lin(v27, 16, 4) + k[28] + k[29]) / 3, 0, 1)
        Q[12][t] = np.clip((lin(v30, 3.5, -1.5) + k[31]) / 2 + link(14, 0.6, 1) + link(15, 0.3, 1), 0, 1)
        Q[9][t] = np.clip((2 * k[21] + k[22] + lin(v23, 60, -36) + k[24]) / 5 + link(12, 0.5, 1)
                          + link(13, 0.6, 0) + link(10, 0.5, 0) + link(11, 0.3, 1), 0, 1)
    L = (Q[14][3] + Q[15][3]) / 2
    P = (Q[12][3] + Q[13][3]) / 2
    C = (2 * Q[9][3] + Q[10][3] + Q[11][3]) / 4
    F = Q[8][3]
    score = (0.2 * L + 0.2 * P + 0.35 * C + 0.25 * F) / 1.0
    committed = {0, 1, 4, 8, 12, 13}
    green = [np.count_nonzero(Q[o][3] >= (1.0 if o in committed else 0.7)) for o in range(16)]
    return score, green, Q


def main():
    nport = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    samples = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    med = {k: np.array([v], dtype=float) for k, v in medians().items()}
    s, QS = per_sample(med, None)
    _score, _green, qref_q = per_portfolio(med, [0, 0, 0, 0], s, QS, None)   # the reference run
    t0 = time.perf_counter()
    x = draw(samples)
    s, QS = per_sample(x, qref_q)
    means = np.empty(nport)
    for p in range(nport):
        f = [(p >> i) & 1 for i in range(4)]
        score, _green, _q = per_portfolio(x, f, s, QS, qref_q)
        means[p] = score.mean()
    t = time.perf_counter() - t0
    bp = int(np.argmax(means))
    print(f"engine=numpy portfolios={nport} samples={samples} seconds={t:.4f} compile_s=0 "
          f"ns_per_eval={t * 1e9 / (nport * samples):.1f} best={bp} mean={means[bp]:.6f} check={means[0]:.10g}")


if __name__ == "__main__":
    main()
