score examples/airline/strategy.bsc --as-of 2025
