score examples/portfolio.bsc --format=json
