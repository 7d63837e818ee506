score examples/refinery.bsc
