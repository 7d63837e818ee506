#!/bin/sh
# bigmodel_bench.sh [BUILD] - big models (issue 16, goal 4), in one run:
#   1. the JIT's cold compile and its cache hit (the time inside jit_compile)
#      on companies of 1,000, 10,000 and 100,000 KRs, every KR forecast, with
#      initiatives (`simdrv company N 1`, the looped code): a fresh cache, one
#      cold compile, then BIG_HITS hits, the best reported;
#   2. `bscc check`, then read + parse, check, score and lower (simdrv's
#      phases) of 100,000 objectives / 400,000 KRs (bench/gen_company.sh).
# A benchmark, not a test: nothing here fails on a time.  The machine's load
# is printed before and after (`uptime`): on a shared machine compare
# ratios, and instruction counts (callgrind) over wall times.
set -eu
BUILD=${1:-build}
BSCC=$BUILD/bscc
DRV=$BUILD/simdrv
HITS=${BIG_HITS:-5}
SIZES=${BIG_SIZES:-250 2500 25000}
CHECK_N=${BIG_CHECK_OBJECTIVES:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ms() { sed -n "s/.* $1 \([0-9.]*\) ms.*/\1/p"; }
best() { sort -n | head -n 1; }

echo "load before: $(uptime | sed 's/.*load average/load average/')"
echo "== JIT: cold compile and cache hit (time inside jit_compile, ms)"
printf '%8s %12s %10s %10s %14s %8s\n' KRs "entry MB" "cold" "gcc" "hit (best)" "hits"
for n in $SIZES; do
  "$DRV" company "$n" 1 > "$tmp/c.bsc"
  export BSCC_CACHE_DIR="$tmp/cache$n"
  cold=$("$DRV" compile "$tmp/c.bsc")
  ct=$(echo "$cold" | ms total)
  cg=$(echo "$cold" | ms gcc)
  : > "$tmp/hits"
  i=0
  while [ $i -lt "$HITS" ]; do
    "$DRV" compile "$tmp/c.bsc" | grep 'cache hit' | ms total >> "$tmp/hits" || true
    i=$((i + 1))
  done
  mb=$(ls -l "$BSCC_CACHE_DIR"/*.so | awk '{ s += $5 } END { printf "%.1f", s / 1048576 }')
  printf '%8d %12s %10s %10s %14s %8d\n' $((4 * n)) "$mb" "$ct" "$cg" "$(best < "$tmp/hits")" "$(wc -l < "$tmp/hits")"
done

echo "== check, load and lower: $CHECK_N objectives, $((4 * CHECK_N)) KRs (bench/gen_company.sh)"
sh "$(dirname "$0")/gen_company.sh" "$CHECK_N" > "$tmp/g.bsc"
: > "$tmp/chk"
for r in 1 2 3; do
  s=$(date +%s.%N)
  "$BSCC" check "$tmp/g.bsc" > /dev/null
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.0f\n", (e - s) * 1000 }' >> "$tmp/chk"
done
echo "  bscc check (the whole command, best of 3): $(best < "$tmp/chk") ms"
export BSCC_CACHE_DIR="$tmp/cacheg"
"$DRV" compile "$tmp/g.bsc" > /dev/null                  # warm the cache
for r in 1 2 3; do
  "$DRV" compile "$tmp/g.bsc" | sed 's/^[^|]*| \(load+lower[^|]*\)|.*total \([0-9.]*\) ms.*/  \1| JIT hit \2 ms/'
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
