#!/bin/sh
# store_bench.sh BSCC [MEASURES] [WEEKS] - the check-in store, on SQLite and
# on a throw-away PostgreSQL server (tests/store/pg.sh):
#
#   1. check-ins per second: one writer making 200 check-ins, then eight
#      writers making 50 each at once (every check-in one `bscc checkin`
#      process, one transaction, committed to disk);
#   2. `bscc score` of a store holding WEEKS weekly check-ins (default 260,
#      five years) of MEASURES key results (default 10,000): 2.6 M rows,
#      loaded as WEEKS batches of MEASURES rows.  A week's check-in
#      corrects its month's value (the cadence is monthly, the finest
#      period), so the scorecard reads the current 60 x MEASURES values;
#      the same values as a CSV file (`--data`) are the comparison.
#
# Prints seconds and ratios, and the load average before and after.  Run
# from the repository root; `make bench-store`.  Takes minutes.
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
M=${2:-10000}
W=${3:-260}
DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$DIR/.." && pwd)
. "$ROOT/tests/store/pg.sh"
T=$(mktemp -d /tmp/bscc_storebench.XXXXXX)
chmod 755 "$T"
trap 'pg_stop; rm -rf "$T"' EXIT
trap 'exit 2' INT TERM
STRAT=$ROOT/examples/checkins/strategy.bsc
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
PG=0
if pg_start; then PG=1; else echo "store_bench: PostgreSQL not started: its figures are left out"; fi

# ---- 1. check-ins per second -----------------------------------------------
rate() {
  store=$1 label=$2
  t0=$(now)
  i=1; while [ $i -le 200 ]; do "$BSCC" checkin "$STRAT" --store "$store" revenue $i --period 2025-Q1 > /dev/null || exit 1; i=$((i+1)); done
  t1=$(now)
  for w in 1 2 3 4 5 6 7 8; do
    (i=1; while [ $i -le 50 ]; do "$BSCC" checkin "$STRAT" --store "$store" margin $i% --period 2025-Q2 --note "w$w" > /dev/null || exit 1; i=$((i+1)); done) &
  done
  wait
  t2=$(now)
  printf '%-10s  1 writer: %6.1f check-ins/s   8 writers: %6.1f check-ins/s\n' "$label" \
    "$(awk -v s="$(secs "$t0" "$t1")" 'BEGIN { print 200 / s }')" "$(awk -v s="$(secs "$t1" "$t2")" 'BEGIN { print 400 / s }')"
}
rate "$T/rate.db" sqlite
[ $PG = 1 ] && rate "$(pg_fresh_db rate)" postgresql

# ---- 2. score of a big store -------------------------------------------------
# M key results in objectives of 5, monthly, five years.
awk -v m=$M 'BEGIN {
  print "strategy \"Big\" {\n  horizon 2025-01 .. 2029-12\n  cadence month\n}"
  for (o = 0; o < m / 5; o++) {
    printf "objective o%d \"Objective %d\" in financial {\n  owner \"owner %d\"\n", o, o, o % 50
    for (k = 0; k < 5; k++) printf "  kr k%d : percent 0%% -> 100%%\n", o * 5 + k
    print "}"
  } }' > "$T/big.bsc"
# week w (0-based) falls in month w*12/52 of the five years
batch() {
  awk -v m=$M -v w="$1" 'BEGIN {
    mo = int(w * 12 / 52); y = 2025 + int(mo / 12); mm = mo % 12 + 1
    print "period,kr,value,confidence"
    for (k = 0; k < m; k++) printf "%d-%02d,k%d,%d%%,%d\n", y, mm, k, (k + w) % 100, (k + w) % 10 + 1 }'
}
load() {
  store=$1 label=$2
  t0=$(now)
  w=0; while [ $w -lt "$W" ]; do batch $w | "$BSCC" checkin "$T/big.bsc" --store "$store" --csv - > /dev/null 2>&1 || { echo "batch $w failed"; exit 1; }; w=$((w+1)); done
  t1=$(now)
  s=$(secs "$t0" "$t1")
  echo "$label: loaded $((M * W)) check-ins in $W batches: $s s ($(awk -v s="$s" -v n=$((M * W)) 'BEGIN { printf "%.0f", n / s }') check-ins/s)"
}
score_time() {   # best of 3, seconds
  best=
  for r in 1 2 3; do
    t0=$(now); "$BSCC" score "$T/big.bsc" "$@" --format=csv > /dev/null 2>&1 || { echo "score $* failed" >&2; return 1; }; t1=$(now)
    s=$(secs "$t0" "$t1")
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$best"
}
load "$T/big.db" sqlite
"$BSCC" checkin --store "$T/big.db" --export csv --current > "$T/current.csv"
echo "current values: $(($(wc -l < "$T/current.csv") - 1)) rows; store $(du -m "$T/big.db" | cut -f1) MB, CSV $(du -m "$T/current.csv" | cut -f1) MB"
csv=$(score_time --data "$T/current.csv")
sq=$(score_time --store "$T/big.db")
echo "score --data CSV:       $csv s   1.00"
echo "score --store sqlite:   $sq s   $(awk -v a="$sq" -v b="$csv" 'BEGIN { printf "%.2f", a / b }')"
if [ $PG = 1 ]; then
  pgs=$(pg_fresh_db big)
  load "$pgs" postgresql
  pg=$(score_time --store "$pgs")
  echo "score --store postgresql: $pg s   $(awk -v a="$pg" -v b="$csv" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
