#!/bin/sh
# run.sh BUILD - bscc-mpi against the single-process bscc (make mpi-test,
# docs/cluster.md): `mpirun --oversubscribe -n 1, 2, 4` on the examples and
# on generated models, exhaustive, search and batch, every output format,
# byte for byte; the JIT from one shared cache; a rank that fails before
# the run or is killed during it gives a clear failure naming the rank and
# no output file.
set -eu
B=${1:-build}
BSCC=$B/bscc MPI=$B/bscc-mpi DRV=$B/simdrv
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# CI runs as root; Open MPI refuses root unless told
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# one machine: shared memory only (MPI_Init is quicker without probing
# the network transports)
export OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader
# Under the sanitizer builds (make test-asan), LeakSanitizer would report
# what Open MPI's plugins keep until exit, from modules already unloaded
# (no name to suppress): the ranks run without leak checking, every other
# check on; the single-process runs keep it.
run_mpi() {
  n=$1; shift
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout 120 mpirun --oversubscribe -n "$n" "$MPI" sim "$@"
}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "mpi-test: FAIL: $*" >&2; fail=$((fail + 1)); }

# one case: the single-process outputs, then n = 1, 2 and 4 (twice)
# compared byte for byte, the formats in turn so that every case has all
# three and every n meets every format within three cases
k=0
fmt() { echo table json csv | cut -d' ' -f$(( (k + $1) % 3 + 1 )); }
same() {
  k=$((k + 1))
  for f in table json csv; do $BSCC sim "$@" --format=$f > "$T/one.$f"; done
  for run in "1 $(fmt 0)" "2 $(fmt 1)" "4 $(fmt 2)" "4 $(fmt 0)"; do
    n=${run% *} f=${run#* }
    if run_mpi "$n" "$@" --format=$f -o "$T/mpi.$f" 2> "$T/err" && cmp -s "$T/one.$f" "$T/mpi.$f"; then ok
    else bad "-n $n $* --format=$f differs from bscc sim (or failed)"; cat "$T/err" >&2; fi
  done
}

E=examples
same $E/smart_hardware/strategy.bsc --budget 3M                          # exhaustive, 15
same $E/smart_hardware/strategy.bsc --portfolios $E/data/smart_hardware_portfolios.csv --samples 3000 --seed 7   # few: sample blocks
same $E/retailer.bsc --samples 500
same $E/toymaker.bsc --samples 700 --seed 3
# generated models: a search over 24 more initiatives, and an exhaustive
# run over 1,000 portfolios of very different cost
sh tests/mpi/genport.sh "$DRV" 2 24 > "$T/g2.bsc"
sh tests/mpi/genport.sh "$DRV" 5 24 > "$T/g5.bsc"
sh tests/mpi/genport.sh "$DRV" 8 9 > "$T/g8.bsc"
same "$T/g2.bsc" --budget 2M --samples 300
same "$T/g5.bsc" --budget 1.5M --samples 200 --seed 9
same "$T/g8.bsc" --budget 100M --samples 100
# 16,384 portfolios: jobs and results too large for MPI to buffer (a
# deadlock of two blocking sends, once)
sh tests/mpi/genport.sh "$DRV" 8 13 > "$T/g8c.bsc"
$BSCC sim "$T/g8c.bsc" --budget 100M --samples 10 --format=csv > "$T/one.csv"
if run_mpi 2 "$T/g8c.bsc" --budget 100M --samples 10 --format=csv -o "$T/mpi.csv" 2> "$T/err" && cmp -s "$T/one.csv" "$T/mpi.csv"; then ok
else bad "-n 2 on 16,384 portfolios"; cat "$T/err" >&2; fi
$BSCC sim "$T/g2.bsc" --budget 2M --samples 300 --format=json | grep -q '"method": "search"' && ok || bad "g2 is not a search"

# the compiled engine, from one cache shared by the ranks: one entry
for f in json csv; do $BSCC sim $E/city.bsc --engine=jit --no-cache --samples 2000 --format=$f > "$T/one.$f"; done
if run_mpi 4 $E/city.bsc --engine=jit --cache-dir "$T/cache" --samples 2000 --format=json -o "$T/mpi.json" 2> "$T/err" &&
   cmp -s "$T/one.json" "$T/mpi.json" && [ "$(ls "$T/cache" | grep -c '\.so$')" = 1 ]; then ok
else bad "-n 4 --engine=jit with a shared cache"; cat "$T/err" >&2; fi
if run_mpi 2 $E/city.bsc --engine=jit --cache-dir "$T/cache" --samples 2000 --format=csv -o "$T/mpi.csv" 2> "$T/err" &&
   cmp -s "$T/one.csv" "$T/mpi.csv"; then ok
else bad "-n 2 --engine=jit from the cache"; cat "$T/err" >&2; fi

# failures: no output file (an old one stays as it was), the rank named
fails() {   # fails WHO PATTERN N ARGS...: BSC_TEST_MPI_FAIL=WHO
  who=$1 pat=$2 n=$3; shift 3
  echo old > "$T/out"
  if BSC_TEST_MPI_FAIL=$who run_mpi "$n" "$@" -o "$T/out" > "$T/stdout" 2> "$T/err"; then bad "BSC_TEST_MPI_FAIL=$who: exit 0"
  elif ! grep -q "$pat" "$T/err"; then bad "BSC_TEST_MPI_FAIL=$who: no \`$pat\` in the messages"; cat "$T/err" >&2
  elif [ "$(cat "$T/out")" != old ] || ls "$T" | grep -q '^out\.tmp' || [ -s "$T/stdout" ]; then bad "BSC_TEST_MPI_FAIL=$who: output written"
  else ok; fi
}
fails 1:3 'process rank 1 .*exited on signal 9' 2 $E/smart_hardware/strategy.bsc --budget 3M
fails 0:2 'process rank 0 .*exited on signal 9' 4 "$T/g2.bsc" --budget 2M --samples 300
fails 3:1 'process rank 3 .*exited on signal 9' 4 $E/smart_hardware/strategy.bsc --portfolios $E/data/smart_hardware_portfolios.csv --samples 3000
fails 2:load 'rank 2 of 4 failed before the run' 4 $E/retailer.bsc
grep -q '^\[rank 2\] bscc sim: cannot read' "$T/err" && ok || bad "rank 2's own message is not shown"
# the same error on every rank: said once, by rank 0, as bscc says it
$BSCC sim $E/errors/E010_undefined_name.bsc > /dev/null 2> "$T/one.err" || true
if run_mpi 4 $E/errors/E010_undefined_name.bsc > /dev/null 2> "$T/err"; then bad "an error file: exit 0"
elif ! grep -qxFf "$T/one.err" "$T/err" || [ "$(grep -c 'error\[' "$T/err")" != "$(grep -c 'error\[' "$T/one.err")" ]; then
  bad "an error file: not said once as bscc says it"; cat "$T/err" >&2
else ok; fi

echo "mpi-test: $pass passed, $fail failed"
[ "$fail" = 0 ]
