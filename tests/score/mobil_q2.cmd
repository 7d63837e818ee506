score examples/mobil.bsc
