score examples/city_fiscal/strategy.bsc --data examples/city_fiscal/data.csv --as-of FY2025-Q4
