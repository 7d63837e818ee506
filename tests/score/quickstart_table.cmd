score examples/quickstart.bsc
