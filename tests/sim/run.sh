#!/bin/sh
# run.sh SIMDRV - the differential tests of the simulation engines
# (make sim-diff): interp_block vs the libgccjit code, bit for bit, on
# every example (both code generation modes) at its default decision
# period and at several others (with and without --hold-unforecast), and
# on random models (tests/sim/genmodel.h; SIM_FUZZ_COUNT of them, 300 by
# default, each with its own actuals and decision period).
set -eu
DRV=${1:-build/simdrv}
COUNT=${SIM_FUZZ_COUNT:-300}
SEED=${SIM_FUZZ_SEED:-1}
$DRV diff --samples 300 examples/*.bsc examples/smart_hardware/strategy.bsc
for q in Q1 Q2 Q3 Q4; do
  $DRV diff --samples 200 --as-of 2024-$q examples/retailer.bsc
  $DRV diff --samples 200 --as-of 2025-$q examples/smart_hardware/strategy.bsc examples/quickstart.bsc examples/city.bsc
done
$DRV diff --samples 200 --as-of 2024-Q2 --hold-unforecast examples/retailer.bsc
$DRV diff --samples 200 --as-of 2025-Q1 --hold-unforecast examples/smart_hardware/strategy.bsc
for m in 01 03 06 11 12; do $DRV diff --samples 200 --as-of 2016-$m examples/toymaker.bsc; done
$DRV fuzz "$SEED" "$COUNT" --samples 64
