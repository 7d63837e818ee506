score examples/portfolio.bsc
