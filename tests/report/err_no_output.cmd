report examples/quickstart.bsc
