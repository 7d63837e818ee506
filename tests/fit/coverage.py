#!/usr/bin/env python3
"""coverage.py BSCC N [--null] [--min NAME=X ...] [--max NAME=X ...] - bscc fit
against histories of a known map.

For seeds 1..N, generates a history with tests/fit/gen_history.py, fits it
with `bscc fit --format=json`, and counts, over every planted link with a
strength: how often the 95 % interval holds the planted strength and the
chosen lag is the planted one; over planted strengths of 0 (culture ->
delivery, and every link with --null): how often the fit claims a link
(verdict supported or contradicted).  Seeds whose history leaves 0..1
(gen_history.py exit 3) are skipped and counted.  Prints one line per
measure; docs/fit.md quotes them.  --min/--max NAME=X (NAME: coverage,
lag, claims, missing) make the exit status 1 when a measure is below /
above X: tests/fit/run.sh's bounds.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STRATEGY = os.path.join(ROOT, "examples", "fit", "strategy.bsc")


def main(argv):
    bscc, n = argv[0], int(argv[1])
    null = "--null" in argv
    bounds = []
    for i, a in enumerate(argv):
        if a in ("--min", "--max"):
            name, x = argv[i + 1].split("=")
            bounds.append((a, name, float(x)))
    extra = ["--null"] if null else []
    covered = lagged = planted = claimed = zeros = skipped = found_missing = 0
    tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "bscc_fit_cov_%d.csv" % os.getpid())
    try:
        for seed in range(1, n + 1):
            gen = [sys.executable, os.path.join(HERE, "gen_history.py"), "--seed", str(seed)] + extra
            with open(tmp, "w") as f:
                if subprocess.run(gen, stdout=f, stderr=subprocess.DEVNULL).returncode == 3:
                    skipped += 1
                    continue
            truth = {}
            for line in subprocess.run(gen + ["--truth"], capture_output=True, text=True, check=True).stdout.split("\n"):
                if line:
                    c, e, s, lag = line.split()
                    truth[(c, e)] = (float(s), int(lag))
            out = subprocess.run([bscc, "fit", STRATEGY, "--data", tmp, "--format=json"],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                sys.stderr.write("coverage: bscc fit failed on seed %d:\n%s" % (seed, out.stderr))
                return 1
            r = json.loads(out.stdout)
            for l in r["links"]:
                s, lag = truth[(l["from"], l["to"])]
                if l["state"] != "estimated":
                    continue
                if s == 0:
                    zeros += 1
                    claimed += l["verdict"] in ("supported", "contradicted")
                else:
                    planted += 1
                    covered += l["interval"][0] <= s <= l["interval"][1]
                    lagged += l["lag"] == lag
            found_missing += any(m["from"] == "delivery" and m["to"] == "revenue" for m in r["missing"])
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    used = n - skipped
    measures = {}
    if planted:
        measures["coverage"] = covered / planted
        measures["lag"] = lagged / planted
    if zeros:
        measures["claims"] = claimed / zeros
    if not null and used:
        measures["missing"] = found_missing / used
    print("histories: %d (%d skipped: a score outside 0..1)" % (used, skipped))
    if planted:
        print("planted links: %d; interval holds the planted strength: %.3f; planted lag chosen: %.3f"
              % (planted, covered / planted, lagged / planted))
    if zeros:
        print("links planted at 0: %d; a link claimed (supported or contradicted): %.3f" % (zeros, claimed / zeros))
    if not null:
        print("missing link delivery -> revenue found: %.3f" % (found_missing / used))
    status = 0
    for kind, name, x in bounds:
        v = measures.get(name)
        if v is None or (kind == "--min" and v < x) or (kind == "--max" and v > x):
            print("coverage: FAIL: %s is %s, %s %g" % (name, "missing" if v is None else "%.3f" % v,
                                                     "wanted at least" if kind == "--min" else "wanted at most", x))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
