graph examples/portfolio.bsc
