score examples/refinery.bsc --as-of 2025-Q1
