score examples/okr_close/strategy.bsc --as-of 2025-Q1
