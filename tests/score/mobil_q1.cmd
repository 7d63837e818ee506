score examples/mobil.bsc --as-of 2025-Q1
