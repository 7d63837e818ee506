#!/bin/sh
# baselines.sh [BUILD] - the smart-hardware model's evaluator against the
# strongest baselines (bench/README.md, "Baselines"), in one run:
#   jit, interp  tests/sim/simdrv run (the block function alone)
#   hand         bench/sim_hand.c, tiled hand-written C, -O2
#   numpy        bench/sim_numpy.py, vectorised over portfolios x samples
#   squiggle     bench/squiggle (npm's @quri/squiggle-lang on node)
#   bscc sim     the whole command, --engine=jit and --engine=interp
# (the simdrv block size is bscc sim's, 128 samples.)
# Workloads: the 16 distinct portfolios (all subsets of the 4 initiatives)
# x 1,000 samples (the command's default) and the realistic batch, 16 x
# 100,000.  Wall times are medians of BASE_RUNS runs (default 3); on a
# loaded machine they are noisy, so the C-vs-JIT comparison is also made in
# instructions (valgrind --tool=callgrind: the difference between two sample
# counts, per evaluation, so start-up cancels), which load does not move.
# Then a callgrind profile of the whole command.  A benchmark: nothing fails
# on a time; it fails if sim_hand's means are not bscc's bit for bit.
# With BSCC_BEFORE=BINARY (an earlier build) the whole command is also
# timed with that binary, in the same loop, against the same evaluator.
set -eu
BUILD=${1:-build}
BSCC=$BUILD/bscc
DRV=$BUILD/simdrv
MODEL=examples/smart_hardware/strategy.bsc
RUNS=${BASE_RUNS:-3}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BSCC_CACHE_DIR="$tmp/cache"

. "$(dirname "$0")/ports.sh"
field() { echo "$1" | sed "s/.*$2=\([0-9.]*\).*/\1/"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# evals CMD...: median ns_per_eval of RUNS runs of a command printing simdrv's line
evals() { i=0; while [ $i -lt "$RUNS" ]; do field "$("$@")" ns_per_eval; i=$((i + 1)); done | median; }
# wall CMD...: median seconds of RUNS runs
wall() {
  i=0
  while [ $i -lt "$RUNS" ]; do
    t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{ printf "%.4f\n", $2 - $1 }'; i=$((i + 1))
  done | median
}
# irs CMD-WITH-@S@: callgrind instructions per evaluation (16 portfolios), from
# the difference between 2,000 and 6,000 samples
irs() {
  for s in 2000 6000; do
    cmd=$(echo "$*" | sed "s/@S@/$s/g")
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$s" $cmd > /dev/null 2>&1
  done
  a=$(sed -n 's/^summary: //p' "$tmp/cg.2000"); b=$(sed -n 's/^summary: //p' "$tmp/cg.6000")
  echo "$a $b" | awk '{ printf "%.0f", ($2 - $1) / (16 * 4000) }'
}

CC=${CC:-cc}
$CC -O2 -ffp-contract=off -Iruntime -o "$tmp/sim_hand" bench/sim_hand.c runtime/rt.c -lm
ports 16 > "$tmp/p16.csv"
echo "== machine: $(nproc) cores; $(uptime | sed 's/.*load/load/')"

echo "== correctness: sim_hand's tiled kernel against its plain form, and its means against bscc sim --seed 42"
"$tmp/sim_hand" --verify 16 3000
"$BSCC" sim "$MODEL" --portfolios "$tmp/p16.csv" --samples 20000 --seed 42 --threads 1 --format=csv > "$tmp/b.csv"
"$tmp/sim_hand" --means 16 20000 > "$tmp/h.txt"
# a mismatch is reported and fails the script at the end, after the
# measurements (sim_hand.c models the example as `bscc sim --dump-model`
# printed it at its last update: when the lowering changes, the figures
# still say what the JIT does, and the failure says that the C must be
# brought up to date)
hand_ok=0
awk -F, 'NR == FNR { if (FNR > 1) m[$2] = $5; next } { split($0, a, " "); n++; if (m[a[1]] + 0 != a[2] + 0) bad++ }
  END { printf "  %d portfolios x 20000 samples: %s\n", n, bad ? bad " means DIFFER (sim_hand.c is out of date)" : "every mean equal, bit for bit"; exit bad > 0 }' \
  "$tmp/b.csv" "$tmp/h.txt" || hand_ok=1

SQ=bench/squiggle
if [ ! -d "$SQ/node_modules/@quri/squiggle-lang" ] && command -v npm > /dev/null; then
  (cd "$SQ" && npm install --no-audit --no-fund --prefix . @quri/squiggle-lang@0.10.0 > /dev/null 2>&1) || true
fi
"$DRV" compile "$MODEL" > /dev/null                  # warm the cache: compile time is not measured here

for S in 1000 100000; do
  RUNS=$(( S < 10000 ? 3 * ${BASE_RUNS:-3} : ${BASE_RUNS:-3} ))   # a few ms each: more runs
  SI=$(( S < 10000 ? S : 10000 ))                    # the interpreter: fewer samples, per evaluation
  echo "== evaluator, 16 distinct portfolios x $S samples, one core (median ns per evaluation of $RUNS runs)"
  j=$(evals "$DRV" run --engine=jit --block 128 --portfolios 16 --samples "$S" "$MODEL")
  i=$(evals "$DRV" run --engine=interp --block 128 --portfolios 16 --samples "$SI" "$MODEL")
  h=$(evals "$tmp/sim_hand" 16 "$S")
  n=$(evals "$PY" bench/sim_numpy.py 16 "$S")
  q=0
  if [ "$S" = 1000 ] && [ -d "$SQ/node_modules/@quri/squiggle-lang" ]; then R=$RUNS; RUNS=3; q=$(evals node "$SQ/run.mjs" 16 "$S"); RUNS=$R; fi
  awk -v j="$j" -v i="$i" -v h="$h" -v n="$n" -v q="$q" -v si="$SI" 'BEGIN {
    printf "  jit      %10.1f ns\n", j
    printf "  hand C   %10.1f ns   jit is %.2fx its speed (%.2fx its time)\n", h, h / j, j / h
    printf "  interp   %10.1f ns   jit is %.1fx  (%d samples)\n", i, i / j, si
    printf "  numpy    %10.1f ns   jit is %.1fx\n", n, n / j
    if (q > 0) printf "  squiggle %10.1f ns   jit is %.0fx\n", q, q / j
  }'
  echo "== whole command, bscc sim --threads 1, 16 portfolios x $S samples (median seconds of $RUNS runs)"
  cj=$(wall "$BSCC" sim "$MODEL" --portfolios "$tmp/p16.csv" --samples "$S" --threads 1 --engine=jit --format=csv)
  ci=$(wall "$BSCC" sim "$MODEL" --portfolios "$tmp/p16.csv" --samples "$SI" --threads 1 --engine=interp --format=csv)
  awk -v cj="$cj" -v ci="$ci" -v j="$j" -v S="$S" -v SI="$SI" 'BEGIN {
    ej = cj * 1e9 / (16 * S); ei = ci * 1e9 / (16 * SI)
    printf "  --engine=jit    %8.3f s  %8.1f ns/eval  (%.2fx its evaluator)\n", cj, ej, ej / j
    printf "  --engine=interp %8.3f s  %8.1f ns/eval  (%d samples; jit command %.1fx)\n", ci, ei, SI, ei / ej
  }'
  if [ -n "${BSCC_BEFORE:-}" ]; then
    cb=$(wall "$BSCC_BEFORE" sim "$MODEL" --portfolios "$tmp/p16.csv" --samples "$S" --threads 1 --engine=jit --format=csv)
    awk -v cb="$cb" -v cj="$cj" -v j="$j" -v S="$S" 'BEGIN {
      eb = cb * 1e9 / (16 * S)
      printf "  BSCC_BEFORE jit %8.3f s  %8.1f ns/eval  (%.2fx its evaluator; %.2fx this build)\n", cb, eb, eb / j, cb / cj
    }'
  fi
done

echo "== instructions per evaluation (callgrind, 16 portfolios, 6,000 - 2,000 samples)"
ih=$(irs "$tmp/sim_hand" 16 @S@)
ij=$(irs "$DRV" run --engine=jit --block 128 --portfolios 16 --samples @S@ "$MODEL")
ic=$(irs "$BSCC" sim "$MODEL" --portfolios "$tmp/p16.csv" --samples @S@ --threads 1 --engine=jit --format=csv)
awk -v h="$ih" -v j="$ij" -v c="$ic" 'BEGIN {
  printf "  hand C %d, jit evaluator %d (hand/jit %.2f), bscc sim --engine=jit %d (%.2fx its evaluator)\n", h, j, h / j, c, c / j
}'

echo "== sim_hand's instructions: the tile's per-sample work (draws, effects) and its per-portfolio work"
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.hand" "$tmp/sim_hand" 16 6000 > /dev/null 2>&1
callgrind_annotate --inclusive=yes "$tmp/cg.hand" 2>/dev/null | awk '
  /:tile_fill / { n = $1; gsub(",", "", n); fill = n } /:tile_portfolio / { n = $1; gsub(",", "", n); port = n }
  /:rt_sample / { n = $1; gsub(",", "", n); draw = n }
  END { printf "  per sample %.0f (draws %.0f), per portfolio and sample %.0f\n", fill / 6000, draw / 6000, port / 96000 }'

# profile S: where the whole command's instructions go, 16 portfolios x S samples
profile() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.cmd" "$BSCC" sim "$MODEL" --portfolios "$tmp/p16.csv" \
    --samples "$1" --threads 1 --engine=jit --format=csv > /dev/null 2>&1
  callgrind_annotate --inclusive=yes --threshold=100 "$tmp/cg.cmd" 2>/dev/null | awk -v S="$1" '
    function part(re, what) { for (k in f) if (k ~ re) { v = f[k]; break } ; printf "    %-56s %6.1f%%\n", what, 100 * v / tot; v = 0 }
    / PROGRAM TOTALS/ { gsub(",", "", $1); tot = $1 }
    /^ *[0-9,]+ \( *[0-9.]+%\)  / {
      n = $1; gsub(",", "", n)
      for (i = 2; i < NF; i++) if ($i ~ /%\)$/) { fn = $(i + 1); break }
      if (!(fn in f)) f[fn] = n
    }
    END {
      printf "  16 x %d: %.1f M instructions\n", S, tot / 1e6
      part(":bscc_block$", "evaluator (the JIT block, draws included)")
      part("sim_decide.c:sim_eval_ports$", "the engine pass: draws, block, score and objective statistics")
      part("sim.c:select_ks$", "percentiles, one selection pass (select_ks)")
      part("csvio.c:csvio_put_num$", "number printing (csvio_put_num)")
      part("load.c:load_program$", "load: lex, parse, imports")
      part("score_cmd.c:score_open$", "scoring the actuals (score_open)")
      part("lower.c:sim_lower_with$", "lowering (sim_lower_with, reference run included)")
      part("rt.c:rt_dist_quantile$", "exact medians for the reference run (rt_dist_quantile)")
      part("jit.c:jit_compile$", "JIT cache hit (jit_compile)")
      part(":sim_main$", "sim_main, all of the above")
    }'
}
echo "== where bscc sim --engine=jit spends its instructions (callgrind, inclusive; the rest is the dynamic loader)"
profile 1000
profile 100000
exit $hand_ok
