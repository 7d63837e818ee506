score examples/retailer.bsc --data examples/data/retailer.csv --format=csv
