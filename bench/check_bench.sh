#!/bin/sh
# check_bench.sh BSCC - `bscc check` on generated company files of growing
# size, in one run, reported as times and as ratios to the smallest size
# (machines are shared and noisy: compare ratios, not absolute times).
# Linear growth shows as time ratios close to the size ratios.
set -eu
BSCC=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sizes="12500 25000 50000 100000"
printf '%-12s %-10s %-10s %-10s %-12s\n' objectives KRs MB seconds "time ratio"
base=
for n in $sizes; do
  sh "$(dirname "$0")/gen_company.sh" "$n" > "$T/c$n.bsc"
  mb=$(awk -v b="$(wc -c < "$T/c$n.bsc")" 'BEGIN { printf "%.1f", b / 1048576 }')
  # best of 3 runs
  best=
  for r in 1 2 3; do
    s=$(date +%s.%N)
    "$BSCC" check "$T/c$n.bsc" > "$T/out" 2>&1 || { echo "check failed on $n objectives:"; head -20 "$T/out"; exit 1; }
    e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
    best=$(awk -v a="$t" -v b="${best:-1e9}" 'BEGIN { print (a < b) ? a : b }')
  done
  [ -n "$base" ] || base=$best
  ratio=$(awk -v a="$best" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
  printf '%-12s %-10s %-10s %-10s %-12s\n' "$n" $((n * 4)) "$mb" "$best" "$ratio"
done
