score examples/portfolio.bsc --format=csv
