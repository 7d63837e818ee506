#!/bin/sh
# sim_bench.sh [BUILD] - times `bscc sim` on the smart-hardware model four
# ways and prints the ratios, then the compile time of models of 10 ..
# 100,000 KRs.  A benchmark, not a test: nothing here fails on a time.
#
#   make bench-sim            (or: sh bench/sim_bench.sh build)
#
# The run: SIM_BENCH_PORTFOLIOS portfolios (default 65536 = 2^16; portfolio
# p funds initiative i when bit i of p is set) x SIM_BENCH_SAMPLES samples
# (default 1000), one core:
#   jit     bscc sim --engine=jit --threads 1   (the whole command)
#   interp  bscc sim --engine=interp --threads 1 (fewer portfolios: it is slow)
#   numpy   bench/sim_numpy.py (fewer portfolios), NumPy vectorised over portfolios x samples
#   hand    bench/sim_hand.c, tiled hand-written C at -O2
# (bench/baselines.sh compares them on distinct portfolios only.)
# Times are compared per evaluation (one sample of one portfolio).
set -eu
BUILD=${1:-build}
BSCC=$BUILD/bscc
DRV=$BUILD/simdrv
MODEL=examples/smart_hardware/strategy.bsc
P=${SIM_BENCH_PORTFOLIOS:-65536}
S=${SIM_BENCH_SAMPLES:-1000}
PI=${SIM_BENCH_INTERP_PORTFOLIOS:-1024}
PN=${SIM_BENCH_NUMPY_PORTFOLIOS:-1024}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BSCC_CACHE_DIR="$tmp/cache"

. "$(dirname "$0")/ports.sh"
now() { date +%s.%N; }
# run_sim ENGINE N: seconds of `bscc sim` over N portfolios (compile included;
# the cache is warmed first so that compile time is reported apart)
run_sim() {
  ports "$2" > "$tmp/p.csv"
  t0=$(now)
  "$BSCC" sim "$MODEL" --portfolios "$tmp/p.csv" --samples "$S" --threads 1 --engine="$1" --format=csv > "$tmp/out.csv" 2> "$tmp/err.txt"
  t1=$(now)
  echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
}

CC=${CC:-cc}
$CC -O2 -ffp-contract=off -Iruntime -o "$tmp/sim_hand" bench/sim_hand.c runtime/rt.c -lm
field() { echo "$1" | sed "s/.*$2=\([0-9.]*\).*/\1/"; }

echo "== the evaluator: one sample of one portfolio, smart-hardware model, $S samples, one core"
"$DRV" compile "$MODEL" > /dev/null                      # warm the cache: compile time is below
ej=$("$DRV" run --engine=jit --portfolios "$P" --samples "$S" "$MODEL")
ei=$("$DRV" run --engine=interp --portfolios "$PI" --samples "$S" "$MODEL")
eh=$("$tmp/sim_hand" "$P" "$S")
en=
if $PY -c 'import numpy' 2>/dev/null; then en=$($PY bench/sim_numpy.py "$PN" "$S")
else echo "(numpy is not installed: apt-get install python3-numpy)"; fi
echo "$ej"; echo "$ei"; echo "$eh"; [ -z "$en" ] || echo "$en"
awk -v j="$(field "$ej" ns_per_eval)" -v i="$(field "$ei" ns_per_eval)" -v h="$(field "$eh" ns_per_eval)" \
    -v n="$( [ -z "$en" ] && echo 0 || field "$en" ns_per_eval)" -v tj="$(field "$ej" seconds)" -v P="$P" -v S="$S" 'BEGIN {
  printf "  jit %.1f ns/eval: %.1fx the interpreter, %s, %.2fx the time of hand-written C\n", j, i / j,
         (n > 0 ? sprintf("%.1fx NumPy", n / j) : "NumPy not run"), j / h
  printf "  %d portfolios x %d samples: %.2f s in the evaluator\n", P, S, tj
}'

echo "== the whole command: bscc sim --threads 1 (percentiles, report, sensitivity included)"
tj=$(run_sim jit "$P")
ti=$(run_sim interp "$PI")
awk -v P="$P" -v S="$S" -v PI="$PI" -v tj="$tj" -v ti="$ti" 'BEGIN {
  ej = tj * 1e9 / (P * S); ei = ti * 1e9 / (PI * S)
  printf "  bscc sim --engine=jit    %6d portfolios: %8.3f s  %7.1f ns/eval\n", P, tj, ej
  printf "  bscc sim --engine=interp %6d portfolios: %8.3f s  %7.1f ns/eval  (jit %.1fx)\n", PI, ti, ei, ei / ej
}'

echo "== compile time by model size (bench/gen_company.sh shape; no cache)"
for n in 3 25 250 2500 25000; do
  for u in 0 1; do
    "$DRV" company $n $u > "$tmp/c.bsc"
    printf '%6d KRs %-9s ' $((4 * n)) "$([ $u = 1 ] && echo uncertain || echo certain)"
    "$DRV" compile --no-cache "$tmp/c.bsc" | sed 's/^[^:]*: //'
  done
done

echo "== big models: the looped code against the interpreter (uncertain companies, 64 portfolios)"
for n in 250 2500; do
  "$DRV" company $n 1 > "$tmp/c.bsc"
  "$DRV" compile "$tmp/c.bsc" > /dev/null              # warm the cache
  s=$((20000 / n))
  lj=$("$DRV" run --engine=jit --portfolios 64 --samples $s "$tmp/c.bsc")
  li=$("$DRV" run --engine=interp --portfolios 64 --samples $s "$tmp/c.bsc")
  awk -v K=$((4 * n)) -v s=$s -v j="$(field "$lj" ns_per_eval)" -v i="$(field "$li" ns_per_eval)" 'BEGIN {
    printf "  %6d KRs, 64 portfolios x %d samples: jit %.1f us/eval, interp %.1f us/eval: %.1fx\n", K, s, j / 1000, i / 1000, i / j
  }'
done
