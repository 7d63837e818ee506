#!/bin/sh
# run.sh SIMDRV - the differential tests of the simulation engines
# (make sim-diff): interp_block vs the libgccjit code, bit for bit, on
# every example (both code generation modes) and on random models
# (tests/sim/genmodel.h; SIM_FUZZ_COUNT of them, 300 by default).
set -eu
DRV=${1:-build/simdrv}
COUNT=${SIM_FUZZ_COUNT:-300}
SEED=${SIM_FUZZ_SEED:-1}
$DRV diff --samples 300 examples/*.bsc examples/smart_hardware/strategy.bsc
$DRV fuzz "$SEED" "$COUNT" --samples 64
