score examples/city_measures/strategy.bsc --as-of 2025
