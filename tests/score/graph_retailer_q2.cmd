graph examples/retailer.bsc --as-of 2024-Q2
