score examples/dual_loop.bsc --format=csv
