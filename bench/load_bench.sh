#!/bin/sh
# load_bench.sh BEFORE AFTER [N] [CG_N] - check + load + lower, and loading
# and scoring actuals, of a generated company (bench/gen_company.sh: N
# objectives, 4 N KRs; default 100,000 / 400,000), a build BEFORE a change
# against the build AFTER it, in one run (issue 16, goal 4; bench/README.md,
# "check and load").  BEFORE and AFTER are build directories holding bscc
# and simdrv (`make build/simdrv`).
#   1. instructions (callgrind, which the machine's load does not move) at
#      CG_N objectives (default 10,000): `simdrv compile`'s simload_with
#      (read + parse, check, score, lower: what `bscc sim` does before it
#      simulates), and `bscc score --data` with one actual per KR
#      (score_open and score_eval: read, parse, check, read the CSV, score;
#      not the rendering);
#   2. wall times at N objectives, the two builds alternating, best of 3:
#      simdrv's phases (the JIT cache warm, so its hit is not counted), and
#      the CPU time (user + sys) of `bscc score --data ... --format=csv`.
# Ratios are AFTER / BEFORE.  A benchmark, not a test.
set -eu
B=$1
A=$2
N=${3:-100000}
CG=${4:-10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=$(dirname "$0")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
actuals() {   # one value per KR for 2025-Q1, in the KRs' units
  awk -v n="$1" 'BEGIN { print "period,kr,value"
    for (i = 0; i < n; i++) printf "2025-Q1,k%d_0,15%%\n2025-Q1,k%d_1,50\n2025-Q1,k%d_2,5\n2025-Q1,k%d_3,65\n", i, i, i, i }'
}
echo "load before: $(uptime | sed 's/.*load average/load average/')"
sh "$here/gen_company.sh" "$N" > "$tmp/big.bsc"
sh "$here/gen_company.sh" "$CG" > "$tmp/small.bsc"
actuals "$N" > "$tmp/big.csv"
actuals "$CG" > "$tmp/small.csv"
export BSCC_CACHE_DIR="$tmp/cache"

echo "== instructions (callgrind), $CG objectives / $((4 * CG)) KRs"
cg() {   # cg OUT FUNCTIONS... -- COMMAND: instructions inside FUNCTIONS
  out=$1; shift
  tog=
  while [ "$1" != "--" ]; do tog="$tog --toggle-collect=$1"; shift; done
  shift
  valgrind --tool=callgrind $tog --callgrind-out-file="$out" "$@" > /dev/null 2> "$out.log"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log"
}
"$B/simdrv" compile "$tmp/small.bsc" > /dev/null
"$A/simdrv" compile "$tmp/small.bsc" > /dev/null
printf '%-44s %14s %14s %8s\n' "" before after ratio
b1=$(cg "$tmp/cb1" simload_with -- "$B/simdrv" compile "$tmp/small.bsc")
a1=$(cg "$tmp/ca1" simload_with -- "$A/simdrv" compile "$tmp/small.bsc")
printf '%-44s %14s %14s %8s\n' "check + load + lower (simload_with)" "$b1" "$a1" "$(ratio "$a1" "$b1")"
b2=$(cg "$tmp/cb2" score_open score_eval -- "$B/bscc" score "$tmp/small.bsc" --data "$tmp/small.csv" --format=csv)
a2=$(cg "$tmp/ca2" score_open score_eval -- "$A/bscc" score "$tmp/small.bsc" --data "$tmp/small.csv" --format=csv)
printf '%-44s %14s %14s %8s\n' "score --data, before rendering" "$b2" "$a2" "$(ratio "$a2" "$b2")"
b3=$(cg "$tmp/cb3" score_eval -- "$B/bscc" score "$tmp/small.bsc" --data "$tmp/small.csv" --format=csv)
a3=$(cg "$tmp/ca3" score_eval -- "$A/bscc" score "$tmp/small.bsc" --data "$tmp/small.csv" --format=csv)
printf '%-44s %14s %14s %8s\n' "  of which score_eval (with actuals)" "$b3" "$a3" "$(ratio "$a3" "$b3")"

echo "== wall times, $N objectives / $((4 * N)) KRs (best of 3, alternating)"
"$B/simdrv" compile "$tmp/big.bsc" > /dev/null            # warm the JIT cache
"$A/simdrv" compile "$tmp/big.bsc" > /dev/null
for r in 1 2 3; do
  for w in B A; do
    eval d=\$$w
    "$d/simdrv" compile "$tmp/big.bsc" |
      sed -n "s/.*load+lower \([0-9]*\) ms (parse \([0-9]*\), check \([0-9]*\), score \([0-9]*\), lower \([0-9]*\)).*/$w \1 \2 \3 \4 \5/p" >> "$tmp/phases"
    /usr/bin/time -f "$w %U %S %M" -o "$tmp/t1" "$d/bscc" score "$tmp/big.bsc" --data "$tmp/big.csv" --format=csv > "$tmp/out$w.csv"
    cat "$tmp/t1" >> "$tmp/score"
  done
done
cmp -s "$tmp/outB.csv" "$tmp/outA.csv" && echo "  score output: identical" || echo "  score output: DIFFERS"
best() { awk -v w="$1" -v c="$2" '$1 == w { if (m == "" || $c < m) m = $c } END { print m }' "$3"; }
printf '%-44s %10s %10s %8s\n' "ms (simdrv compile, JIT cache warm)" before after ratio
i=2
for ph in "load + lower" "  read + parse" "  check" "  score" "  lower"; do
  b=$(best B $i "$tmp/phases"); a=$(best A $i "$tmp/phases")
  printf '%-44s %10s %10s %8s\n' "$ph" "$b" "$a" "$(ratio "$a" "$b")"
  i=$((i + 1))
done
cpu() { awk -v w="$1" '$1 == w { s = $2 + $3; if (m == "" || s < m) { m = s; k = $4 } } END { printf "%.2f %d", m, k / 1024 }' "$tmp/score"; }
set -- $(cpu B) $(cpu A)
printf '%-44s %10s %10s %8s\n' "bscc score --data --format=csv: CPU s" "$1" "$3" "$(ratio "$3" "$1")"
printf '%-44s %10s %10s %8s\n' "  its peak memory, MB" "$2" "$4" "$(ratio "$4" "$2")"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
