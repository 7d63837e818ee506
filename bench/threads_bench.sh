#!/bin/sh
# threads_bench.sh [BUILD] - `bscc sim --threads 1` against `--threads 2`
# in one run (issue 16, goal 5; bench/README.md, "Threads"):
#   1. the outputs byte for byte equal (CSV and JSON);
#   2. wall time, the two thread counts alternating run after run (so that
#      a change of the machine's load hits both alike), median of
#      THREAD_RUNS runs (default 9) each, and their ratio; the CPU seconds
#      (user + system) of the runs, which say whether the second thread
#      had a core: a speed-up needs CPU 2 threads ~ CPU 1 thread and wall
#      halved; the load average before and after;
#   3. (THREAD_CALLGRIND=0: skipped) callgrind's total instructions over all threads for 1, 2 and 3
#      threads: equal totals mean that threads add no work, only split it
#      (the busiest thread's share bounds the speed-up: --separate-threads).
# Workloads: the smart-hardware example's 16 distinct portfolios x 100,000
# samples (the realistic batch: one chunk, whose sample blocks the threads
# share) and 4,096 x 1,000 (64 chunks, whole chunks per thread).
# With BSCC_BEFORE=BINARY (an earlier build), that binary's runs alternate
# with these (same workloads, same medians), its outputs must be byte for
# byte this build's, and the ratios before / after are printed.
# A benchmark: nothing fails on a time; it fails if the outputs differ.
set -eu
BUILD=${1:-build}
BSCC=$BUILD/bscc
MODEL=examples/smart_hardware/strategy.bsc
RUNS=${THREAD_RUNS:-9}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BSCC_CACHE_DIR="$tmp/cache"
. "$(dirname "$0")/ports.sh"
ports 16 > "$tmp/p16.csv"
ports 4096 > "$tmp/p4096.csv"

now() { date +%s.%N; }
# cpu: the user + system seconds of this shell's children so far (times
# runs in this shell, not a subshell, whose counts would start at zero)
cpu() { times > "$tmp/times"; awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$tmp/times"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores ($(date -u '+%Y-%m-%d %H:%M UTC'))"
for w in "p16.csv 100000" "p4096.csv 1000"; do
  set -- $w
  P=$1 S=$2
  # run THREADS FORMAT [BINARY]
  run() { "${3:-$BSCC}" sim "$MODEL" --portfolios "$tmp/$P" --samples "$S" --engine=jit --threads "$1" --format="$2"; }
  run 1 csv > "$tmp/t1.csv"                         # also warms the JIT cache
  run 2 csv > "$tmp/t2.csv"
  run 1 json > "$tmp/t1.json"
  run 2 json > "$tmp/t2.json"
  if cmp -s "$tmp/t1.csv" "$tmp/t2.csv" && cmp -s "$tmp/t1.json" "$tmp/t2.json"; then same="byte for byte equal"
  else echo "FAIL: --threads 1 and 2 differ ($P x $S)"; exit 1; fi
  bins=new
  if [ -n "${BSCC_BEFORE:-}" ]; then
    bins="new before"
    run 1 csv "$BSCC_BEFORE" > "$tmp/b1.csv"; run 2 json "$BSCC_BEFORE" > "$tmp/b2.json"
    if ! cmp -s "$tmp/t1.csv" "$tmp/b1.csv" || ! cmp -s "$tmp/t2.json" "$tmp/b2.json"; then
      echo "FAIL: this build and BSCC_BEFORE differ ($P x $S)"; exit 1
    fi
    same="$same, and equal to BSCC_BEFORE's"
  fi
  for b in $bins; do : > "$tmp/w1.$b"; : > "$tmp/w2.$b"; echo 0 > "$tmp/c1.$b"; echo 0 > "$tmp/c2.$b"; done
  i=0
  while [ $i -lt "$RUNS" ]; do
    for b in $bins; do
      bin=$BSCC; [ $b = before ] && bin=$BSCC_BEFORE
      for t in 1 2; do
        cpu > "$tmp/c0"; t0=$(now)
        run $t csv "$bin" > /dev/null
        t1=$(now); cpu > "$tmp/cx"; c0=$(cat "$tmp/c0"); cx=$(cat "$tmp/cx")
        echo "$t1 - $t0" | bc -l >> "$tmp/w$t.$b"
        echo "$(cat "$tmp/c$t.$b") + $cx - $c0" | bc -l > "$tmp/c$t.$b.n"; mv "$tmp/c$t.$b.n" "$tmp/c$t.$b"
      done
    done
    i=$((i + 1))
  done
  printf '%s portfolios x %s samples (outputs %s), median of %s:\n' "$(($(wc -l < "$tmp/$P") - 1))" "$S" "$same" "$RUNS"
  for b in $bins; do
    m1=$(median < "$tmp/w1.$b"); m2=$(median < "$tmp/w2.$b")
    [ $b = new ] && n1=$m1 n2=$m2
    [ $b = before ] && echo "  BSCC_BEFORE:"
    printf '  --threads 1  %.3f s wall  %.3f s CPU a run\n' "$m1" "$(echo "$(cat "$tmp/c1.$b") / $RUNS" | bc -l)"
    printf '  --threads 2  %.3f s wall  %.3f s CPU a run\n' "$m2" "$(echo "$(cat "$tmp/c2.$b") / $RUNS" | bc -l)"
    printf '  speed-up (wall, 1 thread / 2 threads): %.2fx\n' "$(echo "$m1 / $m2" | bc -l)"
    [ $b = before ] && printf '  before / this build (wall): %.2fx with 1 thread, %.2fx with 2\n' \
      "$(echo "$m1 / $n1" | bc -l)" "$(echo "$m2 / $n2" | bc -l)"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${THREAD_CALLGRIND:-1}" = 1 ] && command -v valgrind > /dev/null 2>&1; then
  # 20,000 samples: the split of the work is that of 100,000 (one chunk,
  # blocks of 128 samples shared), at a fifth of valgrind's time
  echo "== callgrind: instructions over all threads, 16 x 20,000 (--engine=jit, warm cache)"
  for t in 1 2 3; do
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$tmp/cg.$t" \
      "$BSCC" sim "$MODEL" --portfolios "$tmp/p16.csv" --samples 20000 --engine=jit --threads $t --format=csv \
      > /dev/null 2> "$tmp/cg.$t.err"
    # one file per thread: the total, and the busiest thread's share
    for f in "$tmp"/cg.$t-*; do awk '/^summary:/ { print $2 }' "$f"; done > "$tmp/per.$t"
    tot=$(awk '{ s += $1 } END { print s }' "$tmp/per.$t")
    max=$(sort -g "$tmp/per.$t" | tail -1)
    [ $t = 1 ] && tot1=$tot
    printf '  --threads %s  %6.1f M instructions in all (%.4f of 1 thread'"'"'s), busiest thread %6.1f M: bound %.2fx\n' \
      $t "$(echo "$tot / 1000000" | bc -l)" "$(echo "$tot / $tot1" | bc -l)" "$(echo "$max / 1000000" | bc -l)" \
      "$(echo "$tot1 / $max" | bc -l)"
  done
fi
