score examples/fusion/toys.bsc --as-of 2025-Q2
