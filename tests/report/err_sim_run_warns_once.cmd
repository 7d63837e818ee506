report examples/okr_close/strategy.bsc --data examples/okr_close/late.csv --as-of 2025-Q1 --sim-run --samples 50 --seed 7 --threads 1 -o /dev/null
