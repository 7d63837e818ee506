graph examples/quickstart.bsc
