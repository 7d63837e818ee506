#!/bin/sh
# bigmodel_bench.sh [BUILD] - big models (issue 16, goal 4), in one run:
#   1. the JIT's cold compile (the time inside jit_compile, a fresh cache
#      each time) on the smart-hardware example and on companies of 12,
#      1,000, 10,000 and 100,000 KRs, every KR forecast, with initiatives
#      (`simdrv company N 1`: the specialised code up to ~100 KRs, the
#      looped code above): the median of BIG_COLD runs of its wall time
#      and of its CPU time (user + system of the process and its children,
#      the compiler's child included, minus the same of a cache hit of the
#      same model, which leaves the compile's own CPU); with
#      BSCC_BEFORE=DIR (a build directory holding an older simdrv) the same
#      for that binary first, and the ratios;
#   2. the cache hit (best of BIG_HITS hits);
#   3. `bscc check`, then read + parse, check, score and lower (simdrv's
#      phases) of 100,000 objectives / 400,000 KRs (bench/gen_company.sh).
# A benchmark, not a test: nothing here fails on a time.  The machine's load
# is printed before and after (`uptime`): on a shared machine compare
# ratios, CPU times and instruction counts (callgrind) over wall times.
set -eu
BUILD=${1:-build}
BSCC=$BUILD/bscc
DRV=$BUILD/simdrv
HITS=${BIG_HITS:-5}
COLD=${BIG_COLD:-3}
SIZES=${BIG_SIZES:-3 250 2500 25000}
CHECK_N=${BIG_CHECK_OBJECTIVES:-100000}
BEFORE=${BSCC_BEFORE:-}
EXAMPLE=examples/smart_hardware/strategy.bsc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ms() { sed -n "s/.* $1 \([0-9.]*\) ms.*/\1/p"; }
best() { sort -n | head -n 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# cpu CMD...: user + system ms of CMD and its children, its stdout to $tmp/out
cpu() {
  /usr/bin/time -f 'cpu %U %S' -o "$tmp/time" "$@" > "$tmp/out"
  awk '/^cpu/ { printf "%.0f\n", ($2 + $3) * 1000 }' "$tmp/time"
}
# cold DRV MODEL: "wall-ms cpu-ms mode" of a cold compile, medians of $COLD runs
cold() {
  : > "$tmp/w"; : > "$tmp/c"
  export BSCC_CACHE_DIR="$tmp/cc"
  i=0
  while [ $i -lt "$COLD" ]; do
    rm -rf "$tmp/cc"
    c1=$(cpu "$1" compile "$2")
    ms total < "$tmp/out" >> "$tmp/w"
    mode=$(sed -n 's/.*| \(specialised\|looped\) .*/\1/p' "$tmp/out")
    c2=$(cpu "$1" compile "$2")                  # the hit: load + lower + the hit's check
    echo "$c1 $c2" | awk '{ print $1 - $2 }' >> "$tmp/c"
    i=$((i + 1))
  done
  echo "$(median < "$tmp/w") $(median < "$tmp/c") $mode"
}

echo "load before: $(uptime | sed 's/.*load average/load average/')"
echo "== JIT cold compile (inside jit_compile; medians of $COLD runs; CPU = cold minus hit, children included)"
"$DRV" company 3 1 > /dev/null                       # the binary runs
if [ -n "$BEFORE" ]; then
  printf '%-16s %-12s %10s %10s %-12s %10s %10s %8s %8s\n' model "mode before" "wall ms" "CPU ms" "mode after" "wall ms" "CPU ms" "wall a/b" "CPU a/b"
else
  printf '%-16s %-12s %10s %10s\n' model mode "wall ms" "CPU ms"
fi
for n in example $SIZES; do
  if [ "$n" = example ]; then m=$EXAMPLE; name=smart_hardware
  else "$DRV" company "$n" 1 > "$tmp/c$n.bsc"; m="$tmp/c$n.bsc"; name="$((4 * n)) KRs"; fi
  a=$(cold "$DRV" "$m")
  if [ -n "$BEFORE" ]; then
    b=$(cold "$BEFORE/simdrv" "$m")
    echo "$name|$b|$a" | awk -F'|' '{ split($2, b, " "); split($3, a, " ")
      printf "%-16s %-12s %10.1f %10.0f %-12s %10.1f %10.0f %8.2f %8.2f\n", $1, b[3], b[1], b[2], a[3], a[1], a[2],
             a[1] / b[1], (b[2] > 0 ? a[2] / b[2] : 0) }'
  else
    echo "$name|$a" | awk -F'|' '{ split($2, a, " "); printf "%-16s %-12s %10.1f %10.0f\n", $1, a[3], a[1], a[2] }'
  fi
done
echo "load after the cold compiles: $(uptime | sed 's/.*load average/load average/')"

echo "== JIT cache hit (time inside jit_compile, ms; best of $HITS)"
printf '%8s %12s %14s %8s\n' KRs "entry MB" "hit (best)" "hits"
for n in $SIZES; do
  [ "$n" -ge 250 ] || continue
  export BSCC_CACHE_DIR="$tmp/cache$n"
  "$DRV" compile "$tmp/c$n.bsc" > /dev/null
  : > "$tmp/hits"
  i=0
  while [ $i -lt "$HITS" ]; do
    "$DRV" compile "$tmp/c$n.bsc" | grep 'cache hit' | ms total >> "$tmp/hits" || true
    i=$((i + 1))
  done
  mb=$(ls -l "$BSCC_CACHE_DIR"/*.so | awk '{ s += $5 } END { printf "%.1f", s / 1048576 }')
  printf '%8d %12s %14s %8d\n' $((4 * n)) "$mb" "$(best < "$tmp/hits")" "$(wc -l < "$tmp/hits")"
done

[ "$CHECK_N" -gt 0 ] || { echo "load after: $(uptime | sed 's/.*load average/load average/')"; exit 0; }
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
