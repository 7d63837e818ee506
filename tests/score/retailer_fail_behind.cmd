score examples/retailer.bsc --data examples/data/retailer.csv --fail-on=behind
