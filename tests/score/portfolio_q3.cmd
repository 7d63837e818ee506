score examples/portfolio.bsc --as-of 2025-Q3
