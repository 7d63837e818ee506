graph examples/city_measures/strategy.bsc --data examples/city_measures/2026.csv
