score examples/okr_close/strategy.bsc --data examples/okr_close/late.csv --as-of 2025-Q1 --format=json
