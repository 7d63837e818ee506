score examples/city_fiscal/strategy.bsc --data examples/city_fiscal/data.csv --as-of 2025-Q2
