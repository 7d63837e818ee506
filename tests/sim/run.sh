#!/bin/sh
# run.sh SIMDRV - the differential tests of the simulation engines
# (make sim-diff): interp_block vs the libgccjit code, bit for bit, on
# every example (both code generation modes) at its default decision
# period and at several others (with and without --hold-unforecast; the
# examples with phased plans, frequencies and own periods at each), and
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
# time in the plan table: phased and step plans, a yearly survey, own periods
for q in 2025-Q1 2025-Q2 2025-Q3 2025-Q4 2026-Q1 2026-Q2; do
  $DRV diff --samples 200 --as-of $q examples/phased_sim.bsc examples/survey_quarterly.bsc
done
for q in Q1 Q2 Q3 Q4; do $DRV diff --samples 200 --as-of 2024-$q examples/dual_loop.bsc; done
for q in Q1 Q2 Q3 Q4; do $DRV diff --samples 200 --as-of 2025-$q examples/refinery.bsc; done
# scored KPIs and scoring modes (the segment table)
for q in Q1 Q2 Q3 Q4; do $DRV diff --samples 200 --as-of 2025-$q examples/mobil.bsc examples/kpi_sim.bsc; done
# rates and per-capita units, minutes checked in as seconds
for q in Q1 Q2 Q3 Q4; do $DRV diff --samples 200 --as-of 2025-$q examples/city_rates/strategy.bsc; done
# prev and pow over the history, maintained bands, themes' nodes (docs/simulation.md §3.5, §3.6)
for q in 2025-Q1 2025-Q2 2025-Q3 2025-Q4 2026-Q1 2026-Q2; do $DRV diff --samples 200 --as-of $q examples/growth.bsc; done
for y in 2025 2026 2027; do $DRV diff --samples 200 --as-of $y examples/city_measures/strategy.bsc; done
for q in Q1 Q2 Q3 Q4; do $DRV diff --samples 200 --as-of 2025-$q examples/airline/stations.bsc; done
$DRV fuzz "$SEED" "$COUNT" --samples 64
