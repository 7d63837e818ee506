score examples/city_rates/strategy.bsc --data examples/city_rates/q2.csv
