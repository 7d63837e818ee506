score examples/growth.bsc
