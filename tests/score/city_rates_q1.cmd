score examples/city_rates/strategy.bsc --as-of 2025-Q1
