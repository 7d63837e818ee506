#!/bin/sh
# sim_engines.sh BSCC - `bscc sim` gives the same numbers, to the last bit
# (the JSON prints 17 significant digits), whatever the engine (the
# interpreter or the libgccjit code) and the thread count; and a different
# seed gives different numbers.  The JIT compiles into a private cache.
set -u
BSCC=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export BSCC_CACHE_DIR="$T/cache"
pass=0 fail=0
for f in $(find examples -name '*.bsc' -not -path 'examples/errors/*' -not -path '*/teams/*' | sort); do
  for args in "--budget 100M --samples 300" "--samples 500 --seed 42"; do
    # shellcheck disable=SC2086
    if ! "$BSCC" sim "$f" $args --format=json --engine=interp --threads 1 > "$T/ref.json" 2>"$T/err"; then
      # a model the simulation refuses (docs/simulation.md, "What is not
      # simulated"): both engines must refuse it alike, with exit 1
      if grep -q "does not model yet" "$T/err"; then
        # shellcheck disable=SC2086
        "$BSCC" sim "$f" $args --format=json --engine=jit > /dev/null 2>"$T/err2"; rc=$?
        if [ $rc = 1 ] && cmp -s "$T/err" "$T/err2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $f ($args): the engines refuse it differently"; fi
        continue
      fi
      echo "FAIL: $f ($args): interp: $(head -3 "$T/err")"; fail=$((fail+1)); continue
    fi
    ok=1
    for variant in "--engine=jit --threads 1" "--engine=jit --threads 2" "--engine=interp --threads 3"; do
      # shellcheck disable=SC2086
      "$BSCC" sim "$f" $args --format=json $variant > "$T/out.json" 2>"$T/err"
      if ! cmp -s "$T/ref.json" "$T/out.json"; then
        ok=0; echo "FAIL: $f ($args) differs with $variant"; diff "$T/ref.json" "$T/out.json" | head -6
      fi
    done
    if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
  done
done
# A different seed must change the numbers of a model with uncertainty.
f=examples/smart_hardware/strategy.bsc
"$BSCC" sim $f --samples 200 --seed 1 --format=csv --engine=interp > "$T/a.csv"
"$BSCC" sim $f --samples 200 --seed 2 --format=csv --engine=interp > "$T/b.csv"
if cmp -s "$T/a.csv" "$T/b.csv"; then fail=$((fail+1)); echo "FAIL: seeds 1 and 2 gave the same numbers"; else pass=$((pass+1)); fi
# libgccjit is loaded only to compile a model (compiler/dynlib.h): one
# that cannot be loaded is said once, naming the library, and the run
# falls back to the interpreter with the same numbers; a model already in
# the cache runs on the JIT without it.
f=examples/smart_hardware/strategy.bsc
"$BSCC" sim $f --samples 300 --format=json --engine=interp > "$T/ref.json"
BSCC_CACHE_DIR="$T/cache-nolib" BSCC_TEST_DL_MISSING=libgccjit.so.0 "$BSCC" sim $f --samples 300 --format=json --engine=jit > "$T/out.json" 2> "$T/err"
if [ "$(grep -c 'needs the shared library libgccjit.so.0, which cannot be loaded.*libgccjit0.*using the interpreter' "$T/err")" = 1 ] &&
   cmp -s "$T/ref.json" "$T/out.json"; then pass=$((pass+1))
else fail=$((fail+1)); echo "FAIL: jit without libgccjit"; head -3 "$T/err"; fi
"$BSCC" sim $f --samples 300 --format=json --engine=jit > /dev/null   # in the cache now
BSCC_TEST_DL_MISSING=libgccjit.so.0 "$BSCC" sim $f --samples 300 --format=json --engine=jit --verbose > "$T/out.json" 2> "$T/err"
if grep -q 'engine jit' "$T/err" && ! grep -q 'libgccjit' "$T/err" && cmp -s "$T/ref.json" "$T/out.json"; then pass=$((pass+1))
else fail=$((fail+1)); echo "FAIL: a cache hit needs libgccjit"; head -3 "$T/err"; fi
echo "sim engines: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
