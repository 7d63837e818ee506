score examples/retailer.bsc --as-of 2024-Q2 --fail-on=red
