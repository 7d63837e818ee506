score examples/dual_loop.bsc --as-of 2024-Q3 --format=json
