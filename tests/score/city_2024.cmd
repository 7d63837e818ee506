score examples/city/strategy.bsc --data examples/city/quarters.csv
